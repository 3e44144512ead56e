import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MoneyScalar } from '../../common/scalars';
import { Unit } from '../units/unit.entity';

@ObjectType('UnitStats', { description: '统计: totals over a unit\'s subtree (cases by handling unit, claims by routed township), counting only what the caller may see.' })
export class UnitStatsModel {
  @Field(() => Int, { description: '在办案件数: cases neither CLOSED nor REJECTED.' })
  casesOpen: number;

  @Field(() => Int, { description: '逾期案件数: cases whose active due date (acceptance or handling) has passed.' })
  casesOverdue: number;

  @Field(() => Int, { description: '结案数: CLOSED cases.' })
  casesClosed: number;

  @Field(() => Int, { description: '待受理线索数: wage claims still SUBMITTED (dates bound submittedAt).' })
  claimsPending: number;

  @Field(() => MoneyScalar, { description: '欠薪金额（元）: the sum owed over the cases.' })
  amountOwed: string;

  @Field(() => MoneyScalar, { description: '追回金额（元）: the sum recovered over the cases.' })
  amountRecovered: string;

  @Field(() => Int, { description: '涉及人数: workers affected, summed over the cases.' })
  workersAffected: number;

  // Read with the figures (StatsService): a plain field, no loader per row.
  @Field(() => Unit, { description: '统计的单位.' })
  unit: Unit;
}
