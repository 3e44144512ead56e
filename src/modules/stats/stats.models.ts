import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MoneyScalar } from '../../common/scalars';

@ObjectType('UnitStats')
export class UnitStatsModel {
  @Field(() => Int)
  casesOpen: number;

  @Field(() => Int)
  casesOverdue: number;

  @Field(() => Int)
  casesClosed: number;

  @Field(() => Int)
  claimsPending: number;

  @Field(() => MoneyScalar)
  amountOwed: string;

  @Field(() => MoneyScalar)
  amountRecovered: string;

  @Field(() => Int)
  workersAffected: number;

  unitCode: string;
}
