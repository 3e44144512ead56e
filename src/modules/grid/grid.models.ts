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
  valuesMap: {
    PROPOSED: { description: 'Notice given; the employer may object.' },
    LISTED: { description: '已列入: the listing decision was made; listed for 3 years unless removed early.' },
    REMOVED: { description: '已移出/不予列入: withdrawn before the decision, removed early (信用修复), or closed after expiry.' },
  },
});

export const EmployerConnection = Connection(EmployerModel, 'Employer');

@ObjectType('Inspection')
export class InspectionModel {
  @Field(() => ID)
  id: string;

  @Field()
  inspectedAt: Date;

  @Field()
  findings: string;

  @Field()
  violationFound: boolean;

  employerId: string;
  gridCode: string;
  inspectorId: string;
}

@ObjectType('Warning')
export class WarningModel {
  @Field(() => ID)
  id: string;

  @Field(() => RiskLevel)
  level: RiskLevel;

  @Field(() => [String])
  reasons: string[];

  @Field()
  raisedAt: Date;

  @Field(() => Date, { nullable: true })
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
