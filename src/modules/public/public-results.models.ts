import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { MoneyScalar } from '../../common/scalars';
import { ListSize } from '../../common/graphql/cost';
import { MAX_CHILD_UNITS, Unit } from '../units/unit.entity';

@ObjectType('PublicUnitResult', {
  description:
    '四公开 · 结果：一个单位一年的办案结果 (one unit\'s published results for a year). Figures are null when `published` is false: too few cases to publish without making someone identifiable.',
})
export class PublicUnitResultModel {
  @Field(() => Unit, { nullable: true, description: '单位 (the unit); null for the whole country.' })
  unit: Unit | null;

  @Field({ description: '是否公布 (true when the unit closed at least `minimumCount` cases this year, and publishing it reveals no smaller unit).' })
  published: boolean;

  @Field(() => Int, { nullable: true, description: '结案数 (cases closed in the year, handled in this unit or below).' })
  casesClosed: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: '追回金额（元） (wages recovered by those cases).' })
  amountRecovered: string | null;

  @Field(() => Int, { nullable: true, description: '拿到工资的人数 (workers paid by those cases).' })
  workersPaid: number | null;

  @Field(() => Float, { nullable: true, description: '按期结案率 (share, 0 to 1, closed within the statutory handling time: 60 working days from filing, 90 when extended).' })
  closedWithinLimitShare: number | null;

  @Field(() => Float, { nullable: true, description: '平均办结用时（工作日） (average working days from receipt to closing).' })
  averageWorkingDaysToClose: number | null;

  @Field(() => Int, { nullable: true, description: '答复的线索数 (wage claims answered in the year: accepted or refused); null when fewer than `minimumCount`.' })
  claimsAnswered: number | null;

  @Field(() => Float, { nullable: true, description: '按期答复率 (share, 0 to 1, of those answered within 5 working days); null with claimsAnswered.' })
  claimsAnsweredInTimeShare: number | null;
}

@ObjectType('PublicResults', { description: '四公开 · 结果：一个单位及其下级单位 (a unit\'s results and its child units\', for drill-down).' })
export class PublicResultsModel {
  @Field(() => Int, { description: '年度 (the year, Asia/Shanghai, by closing date and answer date).' })
  year: number;

  @Field(() => Int, { description: '公布门槛 (the fewest closed cases, and answered claims, a figure is published from).' })
  minimumCount: number;

  @Field({ description: '统计时间 (when the figures were read; they may be up to a minute old).' })
  asOf: Date;

  @Field(() => PublicUnitResultModel, { description: '本级合计 (the unit itself, everything below it included).' })
  total: PublicUnitResultModel;

  @ListSize(MAX_CHILD_UNITS)
  @Field(() => [PublicUnitResultModel], { description: '下级单位 (the child units, in code order; empty for a township).' })
  children: PublicUnitResultModel[];
}
