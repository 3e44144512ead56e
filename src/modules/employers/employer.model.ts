import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Connection } from '../../common/graphql/connection';
import { EmployerEntity } from './employer.entity';
import { RiskLevel } from './risk-level.enum';

@ObjectType('Employer', { description: '用人单位: an employer named by cases, claims or the grid register. employer/employers list those whose registered unit or grid lies in the caller\'s subtree; a case shows its employer to whoever sees the case.' })
export class EmployerModel {
  @Field(() => ID, { description: '用人单位编号 (UUID).' })
  id: string;

  @Field({ description: '名称.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code, 18 characters, check character verified (GB 32100).' })
  creditCode: string | null;

  @Field(() => RiskLevel, { description: '欠薪预警等级.' })
  riskLevel: RiskLevel;

  registeredUnitCode: string | null;
  gridCode: string | null;
}

export function toEmployerModel(e: EmployerEntity): EmployerModel {
  return {
    id: e.id,
    name: e.name,
    creditCode: e.creditCode,
    riskLevel: e.riskLevel,
    registeredUnitCode: e.registeredUnitCode,
    gridCode: e.gridCode,
  };
}

@InputType({ description: '用人单位 as a case names it: matched by credit code when given, else by name; created when none matches.' })
export class EmployerInput {
  @Field({ description: '名称: 2 to 100 characters.' })
  @IsString()
  @Length(2, 100, { message: 'employer.name must be 2 to 100 characters' })
  name: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码: 18 characters, check character verified (GB 32100).' })
  @IsOptional()
  @IsString()
  creditCode?: string | null;

  @Field(() => String, { nullable: true, description: '注册地单位代码: an existing unit; set on a known employer only when it has none.' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'employer.registeredUnitCode must be a division code' })
  registeredUnitCode?: string | null;
}

export const EmployerConnection = Connection(EmployerModel, 'Employer');
