import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Role } from '../../access/role.enum';

@InputType()
export class RegisterWorkerInput {
  @Field({ description: "Mainland mobile number; it is the worker's username." })
  @IsString()
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be a mainland mobile number (11 digits, 1[3-9]…)' })
  phone: string;

  @Field()
  @IsString()
  @MaxLength(128)
  password: string;

  @Field()
  @IsString()
  @Length(2, 30, { message: 'realName must be 2 to 30 characters' })
  realName: string;

  @Field({ description: '18 characters, checksum verified (GB 11643).' })
  @IsString()
  @Length(18, 18, { message: 'idCardNumber must be 18 characters' })
  idCardNumber: string;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{2,63}$/i, {
    message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores, starting with a letter',
  })
  username: string;

  @Field()
  @IsString()
  @MaxLength(128)
  password: string;

  @Field()
  @IsString()
  @Length(1, 50, { message: 'displayName must be 1 to 50 characters' })
  displayName: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field()
  @IsString()
  @Matches(/^\d{2,12}$/, { message: 'unitCode must be a division code' })
  unitCode: string;
}
