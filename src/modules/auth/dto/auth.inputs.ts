import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Role } from '../../access/role.enum';

@InputType({ description: '农民工注册信息: a worker\'s sign-up; phone and ID number are stored encrypted.' })
export class RegisterWorkerInput {
  @Field({ description: "Mainland mobile number; it is the worker's username." })
  @IsString()
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be a mainland mobile number (11 digits, 1[3-9]…)' })
  phone: string;

  @Field({ description: '密码: 8 to 128 characters with at least 3 of: upper case, lower case, digit, symbol.' })
  @IsString()
  @MaxLength(128)
  password: string;

  @Field({ description: '真实姓名: 2 to 30 characters; shown to staff masked (张*).' })
  @IsString()
  @Length(2, 30, { message: 'realName must be 2 to 30 characters' })
  realName: string;

  @Field({ description: '18 characters, checksum verified (GB 11643).' })
  @IsString()
  @Length(18, 18, { message: 'idCardNumber must be 18 characters' })
  idCardNumber: string;
}

@InputType({ description: '新建工作人员账户 (createUser, ADMIN within its own subtree).' })
export class CreateUserInput {
  @Field({ description: '用户名: 3 to 64 letters, digits, dots, dashes or underscores, starting with a letter; unique, case-insensitive.' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{2,63}$/i, {
    message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores, starting with a letter',
  })
  username: string;

  @Field({ description: '密码: 8 to 128 characters with at least 3 of: upper case, lower case, digit, symbol.' })
  @IsString()
  @MaxLength(128)
  password: string;

  @Field({ description: '姓名（显示名）: 1 to 50 characters.' })
  @IsString()
  @Length(1, 50, { message: 'displayName must be 1 to 50 characters' })
  displayName: string;

  @Field(() => Role, { description: '角色: one the unit\'s level allows (assignableRoles): GRID_ASSISTANT at a GRID; INSPECTOR, SQUAD_LEADER at a TOWNSHIP or COUNTY; SUPERVISOR, ADMIN at a COUNTY, CITY or PROVINCE; never WORKER.' })
  @IsEnum(Role)
  role: Role;

  @Field({ description: '所属单位代码: a unit in the caller\'s subtree (FORBIDDEN outside it).' })
  @IsString()
  @Matches(/^\d{2,12}$/, { message: 'unitCode must be a division code' })
  unitCode: string;
}
