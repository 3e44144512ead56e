import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MoneyScalar } from '../../../common/scalars';
import { EmployerInput } from '../../employers/employer.model';
import { CaseSource, CaseStatus, SupervisionStatus } from '../case.enums';

const UNIT_CODE = /^\d{2,12}$/;

@InputType({ description: '案件筛选: conditions on cases() (all given ones apply).' })
export class CaseFilter {
  @Field(() => [CaseStatus], { nullable: true, description: '状态: only cases in one of these statuses.' })
  @IsOptional()
  @IsEnum(CaseStatus, { each: true })
  status?: CaseStatus[] | null;

  @Field(() => String, { nullable: true, description: "Only cases whose handling unit lies in this unit's subtree." })
  @IsOptional()
  @Matches(UNIT_CODE, { message: 'unitCode must be a division code' })
  unitCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: '逾期: true for cases whose active due date has passed, false for the others.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => [CaseSource], { nullable: true, description: '来源: only cases from these sources (complaint, report, inspection, wage claim, supervision).' })
  @IsOptional()
  @IsEnum(CaseSource, { each: true })
  source?: CaseSource[] | null;

  @Field(() => String, { nullable: true, description: '用人单位统一社会信用代码: 18 characters, exact match.' })
  @IsOptional()
  @IsString()
  @Length(18, 18, { message: 'employerCreditCode must be 18 characters' })
  employerCreditCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Matches case number, title or employer name. (1 to 100 characters)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;
}

@InputType({ description: '督办筛选: which supervision orders (挂牌督办) to list.' })
export class SupervisionOrderFilter {
  @Field(() => String, {
    nullable: true,
    description: "督办单位: only orders issued by this unit or a unit below it (e.g. the caller's own unit on a supervision dashboard).",
  })
  @IsOptional()
  @Matches(UNIT_CODE, { message: 'unitCode must be a division code' })
  unitCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: '逾期: true for open orders past their due date, false for the others.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => [SupervisionStatus], { nullable: true, description: '状态: OPEN (awaiting the report) or REPORTED.' })
  @IsOptional()
  @IsEnum(SupervisionStatus, { each: true })
  status?: SupervisionStatus[] | null;
}

@InputType({ description: '受理登记: what openCase records.' })
export class OpenCaseInput {
  @Field({ description: '案由: 2 to 200 characters.' })
  @IsString()
  @Length(2, 200, { message: 'title must be 2 to 200 characters' })
  title: string;

  @Field(() => CaseSource, { description: '来源.' })
  @IsEnum(CaseSource)
  source: CaseSource;

  @Field({ description: "A TOWNSHIP or COUNTY unit in the caller's subtree." })
  @Matches(UNIT_CODE, { message: 'handlingUnitCode must be a division code' })
  handlingUnitCode: string;

  @Field({ description: 'Where the labour is used: a TOWNSHIP or GRID unit.' })
  @Matches(UNIT_CODE, { message: 'workplaceUnitCode must be a division code' })
  workplaceUnitCode: string;

  @Field(() => EmployerInput, { description: '用人单位: found by credit code or name, or created.' })
  @ValidateNested()
  @Type(() => EmployerInput)
  employer: EmployerInput;

  @Field(() => Int, { description: '涉及人数: 0 to 100000.' })
  @IsInt()
  @Min(0, { message: 'workersAffected must be 0 or more' })
  @Max(100_000, { message: 'workersAffected must be at most 100000' })
  workersAffected: number;

  @Field(() => MoneyScalar, { description: '欠薪金额（元）: not negative, at most 12 integer digits.' })
  @IsString()
  amountOwed: string;

  @Field({ description: '案情: 1 to 5000 characters.' })
  @IsString()
  @Length(1, 5000, { message: 'description must be 1 to 5000 characters' })
  description: string;
}

@InputType({ description: '一天: a day of the schedule and its name.' })
export class HolidayInput {
  @Field({ description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be YYYY-MM-DD' })
  day: string;

  @Field({ description: '名称: e.g. 春节, 1 to 50 characters.' })
  @IsString()
  @Length(1, 50)
  name: string;
}

@InputType({ description: '节假日安排 of one year (国务院办公厅 notice); every day must lie in that year, none both a holiday and a workday.' })
export class HolidayScheduleInput {
  @Field(() => Int, { description: '年度: 2000 to 2100.' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => [HolidayInput], { description: 'Official days off (including weekend days inside a holiday block). At most 200.' })
  @ValidateNested({ each: true })
  @Type(() => HolidayInput)
  @ArrayMaxSize(200)
  holidays: HolidayInput[];

  @Field(() => [HolidayInput], { description: 'Make-up workdays (调休): weekend days that are working days. At most 50.' })
  @ValidateNested({ each: true })
  @Type(() => HolidayInput)
  @ArrayMaxSize(50)
  workdays: HolidayInput[];
}
