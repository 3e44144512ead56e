import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

@InputType()
export class RegisterEmployerInput {
  @Field()
  @IsString()
  @Length(2, 100, { message: 'name must be 2 to 100 characters' })
  name: string;

  @Field()
  @IsString()
  @Length(18, 18, { message: 'creditCode must be 18 characters' })
  creditCode: string;

  @Field()
  @Matches(/^\d{2,12}$/, { message: 'registeredUnitCode must be a division code' })
  registeredUnitCode: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'gridCode must be a 12-digit GRID code' })
  gridCode?: string | null;
}

@InputType()
export class RecordInspectionInput {
  @Field(() => ID)
  @IsString()
  employerId: string;

  @Field()
  @IsString()
  @Length(2, 5000, { message: 'findings must be 2 to 5000 characters' })
  findings: string;

  @Field()
  @IsBoolean()
  violationFound: boolean;
}
