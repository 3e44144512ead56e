import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

@InputType({ description: '登记用人单位 (两网化: the employer register of a unit and a grid).' })
export class RegisterEmployerInput {
  @Field({ description: '名称: 2 to 100 characters.' })
  @IsString()
  @Length(2, 100, { message: 'name must be 2 to 100 characters' })
  name: string;

  @Field({ description: '统一社会信用代码: 18 characters, check character verified (GB 32100); unique: CONFLICT when already on a register.' })
  @IsString()
  @Length(18, 18, { message: 'creditCode must be 18 characters' })
  creditCode: string;

  @Field({ description: '注册地单位代码: an existing unit in the caller\'s subtree (a grid assistant: its grid or the grid\'s township).' })
  @Matches(/^\d{2,12}$/, { message: 'registeredUnitCode must be a division code' })
  registeredUnitCode: string;

  @Field(() => String, { nullable: true, description: '网格代码: a GRID (12 digits) inside the registered unit\'s township or subtree; a grid assistant\'s own grid by default.' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'gridCode must be a 12-digit GRID code' })
  gridCode?: string | null;
}

@InputType({ description: '巡查记录 to record on an employer that is in a grid.' })
export class RecordInspectionInput {
  @Field(() => ID, { description: '用人单位编号: an employer the caller may see, already assigned to a grid.' })
  @IsString()
  employerId: string;

  @Field({ description: '巡查情况: 2 to 5000 characters.' })
  @IsString()
  @Length(2, 5000, { message: 'findings must be 2 to 5000 characters' })
  findings: string;

  @Field({ description: '是否发现违法: true raises the employer\'s warning to at least YELLOW.' })
  @IsBoolean()
  violationFound: boolean;
}
