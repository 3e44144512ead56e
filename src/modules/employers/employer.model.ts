import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Connection } from '../../common/graphql/connection';
import { EmployerEntity } from './employer.entity';
import { RiskLevel } from './risk-level.enum';

@ObjectType('Employer')
export class EmployerModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code, 18 characters, check character verified (GB 32100).' })
  creditCode: string | null;

  @Field(() => RiskLevel)
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

@InputType()
export class EmployerInput {
  @Field()
  @IsString()
  @Length(2, 100, { message: 'employer.name must be 2 to 100 characters' })
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  creditCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'employer.registeredUnitCode must be a division code' })
  registeredUnitCode?: string | null;
}

export const EmployerConnection = Connection(EmployerModel, 'Employer');
