import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MoneyScalar } from '../../../common/scalars';
import { EmployerInput } from '../../employers/employer.model';
import { CaseSource, CaseStatus, SupervisionStatus } from '../case.enums';

const UNIT_CODE = /^\d{2,12}$/;

@InputType()
export class CaseFilter {
  @Field(() => [CaseStatus], { nullable: true })
  @IsOptional()
  @IsEnum(CaseStatus, { each: true })
  status?: CaseStatus[] | null;

  @Field(() => String, { nullable: true, description: "Only cases whose handling unit lies in this unit's subtree." })
  @IsOptional()
  @Matches(UNIT_CODE, { message: 'unitCode must be a division code' })
  unitCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => [CaseSource], { nullable: true, description: '来源: only cases from these sources (complaint, report, inspection, wage claim, supervision).' })
  @IsOptional()
  @IsEnum(CaseSource, { each: true })
  source?: CaseSource[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(18, 18, { message: 'employerCreditCode must be 18 characters' })
  employerCreditCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Matches case number, title or employer name.' })
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

@InputType()
export class OpenCaseInput {
  @Field()
  @IsString()
  @Length(2, 200, { message: 'title must be 2 to 200 characters' })
  title: string;

  @Field(() => CaseSource)
  @IsEnum(CaseSource)
  source: CaseSource;

  @Field({ description: "A TOWNSHIP or COUNTY unit in the caller's subtree." })
  @Matches(UNIT_CODE, { message: 'handlingUnitCode must be a division code' })
  handlingUnitCode: string;

  @Field({ description: 'Where the labour is used: a TOWNSHIP or GRID unit.' })
  @Matches(UNIT_CODE, { message: 'workplaceUnitCode must be a division code' })
  workplaceUnitCode: string;

  @Field(() => EmployerInput)
  @ValidateNested()
  @Type(() => EmployerInput)
  employer: EmployerInput;

  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'workersAffected must be 0 or more' })
  @Max(100_000, { message: 'workersAffected must be at most 100000' })
  workersAffected: number;

  @Field(() => MoneyScalar)
  @IsString()
  amountOwed: string;

  @Field()
  @IsString()
  @Length(1, 5000, { message: 'description must be 1 to 5000 characters' })
  description: string;
}

@InputType()
export class HolidayInput {
  @Field({ description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be YYYY-MM-DD' })
  day: string;

  @Field()
  @IsString()
  @Length(1, 50)
  name: string;
}

@InputType()
export class HolidayScheduleInput {
  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => [HolidayInput], { description: 'Official days off (including weekend days inside a holiday block).' })
  @ValidateNested({ each: true })
  @Type(() => HolidayInput)
  @ArrayMaxSize(200)
  holidays: HolidayInput[];

  @Field(() => [HolidayInput], { description: 'Make-up workdays (调休): weekend days that are working days.' })
  @ValidateNested({ each: true })
  @Type(() => HolidayInput)
  @ArrayMaxSize(50)
  workdays: HolidayInput[];
}
