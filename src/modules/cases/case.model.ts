import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { yuanFromDb } from '../../common/money';
import { MoneyScalar } from '../../common/scalars';
import { CaseEntity } from './case.entity';
import { CaseOutcome, CaseSource, CaseStatus, LinkReason, SupervisionStatus } from './case.enums';
import { CaseEventType } from './case-event.types';

@ObjectType('Case', { description: '案件: a labour-inspection case, seen by its handling unit\'s line and every linked unit\'s line (一地办案，多地监管); workers see none.' })
export class CaseModel {
  @Field(() => ID, { description: '案件编号 (UUID).' })
  id: string;

  @Field({ description: 'Unique, e.g. 411329305-2026-000123: handling unit code at opening, year, sequence without gaps.' })
  number: string;

  @Field({ description: '案由: 2 to 200 characters.' })
  title: string;

  @Field({ description: '案情: up to 5000 characters.' })
  description: string;

  @Field(() => CaseStatus, { description: '状态.' })
  status: CaseStatus;

  @Field(() => CaseSource, { description: '来源.' })
  source: CaseSource;

  @Field(() => Int, { description: '涉及人数: workers affected.' })
  workersAffected: number;

  @Field(() => MoneyScalar, { description: '欠薪金额（元）.' })
  amountOwed: string;

  @Field(() => MoneyScalar, { description: '追回金额（元）: the payments recorded so far, at most twice the amount owed (arrears plus 加付赔偿金).' })
  amountRecovered: string;

  @Field({ description: '受理时间: when the case was opened.' })
  openedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set while RECEIVED: 5 working days after opening.' })
  acceptanceDueAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set from filing: 60 working days after filing, 90 when extended.' })
  handlingDueAt: Date | null;

  @Field({ description: 'True while the active due date has passed and the step is not done.' })
  overdue: boolean;

  @Field({ description: '是否已延期: true once extendDeadline was used (once per case).' })
  extended: boolean;

  @Field({
    description: 'True when the active deadline runs into a year whose official holiday schedule is not loaded yet: counted on plain weekdays.',
  })
  deadlineProvisional: boolean;

  @Field(() => CaseOutcome, { nullable: true, description: '结案结果; null until closed.' })
  outcome: CaseOutcome | null;

  @Field(() => Date, { nullable: true, description: '结案时间 (or when it was rejected); null while open.' })
  closedAt: Date | null;

  handlingUnitCode: string;
  handlingPath: string;
  transferredIn: boolean;
  workplaceUnitCode: string;
  employerId: string;
}

/** What the API view of a case reads of its row (the description only where a query selects it). */
export type CaseRow = Pick<
  CaseEntity,
  | 'id' | 'number' | 'title' | 'status' | 'source' | 'workersAffected' | 'amountOwed' | 'amountRecovered' | 'openedAt' | 'acceptanceDueAt'
  | 'handlingDueAt' | 'activeDueAt' | 'extended' | 'deadlineProvisional' | 'outcome' | 'closedAt' | 'handlingUnitCode' | 'handlingPath'
  | 'transferredIn' | 'workplaceUnitCode' | 'employerId'
> & { description?: string };

/** The columns of a CaseRow, as SQL over `case_file c` naming them as the row's fields. */
export const CASE_ROW_COLUMNS = `c.id, c.number, c.title, c.status, c.source, c.workers_affected AS "workersAffected",
  c.amount_owed AS "amountOwed", c.amount_recovered AS "amountRecovered", c.opened_at AS "openedAt",
  c.acceptance_due_at AS "acceptanceDueAt", c.handling_due_at AS "handlingDueAt", c.active_due_at AS "activeDueAt", c.extended,
  c.deadline_provisional AS "deadlineProvisional", c.outcome, c.closed_at AS "closedAt", c.handling_unit_code AS "handlingUnitCode",
  c.handling_path AS "handlingPath", c.transferred_in AS "transferredIn", c.workplace_unit_code AS "workplaceUnitCode",
  c.employer_id AS "employerId"`;

/** Read for every row whatever is selected: the keys of both orders' cursors. */
const KEY_COLUMNS = ['c.id', 'c.opened_at AS "openedAt"', 'c.active_due_at AS "activeDueAt"'];
/**
 * The columns each field of Case reads, for the fields whose value comes from the row alone (or,
 * for a unit or the employer, from one code of it). A selection of these fields only reads only
 * their columns; any other field (links, events, ...) may read anything of the case, and gets the
 * whole row.
 */
const FIELD_COLUMNS: Record<string, readonly string[]> = {
  __typename: [],
  id: [],
  openedAt: [],
  overdue: [],
  number: ['c.number'],
  title: ['c.title'],
  status: ['c.status'],
  source: ['c.source'],
  workersAffected: ['c.workers_affected AS "workersAffected"'],
  amountOwed: ['c.amount_owed AS "amountOwed"'],
  amountRecovered: ['c.amount_recovered AS "amountRecovered"'],
  acceptanceDueAt: ['c.status', 'c.acceptance_due_at AS "acceptanceDueAt"'],
  handlingDueAt: ['c.handling_due_at AS "handlingDueAt"'],
  extended: ['c.extended'],
  deadlineProvisional: ['c.deadline_provisional AS "deadlineProvisional"'],
  outcome: ['c.outcome'],
  closedAt: ['c.closed_at AS "closedAt"'],
  description: ['c.description'],
  handlingUnit: ['c.handling_unit_code AS "handlingUnitCode"'],
  workplaceUnit: ['c.workplace_unit_code AS "workplaceUnitCode"'],
  employer: ['c.employer_id AS "employerId"'],
};
/** By the field set selectedFields keeps per document: a document asked for again is not looked at again. */
const columnLists = new WeakMap<ReadonlySet<string>, string>();

/**
 * The select list for the Case fields `fields` (null: not known, every column and the
 * description): only the selected fields' columns when every one of them is in FIELD_COLUMNS,
 * otherwise the whole row (with the description only if selected). Rows read this way leave the
 * other fields of their model unset, which nothing reads.
 */
export function caseColumns(fields: ReadonlySet<string> | null): string {
  if (!fields) return `${CASE_ROW_COLUMNS}, c.description`;
  let list = columnLists.get(fields);
  if (list === undefined) {
    const lean = [...fields].every((f) => f in FIELD_COLUMNS);
    list = lean
      ? [...new Set([...KEY_COLUMNS, ...[...fields].flatMap((f) => FIELD_COLUMNS[f])])].join(', ')
      : fields.has('description') ? `${CASE_ROW_COLUMNS}, c.description` : CASE_ROW_COLUMNS;
    columnLists.set(fields, list);
  }
  return list;
}

/** An amount of a row, unset where the row was read without it (see caseColumns). */
const money = (v: unknown): string => (v === undefined ? (v as unknown as string) : yuanFromDb(String(v)));

/** The API view of a case; `now` decides `overdue`. A row read without some columns (caseColumns) leaves their fields unset. */
export function toCaseModel(c: CaseRow, now: Date): CaseModel {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    description: c.description as string,
    status: c.status,
    source: c.source,
    workersAffected: c.workersAffected,
    amountOwed: money(c.amountOwed),
    amountRecovered: money(c.amountRecovered),
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

@ObjectType('CaseLink', { description: '关联单位: a unit outside the handling line that sees the case, and why.' })
export class CaseLinkModel {
  @Field(() => LinkReason, { description: '关联原因.' })
  reason: LinkReason;

  @Field({ description: '关联时间.' })
  linkedAt: Date;

  unitCode: string;
}

@ObjectType('CaseEvent', { description: '案件动态: one step in a case\'s timeline (also what caseEvents pushes).' })
export class CaseEventModel {
  @Field(() => ID, { description: '案件编号 (UUID).' })
  caseId: string;

  @Field({ description: '案号, e.g. 411329305-2026-000123.' })
  caseNumber: string;

  @Field({ description: '发生时间.' })
  at: Date;

  // A String in the contract: the values are CaseEventType's.
  @Field(() => String, { description: 'e.g. OPENED, FILED, TRANSFERRED, LINKED, RECTIFICATION_ORDERED, PAYMENT_RECORDED, CLOSED.' })
  type: CaseEventType;

  @Field(() => String, { nullable: true, description: '说明: what happened, in Chinese (e.g. the reason, the due date, the amount).' })
  note: string | null;

  actorId: string | null;
}

@ObjectType('SupervisionOrder', { description: '挂牌督办: issued by a unit above the handling unit.' })
export class SupervisionOrderModel {
  @Field(() => ID, { description: '督办编号 (UUID).' })
  id: string;

  @Field({ description: '督办要求: what the handling unit must do.' })
  instructions: string;

  @Field({ description: '报告期限: the end of the due day (Asia/Shanghai).' })
  dueAt: Date;

  @Field(() => SupervisionStatus, { description: '状态.' })
  status: SupervisionStatus;

  @Field({ description: '逾期: OPEN and past dueAt.' })
  overdue: boolean;

  @Field(() => String, { nullable: true, description: '办理情况报告; null until reported.' })
  report: string | null;

  @Field(() => Date, { nullable: true, description: '报告时间; null until reported.' })
  reportedAt: Date | null;

  @Field({ description: '督办时间: when the order was issued.' })
  issuedAt: Date;

  caseId: string;
  issuingUnitCode: string;
}

export const SupervisionOrderConnection = Connection(SupervisionOrderModel, 'SupervisionOrder');

@ObjectType('AssistanceRequest', { description: '协查: a request from the handling unit to another unit, which answers within 10 working days.' })
export class AssistanceRequestModel {
  @Field(() => ID, { description: '协查编号 (UUID).' })
  id: string;

  @Field({ description: '协查事项: what the asked unit should do.' })
  request: string;

  @Field({ description: '答复期限: 10 working days after the request.' })
  dueAt: Date;

  @Field({ description: 'True when the due date runs into a year whose holiday schedule is not loaded yet.' })
  dueProvisional: boolean;

  @Field(() => String, { nullable: true, description: '协查答复; null until answered (once).' })
  answer: string | null;

  @Field(() => Date, { nullable: true, description: '答复时间.' })
  answeredAt: Date | null;

  @Field({ description: '逾期: unanswered and past dueAt.' })
  overdue: boolean;

  caseId: string;
  toUnitCode: string;
}
