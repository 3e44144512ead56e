import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { formatMoney, moneyFromDb } from '../../common/money';
import { MoneyScalar } from '../../common/scalars';
import { CaseEntity } from './case.entity';
import { CaseOutcome, CaseSource, CaseStatus, LinkReason, SupervisionStatus } from './case.enums';
import { CaseEventType } from './case-event.types';

@ObjectType('Case')
export class CaseModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Unique, e.g. 411329305-2026-000123: handling unit code at opening, year, sequence without gaps.' })
  number: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => CaseStatus)
  status: CaseStatus;

  @Field(() => CaseSource)
  source: CaseSource;

  @Field(() => Int)
  workersAffected: number;

  @Field(() => MoneyScalar)
  amountOwed: string;

  @Field(() => MoneyScalar)
  amountRecovered: string;

  @Field()
  openedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set while RECEIVED: 5 working days after opening.' })
  acceptanceDueAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set from filing: 60 working days after filing, 90 when extended.' })
  handlingDueAt: Date | null;

  @Field({ description: 'True while the active due date has passed and the step is not done.' })
  overdue: boolean;

  @Field()
  extended: boolean;

  @Field({
    description: 'True when the active deadline runs into a year whose official holiday schedule is not loaded yet: counted on plain weekdays.',
  })
  deadlineProvisional: boolean;

  @Field(() => CaseOutcome, { nullable: true })
  outcome: CaseOutcome | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  handlingUnitCode: string;
  handlingPath: string;
  transferredIn: boolean;
  workplaceUnitCode: string;
  employerId: string;
}

/** The API view of a case; `now` decides `overdue`. */
export function toCaseModel(c: CaseEntity, now: Date): CaseModel {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    description: c.description,
    status: c.status,
    source: c.source,
    workersAffected: c.workersAffected,
    amountOwed: formatMoney(moneyFromDb(String(c.amountOwed))),
    amountRecovered: formatMoney(moneyFromDb(String(c.amountRecovered))),
    openedAt: c.openedAt,
    acceptanceDueAt: c.status === CaseStatus.RECEIVED ? c.acceptanceDueAt : null,
    handlingDueAt: c.handlingDueAt,
    overdue: !!c.activeDueAt && c.activeDueAt.getTime() < now.getTime(),
    extended: c.extended,
    deadlineProvisional: !!c.activeDueAt && c.deadlineProvisional,
    outcome: c.outcome,
    closedAt: c.closedAt,
    handlingUnitCode: c.handlingUnitCode,
    handlingPath: c.handlingPath,
    transferredIn: c.transferredIn,
    workplaceUnitCode: c.workplaceUnitCode,
    employerId: c.employerId,
  };
}

export const CaseConnection = Connection(CaseModel, 'Case');

@ObjectType('CaseLink')
export class CaseLinkModel {
  @Field(() => LinkReason)
  reason: LinkReason;

  @Field()
  linkedAt: Date;

  unitCode: string;
}

@ObjectType('CaseEvent')
export class CaseEventModel {
  @Field(() => ID)
  caseId: string;

  @Field()
  caseNumber: string;

  @Field()
  at: Date;

  // A String in the contract: the values are CaseEventType's.
  @Field(() => String, { description: 'e.g. OPENED, FILED, TRANSFERRED, LINKED, RECTIFICATION_ORDERED, PAYMENT_RECORDED, CLOSED.' })
  type: CaseEventType;

  @Field(() => String, { nullable: true })
  note: string | null;

  actorId: string | null;
}

@ObjectType('SupervisionOrder', { description: '挂牌督办: issued by a unit above the handling unit.' })
export class SupervisionOrderModel {
  @Field(() => ID)
  id: string;

  @Field()
  instructions: string;

  @Field()
  dueAt: Date;

  @Field(() => SupervisionStatus)
  status: SupervisionStatus;

  @Field()
  overdue: boolean;

  @Field(() => String, { nullable: true })
  report: string | null;

  @Field(() => Date, { nullable: true })
  reportedAt: Date | null;

  @Field({ description: '督办时间: when the order was issued.' })
  issuedAt: Date;

  caseId: string;
  issuingUnitCode: string;
}

export const SupervisionOrderConnection = Connection(SupervisionOrderModel, 'SupervisionOrder');

@ObjectType('AssistanceRequest', { description: '协查: a request from the handling unit to another unit, which answers within 10 working days.' })
export class AssistanceRequestModel {
  @Field(() => ID)
  id: string;

  @Field()
  request: string;

  @Field()
  dueAt: Date;

  @Field({ description: 'True when the due date runs into a year whose holiday schedule is not loaded yet.' })
  dueProvisional: boolean;

  @Field(() => String, { nullable: true })
  answer: string | null;

  @Field(() => Date, { nullable: true })
  answeredAt: Date | null;

  @Field()
  overdue: boolean;

  caseId: string;
  toUnitCode: string;
}
