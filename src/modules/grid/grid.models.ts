import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { MoneyScalar } from '../../common/scalars';
import { EmployerModel } from './employer.model';
import { RiskLevel } from './risk-level.enum';

export enum BlacklistStatus {
  PROPOSED = 'PROPOSED',
  LISTED = 'LISTED',
  REMOVED = 'REMOVED',
}
registerEnumType(BlacklistStatus, {
  name: 'BlacklistStatus',
  valuesMap: { PROPOSED: { description: 'Notice given; the employer may object.' } },
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

@ObjectType('BlacklistEntry')
export class BlacklistEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => BlacklistStatus)
  status: BlacklistStatus;

  @Field()
  reason: string;

  @Field()
  proposedAt: Date;

  @Field({ description: 'End of the objection window (10 working days after the notice).' })
  objectionDueAt: Date;

  @Field(() => Date, { nullable: true })
  listedAt: Date | null;

  @Field(() => Date, { nullable: true, description: '3 years after listing.' })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  removedAt: Date | null;

  @Field(() => String, { nullable: true })
  removalReason: string | null;

  employerId: string;
  caseId: string;
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
