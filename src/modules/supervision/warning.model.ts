import { Field, ID, ObjectType } from '@nestjs/graphql';
import { EmployerModel } from '../employers/employer.model';
import { RiskLevel } from '../employers/risk-level.enum';
import { Unit } from '../units/unit.entity';

@ObjectType('Warning', { description: '欠薪预警: the open (or resolved) warning of one employer, at most one open per employer, shown in the employer\'s grid, else its registered unit, else where it was last reported or handled.' })
export class WarningModel {
  @Field(() => ID, { description: '预警编号 (UUID).' })
  id: string;

  @Field(() => RiskLevel, { description: '预警等级 (YELLOW, ORANGE or RED).' })
  level: RiskLevel;

  @Field(() => [String], { description: '预警原因: one sentence (Chinese) per signal, e.g. 90天内被反映欠薪3次.' })
  reasons: string[];

  @Field({ description: '预警时间: when the warning was first raised.' })
  raisedAt: Date;

  @Field(() => Date, { nullable: true, description: '解除时间: when no signal was left; null while open.' })
  resolvedAt: Date | null;

  // Read with the warning (WarningsService.open: the employer joined in, the unit from the request's loader): plain fields, no resolver per row.
  @Field(() => EmployerModel, { description: '预警的用人单位.' })
  employer: EmployerModel;

  @Field(() => Unit, { description: '预警所在单位: the employer\'s grid, else registered unit, else the unit that last had a claim or case of it.' })
  unit: Unit;
}
