import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput, conflict, notFound, requiredText } from '../../common/errors';
import { ConnectionShape, keysetRawPage, mapNodes } from '../../common/graphql/connection';
import { LoaderRegistry } from '../access/request-context';
import { shanghaiDate, shanghaiEndOfDay } from '../../common/time';
import { AppAbility, assistanceSubject } from '../access/ability.factory';
import { applyVisibility, VisibilitySpec, withinSubtree } from '../access/visibility';
import { CalendarService } from '../calendar/calendar.service';
import { ASSISTANCE_DAYS } from './statutory';
import { requireUnit } from '../units/units.service';
import { LinkReason, OPEN_STATUSES, SupervisionStatus } from './case.enums';
import { caseClosed, caseForbidden } from './case.errors';
import { AssistanceRequestModel, SupervisionOrderModel } from './case.model';
import { CaseQueriesService } from './case-queries.service';
import { isUuid } from '../../common/uuid';
import { Caller, CasesService } from './cases.service';
import { CaseEventType } from './case-event.types';
import { SupervisionOrderFilter } from './dto/case.inputs';

/** Supervision orders are seen exactly as their case is. */
export const SUPERVISION_ORDER_VISIBILITY: VisibilitySpec = {
  subject: 'SupervisionOrder',
  table: 'supervision_order',
  sortColumn: 'issued_at',
  visibilityTable: 'case_visibility',
  recordIdColumn: 'case_id',
  columns: {},
};

/** Assistance requests are seen exactly as their case is. */
export const ASSISTANCE_REQUEST_VISIBILITY: VisibilitySpec = {
  subject: 'AssistanceRequest',
  table: 'assistance_request',
  sortColumn: 'requested_at',
  visibilityTable: 'case_visibility',
  recordIdColumn: 'case_id',
  columns: {},
};

const ORDER_COLUMNS = `id, case_id, issuing_unit_code, instructions, issued_at, due_at, status, report, reported_at`;
const REQUEST_COLUMNS = `id, case_id, to_unit_code, request, due_at, due_provisional, answer, answered_at`;

/** A `supervision_order` row as ORDER_COLUMNS selects it. */
interface SupervisionOrderRow {
  id: string;
  case_id: string;
  issuing_unit_code: string;
  instructions: string;
  issued_at: Date;
  due_at: Date;
  status: SupervisionStatus;
  report: string | null;
  reported_at: Date | null;
}

/** An `assistance_request` row as REQUEST_COLUMNS selects it. */
interface AssistanceRequestRow {
  id: string;
  case_id: string;
  to_unit_code: string;
  request: string;
  due_at: Date;
  due_provisional: boolean;
  answer: string | null;
  answered_at: Date | null;
}

/** 挂牌督办 from the units above, and 协查 between units, each as a command on its case. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
  ) {}

  /** A unit above the handling unit orders it to act by a date in the future. */
  async issueOrder(caller: Caller, caseId: string, instructions: string, dueDate: string): Promise<SupervisionOrderModel> {
    let orderId = '';
    await this.cases.change(caller, caseId, 'supervise', 'issue a supervision order', async (m, c, now) => {
      if (!OPEN_STATUSES.includes(c.status)) throw caseClosed(c.status);
      const text = requiredText(instructions, 'instructions');
      if (dueDate <= shanghaiDate(now)) throw badInput('dueDate', 'dueDate must be in the future');
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO supervision_order (case_id, issuing_unit_code, issued_by, instructions, issued_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [c.id, caller.user.unitCode, caller.user.id, text, now, shanghaiEndOfDay(dueDate)],
      );
      orderId = row.id;
      return { event: { type: CaseEventType.SUPERVISION_ORDERED, note: `${caller.user.unitCode} 挂牌督办，${dueDate} 前报告：${text}` } };
    });
    return this.order(orderId);
  }

  /** The handling unit reports back on an open order. */
  async reportOnOrder(caller: Caller, orderId: string, report: string): Promise<SupervisionOrderModel> {
    const caseId = await this.caseOf(caller.ability, SUPERVISION_ORDER_VISIBILITY, orderId, 'supervision order');
    await this.cases.change(caller, caseId, 'act', 'report on a supervision order', async (m, _c, now) => {
      const text = requiredText(report, 'report');
      const [order]: Pick<SupervisionOrderRow, 'status'>[] = await m.query(`SELECT status FROM supervision_order WHERE id = $1 FOR UPDATE`, [orderId]);
      if (order.status !== SupervisionStatus.OPEN) throw conflict('this supervision order was already reported on');
      await m.query(`UPDATE supervision_order SET status = 'REPORTED', report = $2, reported_at = $3, reported_by = $4 WHERE id = $1`, [
        orderId,
        text,
        now,
        caller.user.id,
      ]);
      return { event: { type: CaseEventType.SUPERVISION_REPORTED, note: text } };
    });
    return this.order(orderId);
  }

  /** The handling unit asks another unit to help; it answers within 10 working days and is linked meanwhile. */
  async requestAssistance(caller: Caller, caseId: string, unitCode: string, request: string): Promise<AssistanceRequestModel> {
    let requestId = '';
    await this.cases.change(caller, caseId, 'act', 'request assistance', async (m, c, now) => {
      if (!OPEN_STATUSES.includes(c.status)) throw caseClosed(c.status);
      const text = requiredText(request, 'request');
      const unit = await requireUnit(m, unitCode, 'unitCode');
      if (unit.code === c.handlingUnitCode) throw badInput('unitCode', 'a unit cannot ask itself for assistance');
      const due = await this.calendar.addWorkingDays(m, now, ASSISTANCE_DAYS);
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO assistance_request (case_id, to_unit_code, requested_by, request, requested_at, due_at, due_provisional)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [c.id, unit.code, caller.user.id, text, now, due.dueAt, due.provisional],
      );
      requestId = row.id;
      await this.cases.insertLink(m, c.id, unit.code, LinkReason.ASSISTANCE, caller.user.id, now);
      return {
        event: { type: CaseEventType.ASSISTANCE_REQUESTED, note: `请 ${unit.code} ${unit.name} 协查，${shanghaiDate(due.dueAt)} 前答复：${text}` },
        anchorsChanged: true,
      };
    });
    return this.request(requestId);
  }

  /** The asked unit (or a unit above it) answers, once. */
  async answerAssistance(caller: Caller, requestId: string, answer: string): Promise<AssistanceRequestModel> {
    const caseId = await this.caseOf(caller.ability, ASSISTANCE_REQUEST_VISIBILITY, requestId, 'assistance request');
    await this.cases.change(caller, caseId, null, 'answer', async (m, _c, now) => {
      const [req]: (Pick<AssistanceRequestRow, 'answered_at'> & { path: string })[] = await m.query(
        `SELECT r.answered_at, u.path::text AS path FROM assistance_request r JOIN unit u ON u.code = r.to_unit_code WHERE r.id = $1 FOR UPDATE OF r`,
        [requestId],
      );
      if (caller.ability.cannot('answer', assistanceSubject(req.path))) {
        throw caseForbidden('answer an assistance request addressed to another unit');
      }
      const text = requiredText(answer, 'answer');
      if (req.answered_at) throw conflict('this assistance request was already answered');
      await m.query(`UPDATE assistance_request SET answer = $2, answered_at = $3, answered_by = $4 WHERE id = $1`, [requestId, text, now, caller.user.id]);
      return { event: { type: CaseEventType.ASSISTANCE_ANSWERED, note: text } };
    });
    return this.request(requestId);
  }

  /**
   * Orders the caller may see (as their cases), newest issued first, keyset-paged on
   * (issued_at, id). `unitCode` keeps the orders issued by that unit or below: division codes are
   * prefixes of their descendants' codes, so that is a prefix range on the issuer index.
   */
  async list(
    ability: AppAbility,
    args: { first?: number | null; after?: string | null; filter?: SupervisionOrderFilter | null },
  ): Promise<ConnectionShape<SupervisionOrderModel>> {
    const f = args.filter ?? {};
    const now = this.clock.now();
    const qb = this.ds.createQueryBuilder().select(ORDER_COLUMNS.split(', ').map((c) => `so.${c}`)).from('supervision_order', 'so');
    applyVisibility(qb, ability, 'read', SUPERVISION_ORDER_VISIBILITY);
    if (f.unitCode) qb.andWhere(...withinSubtree('so.issuing_unit_code', f.unitCode, 'code'));
    if (f.status?.length) qb.andWhere('so.status IN (:...statuses)', { statuses: f.status });
    if (f.overdue === true) qb.andWhere(`so.status = 'OPEN' AND so.due_at < :now`, { now });
    if (f.overdue === false) qb.andWhere(`(so.status <> 'OPEN' OR so.due_at >= :now)`, { now });
    const page = await keysetRawPage<SupervisionOrderRow>(qb, { sortAt: 'so.issued_at', id: 'so.id' }, args, (r) => ({ sortAt: new Date(r.issued_at), id: r.id }));
    return mapNodes(page, (o) => this.toOrder(o));
  }

  ordersOf(loaders: LoaderRegistry): DataLoader<string, SupervisionOrderModel[]> {
    return this.queries.grouped(loaders, 'caseOrders', `SELECT ${ORDER_COLUMNS} FROM supervision_order WHERE case_id = ANY($1::uuid[]) ORDER BY issued_at`, (r: SupervisionOrderRow) =>
      this.toOrder(r),
    );
  }

  requestsOf(loaders: LoaderRegistry): DataLoader<string, AssistanceRequestModel[]> {
    return this.queries.grouped(loaders, 'caseRequests', `SELECT ${REQUEST_COLUMNS} FROM assistance_request WHERE case_id = ANY($1::uuid[]) ORDER BY requested_at`, (r: AssistanceRequestRow) =>
      this.toRequest(r),
    );
  }

  /**
   * The case of an order or request the caller sees (through the visibility builder): an id that
   * does not exist and one on a case the caller does not see are the same NOT_FOUND.
   */
  private async caseOf(ability: AppAbility, spec: VisibilitySpec, id: string, what: string): Promise<string> {
    if (!isUuid(id)) throw notFound(what);
    const qb = this.ds.createQueryBuilder().select('r.case_id', 'case_id').from(spec.table, 'r').where('r.id = :id', { id });
    applyVisibility(qb, ability, 'read', spec);
    const row = await qb.getRawOne<{ case_id: string }>();
    if (!row) throw notFound(what);
    return row.case_id;
  }

  private async order(id: string): Promise<SupervisionOrderModel> {
    const [row]: SupervisionOrderRow[] = await this.ds.query(`SELECT ${ORDER_COLUMNS} FROM supervision_order WHERE id = $1`, [id]);
    return this.toOrder(row);
  }

  private async request(id: string): Promise<AssistanceRequestModel> {
    const [row]: AssistanceRequestRow[] = await this.ds.query(`SELECT ${REQUEST_COLUMNS} FROM assistance_request WHERE id = $1`, [id]);
    return this.toRequest(row);
  }

  private toOrder(r: SupervisionOrderRow): SupervisionOrderModel {
    const dueAt = new Date(r.due_at);
    return {
      id: r.id,
      caseId: r.case_id,
      issuingUnitCode: r.issuing_unit_code,
      instructions: r.instructions,
      dueAt,
      status: r.status,
      overdue: r.status === SupervisionStatus.OPEN && dueAt < this.clock.now(),
      report: r.report,
      reportedAt: r.reported_at ? new Date(r.reported_at) : null,
      issuedAt: new Date(r.issued_at),
    };
  }

  private toRequest(r: AssistanceRequestRow): AssistanceRequestModel {
    const dueAt = new Date(r.due_at);
    return {
      id: r.id,
      caseId: r.case_id,
      toUnitCode: r.to_unit_code,
      request: r.request,
      dueAt,
      dueProvisional: r.due_provisional,
      answer: r.answer,
      answeredAt: r.answered_at ? new Date(r.answered_at) : null,
      overdue: !r.answered_at && dueAt < this.clock.now(),
    };
  }
}
