import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { MoneyScalar } from '../../common/scalars';
import { BlacklistBasis, BlacklistNoticeModel, BlacklistStatementModel } from './blacklist.models';
import { EmployerModel } from './employer.model';
import { RiskLevel } from './risk-level.enum';

export enum BlacklistStatus {
  PROPOSED = 'PROPOSED',
  LISTED = 'LISTED',
  REMOVED = 'REMOVED',
}
registerEnumType(BlacklistStatus, {
  name: 'BlacklistStatus',
  description: '名单条目状态: where an entry stands in the listing procedure.',
  valuesMap: {
    PROPOSED: { description: 'Notice given; the employer may object. (拟列入: 已书面告知)' },
    LISTED: { description: '已列入: the listing decision was made; listed for 3 years unless removed early.' },
    REMOVED: { description: '已移出/不予列入: withdrawn before the decision, removed early (信用修复), or closed after expiry.' },
  },
});

export const EmployerConnection = Connection(EmployerModel, 'Employer');

@ObjectType('Inspection', { description: '巡查记录: a grid assistant\'s or township inspector\'s visit to an employer of the grid; a violation found raises a YELLOW warning.' })
export class InspectionModel {
  @Field(() => ID, { description: '巡查编号 (UUID).' })
  id: string;

  @Field({ description: '巡查时间: when it was recorded.' })
  inspectedAt: Date;

  @Field({ description: '巡查情况: what was found (2 to 5000 characters).' })
  findings: string;

  @Field({ description: '是否发现违法.' })
  violationFound: boolean;

  employerId: string;
  gridCode: string;
  inspectorId: string;
}

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

  employerId: string;
  unitCode: string;
}

@ObjectType('BlacklistEntry', { description: '失信联合惩戒名单条目: one proposal or listing of an employer (and its parties) for one case.' })
export class BlacklistEntryModel {
  @Field(() => ID, { description: '条目编号.' })
  id: string;

  @Field(() => BlacklistStatus, { description: '状态.' })
  status: BlacklistStatus;

  @Field({ description: '列入理由: the reasons stated in the notice and the decision.' })
  reason: string;

  @Field({ description: '告知时间: when the written notice was served (again, when a party was added).' })
  proposedAt: Date;

  @Field({ description: 'End of the objection window (10 working days after the notice).' })
  objectionDueAt: Date;

  @Field(() => Date, { nullable: true, description: '列入决定时间.' })
  listedAt: Date | null;

  @Field(() => Date, { nullable: true, description: '3 years after listing.' })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: '移出时间 (or when the proposal was dropped).' })
  removedAt: Date | null;

  @Field(() => String, { nullable: true, description: '移出理由.' })
  removalReason: string | null;

  @Field(() => BlacklistBasis, { description: '列入情形: the condition of Art. 5 the proposal rests on.' })
  basis: BlacklistBasis;

  @Field({ description: '违法事实: the facts found, as the notice and the decision state them.' })
  facts: string;

  @Field({ description: '法律依据.' })
  legalBasis: string;

  @Field(() => BlacklistNoticeModel, { description: '列入前书面告知: the written notice served on the parties.' })
  notice: BlacklistNoticeModel;

  @Field(() => BlacklistStatementModel, { nullable: true, description: '陈述申辩: the parties’ statement and its answer; null when none was made.' })
  statement: BlacklistStatementModel | null;

  @Field(() => String, { nullable: true, description: '列入决定书文号.' })
  decisionNumber: string | null;

  employerId: string;
  caseId: string;
  incidentId: string | null;
  listingUnitCode: string | null;
}

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

  unitCode: string;
}
