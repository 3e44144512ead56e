import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput, conflict, notFound, requiredText } from '../../common/errors';
import { fitsMoneyColumn, formatMoney, INT_COLUMN_MAX, MONEY_COLUMN_MAX_FEN, moneyFromDb, parseMoney } from '../../common/money';
import { shanghaiDate, shanghaiEndOfDay } from '../../common/time';
import { rows, updateVersioned } from '../../common/db/sql';
import { Action, AppAbility, caseSubject } from '../access/ability.factory';
import { CurrentUser } from '../access/current-user';
import { refreshVisibility, unitsSeeing } from '../access/visibility';
import { EmployerInput } from '../employers/employer.model';
import { EmployersService } from '../employers/employers.service';
import { Unit } from '../units/unit.entity';
import { requireUnit } from '../units/units.service';
import { CalendarService } from '../calendar/calendar.service';
import { ACCEPTANCE_DAYS, ASSISTANCE_DAYS, EXTENSION_DAYS, HANDLING_DAYS } from './statutory';
import { assertMove } from './case-state-machine';
import { CaseEntity } from './case.entity';
import { CaseOutcome, CaseSource, CaseStatus, INVESTIGATION_STATUSES, LinkReason, OPEN_STATUSES } from './case.enums';
import { caseChanged, caseClosed, caseForbidden } from './case.errors';
import { CaseEventMessage, CaseEventsBus } from './case-events.bus';
import { CaseHooks } from './case-hooks';
import { CaseEventType as E, NewCaseEvent } from './case-event.types';
import { CASE_VISIBILITY, CaseQueriesService, SQUAD_ROLES, squadUnits } from './case-queries.service';
import { isUuid } from '../../common/uuid';
import { OpenCaseInput } from './dto/case.inputs';
import { transaction } from '../../common/audit/audit-scope';
import { UnitLevel } from '../access/unit-level';

export interface Caller {
  user: CurrentUser;
  ability: AppAbility;
}

/**
 * The `case_file` columns a command may change, by their entity names (a misspelt column or a
 * value of the wrong type does not compile); the identity, the number, the opening facts and the
 * version (bumped by the guarded update) never change.
 */
export type CaseSet = Partial<Omit<CaseEntity, 'id' | 'number' | 'version' | 'source' | 'openedAt' | 'openedBy'>>;

/**
 * What a command changes: columns (checked against the version read), the event (its type, note
 * and the detail that type carries for the modules that follow the case, see CaseHooks), anchors.
 */
export interface CaseChange {
  set?: CaseSet;
  event: NewCaseEvent;
  anchorsChanged?: boolean;
}


/**
 * The case lifecycle as named commands. Each runs in one transaction: the case is read through
 * the visibility predicate (NOT_FOUND outside the caller's jurisdiction), the action is checked
 * against the caller's CASL rules (FORBIDDEN for a unit that sees but may not act), the update is
 * guarded by the version read (CONFLICT when a concurrent command won), and the CaseEvent is
 * written with it. Events go out on the bus after commit.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly queries: CaseQueriesService,
    private readonly employers: EmployersService,
    private readonly bus: CaseEventsBus,
    private readonly hooks: CaseHooks,
  ) {}

  // ------------------------------------------------------------------ opening

  async open(caller: Caller, input: OpenCaseInput): Promise<CaseEntity> {
    const now = this.clock.now();
    const amountOwed = parseMoney(input.amountOwed);
    const { id, messages } = await transaction(this.ds, async (m) => {
      const handling = await requireUnit(m, input.handlingUnitCode, 'handlingUnitCode', [UnitLevel.TOWNSHIP, UnitLevel.COUNTY]);
      assertMayOpen(caller, handling);
      const workplace = await requireUnit(m, input.workplaceUnitCode, 'workplaceUnitCode', [UnitLevel.TOWNSHIP, UnitLevel.GRID]);
      const opened = await this.openIn(m, caller, now, {
        title: input.title.trim(),
        description: input.description.trim(),
        source: input.source,
        handling,
        workplace,
        employer: input.employer,
        workersAffected: input.workersAffected,
        amountOwed,
        note: `受理，${ACCEPTANCE_DAYS}个工作日内决定是否立案`,
      });
      return { id: opened.case.id, messages: opened.messages };
    });
    await this.bus.publish(messages);
    return this.ds.getRepository(CaseEntity).findOneByOrFail({ id });
  }

  /**
   * 线索受理: opens a WAGE_CLAIM case in the claim's routed unit, inside the claims module's
   * transaction, through the same path as `open` (the `open` rule, the employer found or created
   * under its lock, the employer-seat and project-site links) plus the worker's home county
   * (WORKER_ORIGIN). Returns the events to publish once that transaction has committed.
   */
  async openFromClaims(m: EntityManager, caller: Caller, intake: ClaimIntake, now: Date): Promise<CaseOpened> {
    const handling = await requireUnit(m, intake.handlingUnitCode, 'claimId', [UnitLevel.TOWNSHIP, UnitLevel.COUNTY]);
    assertMayOpen(caller, handling);
    const workplace = await requireUnit(m, intake.workplaceUnitCode, 'claimId', [UnitLevel.TOWNSHIP, UnitLevel.GRID]);
    return this.openIn(m, caller, now, {
      title: `${intake.employer.name}拖欠工资（${intake.claimNumber}）`,
      description: intake.description,
      source: CaseSource.WAGE_CLAIM,
      handling,
      workplace,
      employer: intake.employer,
      employerField: 'claim',
      workersAffected: intake.workersAffected,
      amountOwed: intake.amountOwed,
      note: `由欠薪线索 ${intake.claimNumber} 受理`,
      workerOrigin: intake.workerOriginUnitCode,
    });
  }

  /**
   * 并案: a claim joins an open case, adding its workers and amount (CLAIM_ATTACHED), and links the
   * worker's home county once (LINKED), each step a case change like any other (version check,
   * hooks, event), inside the claims module's transaction. The case is the one the claims module
   * matched by employer, not one the caller named, so it is read by id and the caller's rules
   * decide: `attachClaim` refused is NOT_FOUND when the caller cannot see the case, else FORBIDDEN.
   */
  async attachClaims(m: EntityManager, caller: Caller, caseId: string, intake: ClaimIntake, now: Date): Promise<CaseOpened> {
    const load = async () => {
      const c = await m.getRepository(CaseEntity).findOneBy({ id: caseId });
      if (!c) throw notFound('case');
      const visibleTo = await this.visibleTo(m, c.id);
      if (caller.ability.cannot('attachClaim', caseSubject(c, visibleTo))) {
        if (caller.ability.cannot('read', caseSubject(c, visibleTo))) throw notFound('case');
        throw caseForbidden('attach a claim');
      }
      return { c, visibleTo };
    };
    const messages: CaseEventMessage[] = [];
    const first = await load();
    const attached = await this.changeIn(m, caller, first.c, first.visibleTo, null, 'attach a claim', now, async (_m, c) => {
      const owed = moneyFromDb(c.amountOwed) + intake.amountOwed;
      if (!fitsMoneyColumn(owed)) throw badInput('claimId', `the case's amount owed would pass ${formatMoney(MONEY_COLUMN_MAX_FEN)}`);
      if (c.workersAffected + intake.workersAffected > INT_COLUMN_MAX) throw badInput('claimId', `the case's workers affected would pass ${INT_COLUMN_MAX}`);
      return {
        set: { workersAffected: c.workersAffected + intake.workersAffected, amountOwed: formatMoney(owed) },
        event: { type: E.CLAIM_ATTACHED, note: `${intake.claimNumber}：${intake.workersAffected} 人，${formatMoney(intake.amountOwed)} 元` },
      };
    });
    messages.push(attached.message);
    let c = attached.updated;
    const origin = intake.workerOriginUnitCode;
    if (origin && origin !== levelCodes(c.handlingPath).countyCode) {
      const [linked] = await m.query(`SELECT 1 FROM case_link WHERE case_id = $1 AND unit_code = $2`, [c.id, origin]);
      if (!linked) {
        const again = await load();
        const link = await this.changeIn(m, caller, again.c, again.visibleTo, null, "link the worker's home county", now, async (m2, k) => {
          await this.insertLink(m2, k.id, origin, LinkReason.WORKER_ORIGIN, caller.user.id, now);
          return { event: { type: E.LINKED, note: `${origin} ${LinkReason.WORKER_ORIGIN}` }, anchorsChanged: true };
        });
        messages.push(link.message);
        c = link.updated;
      }
    }
    return { case: c, messages };
  }

  /** The one way a case comes to be (see `open`), inside the caller's transaction; the caller has checked `open`. */
  private async openIn(m: EntityManager, caller: Caller, now: Date, o: CaseToOpen): Promise<CaseOpened> {
    const employer = await this.employers.findOrCreate(m, o.employer, now, o.employerField);
    const c = await this.insertCase(m, {
      title: o.title,
      description: o.description,
      source: o.source,
      handling: o.handling,
      workplaceUnitCode: o.workplace.code,
      employerId: employer.id,
      employerName: employer.name,
      workersAffected: o.workersAffected,
      amountOwed: o.amountOwed,
      openedBy: caller.user.id,
    });
    // 一地办案，多地监管: the employer's registered place and a project site elsewhere follow the case;
    // so does a claimant's home county (a worker from elsewhere).
    const autoLinks: [string, LinkReason][] = [];
    if (employer.registeredUnitCode && !isWithin(employer.registeredUnitCode, o.handling.path)) {
      autoLinks.push([employer.registeredUnitCode, LinkReason.EMPLOYER_REGISTERED]);
    }
    if (!o.workplace.path.startsWith(o.handling.path)) autoLinks.push([o.workplace.code, LinkReason.PROJECT_SITE]);
    const origin = o.workerOrigin;
    if (origin && origin !== levelCodes(o.handling.path).countyCode && !autoLinks.some(([code]) => code === origin)) {
      autoLinks.push([origin, LinkReason.WORKER_ORIGIN]);
    }
    for (const [unitCode, reason] of autoLinks) await this.insertLink(m, c.id, unitCode, reason, caller.user.id, now);
    await refreshVisibility(m, CASE_VISIBILITY, [c.id], { fresh: true });
    const messages = [await this.writeEvent(m, c, { type: E.OPENED, note: o.note }, caller.user.id, now)];
    for (const [unitCode, reason] of autoLinks) {
      messages.push(await this.writeEvent(m, c, { type: E.LINKED, note: `${unitCode} ${reason}` }, caller.user.id, now));
    }
    return { case: c, messages };
  }

  /**
   * Inserts a RECEIVED case with its number (<unit>-<year>-<6 digits>, gapless per unit and year:
   * the counter row is locked by the upsert until the transaction ends) and acceptance clock.
   */
  private async insertCase(
    m: EntityManager,
    c: {
      title: string;
      description: string;
      source: string;
      handling: Unit;
      workplaceUnitCode: string;
      employerId: string;
      employerName: string;
      workersAffected: number;
      amountOwed: bigint;
      openedBy: string;
    },
  ): Promise<CaseEntity> {
    const now = this.clock.now();
    const year = Number(shanghaiDate(now).slice(0, 4));
    const [{ last }]: { last: number }[] = await m.query(
      `INSERT INTO case_number_seq (unit_code, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (unit_code, year) DO UPDATE SET last = case_number_seq.last + 1 RETURNING last`,
      [c.handling.code, year],
    );
    const number = `${c.handling.code}-${year}-${String(last).padStart(6, '0')}`;
    const due = await this.calendar.addWorkingDays(m, now, ACCEPTANCE_DAYS);
    const repo = m.getRepository(CaseEntity);
    return repo.save(
      repo.create({
        number,
        title: c.title,
        description: c.description,
        status: CaseStatus.RECEIVED,
        source: c.source as CaseEntity['source'],
        handlingUnitCode: c.handling.code,
        handlingPath: c.handling.path,
        ...levelCodes(c.handling.path),
        workplaceUnitCode: c.workplaceUnitCode,
        employerId: c.employerId,
        workersAffected: c.workersAffected,
        amountOwed: formatMoney(c.amountOwed),
        amountRecovered: '0.00',
        workersPaid: 0,
        openedAt: now,
        openedBy: c.openedBy,
        acceptanceDueAt: due.dueAt,
        activeDueAt: due.dueAt,
        deadlineProvisional: due.provisional,
        extended: false,
        transferredIn: false,
        searchText: searchText(number, c.title, c.employerName),
        version: 1,
      }),
    );
  }

  // ------------------------------------------------------------------ the status machine

  /** 立案: a SQUAD_LEADER assigns at least two inspectors of the handling unit or its county. */
  file(caller: Caller, caseId: string, inspectorIds: string[]): Promise<CaseEntity> {
    return this.change(caller, caseId, 'lead', 'file', async (m, c, now) => {
      assertMove(c.status, CaseStatus.FILED);
      const ids = [...new Set(inspectorIds)];
      if (ids.length < 2) throw badInput('inspectorIds', '立案须指派至少两名执法人员 (at least two distinct inspectors)');
      const squad = squadUnits(c.handlingPath); // the county and the handling unit
      const users = await this.queries.users(ids.filter(isUuid), m);
      const bad = ids.filter((id) => {
        const u = users.find((x) => x.id === id);
        return !u || !SQUAD_ROLES.includes(u.role) || !squad.includes(u.unitCode ?? '');
      });
      if (bad.length) throw badInput('inspectorIds', `not inspectors of the handling unit or its county: ${bad.join(', ')}`);
      for (const [position, id] of ids.entries()) {
        await m.query(`INSERT INTO case_inspector (case_id, user_id, position) VALUES ($1, $2, $3)`, [c.id, id, position]);
      }
      const due = await this.calendar.addWorkingDays(m, now, HANDLING_DAYS);
      const names = ids.map((id) => users.find((u) => u.id === id)!.displayName).join('、');
      return {
        set: { status: CaseStatus.FILED, filedAt: now, handlingDueAt: due.dueAt, activeDueAt: due.dueAt, deadlineProvisional: due.provisional },
        event: { type: E.FILED, note: `立案，承办人：${names}；办理期限至 ${shanghaiDate(due.dueAt)}`, detail: { dueDate: shanghaiDate(due.dueAt) } },
      };
    });
  }

  reject(caller: Caller, caseId: string, reason: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'lead', 'reject', async (_m, c, now) => {
      assertMove(c.status, CaseStatus.REJECTED);
      return {
        set: { status: CaseStatus.REJECTED, activeDueAt: null, closedAt: now },
        event: { type: E.REJECTED, note: required(reason, 'reason'), detail: { reason: reason.trim() } },
      };
    });
  }

  orderRectification(caller: Caller, caseId: string, dueDate: string, amountToPay: string, note?: string | null): Promise<CaseEntity> {
    return this.change(caller, caseId, 'act', 'order rectification', async (_m, c, now) => {
      assertMove(c.status, CaseStatus.RECTIFICATION_ORDERED);
      if (dueDate <= shanghaiDate(now)) throw badInput('dueDate', 'dueDate must be in the future');
      const amount = parseMoney(amountToPay);
      if (amount <= 0n) throw badInput('amountToPay', 'amountToPay must be more than 0');
      return {
        set: { status: CaseStatus.RECTIFICATION_ORDERED, rectificationDueAt: shanghaiEndOfDay(dueDate), rectificationAmount: formatMoney(amount) },
        event: {
          type: E.RECTIFICATION_ORDERED,
          note: joinNote(`责令于 ${dueDate} 前支付 ${formatMoney(amount)} 元`, note),
          detail: { dueDate, amount: formatMoney(amount) },
        },
      };
    });
  }

  /**
   * Adds to the amount recovered. The total may pass the amount owed, up to twice it: the arrears
   * plus the additional compensation of at most 100% that may be ordered when an order to pay is
   * ignored (劳动合同法 Art 85, 加付赔偿金); never beyond what the column holds.
   */
  recordPayment(caller: Caller, caseId: string, amount: string, workersPaid: number, note?: string | null): Promise<CaseEntity> {
    return this.change(caller, caseId, 'act', 'record a payment', async (_m, c, now) => {
      if (![...INVESTIGATION_STATUSES, CaseStatus.TRANSFERRED_TO_POLICE].includes(c.status)) {
        throw conflict(`the case is ${c.status}; payments are recorded once it is filed and until it is closed`);
      }
      const paid = parseMoney(amount);
      if (paid <= 0n) throw badInput('amount', 'amount must be more than 0');
      if (!Number.isInteger(workersPaid) || workersPaid < 0) throw badInput('workersPaid', 'workersPaid must be 0 or more');
      const total = moneyFromDb(c.amountRecovered) + paid;
      const cap = moneyFromDb(c.amountOwed) * 2n;
      if (total > cap) {
        throw badInput('amount', `the total recovered (${formatMoney(total)}) would pass twice the amount owed (${formatMoney(cap)})`);
      }
      if (!fitsMoneyColumn(total)) throw badInput('amount', `the total recovered would pass ${formatMoney(MONEY_COLUMN_MAX_FEN)}`);
      if (c.workersPaid + workersPaid > INT_COLUMN_MAX) throw badInput('workersPaid', `the total of workers paid would pass ${INT_COLUMN_MAX}`);
      const fullyPaid = !c.fullyPaidAt && total >= moneyFromDb(c.amountOwed);
      return {
        set: { amountRecovered: formatMoney(total), workersPaid: c.workersPaid + workersPaid, ...(fullyPaid ? { fullyPaidAt: now } : {}) },
        event: {
          type: E.PAYMENT_RECORDED,
          note: joinNote(`追回 ${formatMoney(paid)} 元，${workersPaid} 名劳动者`, note),
          detail: { amount: formatMoney(paid), total: formatMoney(total) },
        },
      };
    });
  }

  decidePenalty(caller: Caller, caseId: string, fine: string, basis: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'act', 'decide a penalty', async (_m, c) => {
      assertMove(c.status, CaseStatus.PENALTY_DECIDED);
      const amount = parseMoney(fine);
      if (amount <= 0n) throw badInput('fine', 'fine must be more than 0');
      return {
        set: { status: CaseStatus.PENALTY_DECIDED, penaltyFine: formatMoney(amount) },
        event: { type: E.PENALTY_DECIDED, note: `罚款 ${formatMoney(amount)} 元；依据：${required(basis, 'basis')}` },
      };
    });
  }

  /** 移送公安: the investigation clock stops; the case closes when the police are done. */
  transferToPolice(caller: Caller, caseId: string, reason: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'act', 'transfer to the police', async (_m, c) => {
      assertMove(c.status, CaseStatus.TRANSFERRED_TO_POLICE);
      return { set: { status: CaseStatus.TRANSFERRED_TO_POLICE, activeDueAt: null }, event: { type: E.TRANSFERRED_TO_POLICE, note: required(reason, 'reason') } };
    });
  }

  /** Once per case: the handling deadline becomes 90 working days after filing. */
  extendDeadline(caller: Caller, caseId: string, reason: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'lead', 'extend the deadline', async (m, c) => {
      const why = required(reason, 'reason');
      if (!INVESTIGATION_STATUSES.includes(c.status)) throw conflict(`the case is ${c.status}; only a case under investigation can be extended`);
      if (c.extended) throw conflict('the deadline was already extended once');
      const due = await this.calendar.addWorkingDays(m, c.filedAt!, HANDLING_DAYS + EXTENSION_DAYS);
      return {
        set: { extended: true, handlingDueAt: due.dueAt, activeDueAt: due.dueAt, deadlineProvisional: due.provisional },
        event: { type: E.EXTENDED, note: `延长办理期限至 ${shanghaiDate(due.dueAt)}：${why}` },
      };
    });
  }

  close(caller: Caller, caseId: string, outcome: CaseOutcome, summary: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'lead', 'close', async (m, c, now) => {
      assertMove(c.status, CaseStatus.CLOSED);
      const text = required(summary, 'summary');
      if (outcome === CaseOutcome.PAID_IN_FULL && moneyFromDb(c.amountRecovered) < moneyFromDb(c.amountOwed)) {
        throw badInput('outcome', `PAID_IN_FULL needs the amount recovered (${c.amountRecovered}) to reach the amount owed (${c.amountOwed})`);
      }
      return {
        set: { status: CaseStatus.CLOSED, outcome, closedAt: now, activeDueAt: null, workingDaysToClose: await this.workingDaysSinceOpening(m, c, now) },
        event: { type: E.CLOSED, note: `${outcome}：${text}`, detail: { outcome } },
      };
    });
  }

  addNote(caller: Caller, caseId: string, note: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'note', 'add a note', async () => ({ event: { type: E.NOTE, note: required(note, 'note') } }));
  }

  // ------------------------------------------------------------------ links and transfer

  linkUnit(caller: Caller, caseId: string, unitCode: string, reason: LinkReason): Promise<CaseEntity> {
    return this.change(caller, caseId, 'relink', 'link a unit', async (m, c, now) => {
      if (reason === LinkReason.TRANSFERRED_FROM) throw badInput('reason', 'TRANSFERRED_FROM is set by transferCase');
      const unit = await requireUnit(m, unitCode, 'unitCode');
      if (unit.code === c.handlingUnitCode) throw badInput('unitCode', 'the handling unit cannot be linked to its own case');
      const [existing]: { reason: LinkReason }[] = await m.query(`SELECT reason FROM case_link WHERE case_id = $1 AND unit_code = $2`, [c.id, unit.code]);
      if (existing) throw conflict(`${unit.code} is already linked (${existing.reason})`);
      await this.insertLink(m, c.id, unit.code, reason, caller.user.id, now);
      return { event: { type: E.LINKED, note: `${unit.code} ${unit.name}：${reason}` }, anchorsChanged: true };
    });
  }

  unlinkUnit(caller: Caller, caseId: string, unitCode: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'relink', 'unlink a unit', async (m, c) => {
      // 移送: the unit that handed the case over keeps its read access.
      const [link]: { reason: LinkReason }[] = await m.query(`SELECT reason FROM case_link WHERE case_id = $1 AND unit_code = $2`, [c.id, unitCode]);
      if (link?.reason === LinkReason.TRANSFERRED_FROM) throw badInput('unitCode', `${unitCode} handled this case before its transfer; that link stays`);
      const removed = await rows<{ reason: LinkReason }>(m, `DELETE FROM case_link WHERE case_id = $1 AND unit_code = $2 RETURNING reason`, [c.id, unitCode]);
      if (!removed.length) throw badInput('unitCode', `${unitCode} is not linked to this case`);
      return { event: { type: E.UNLINKED, note: unitCode }, anchorsChanged: true };
    });
  }

  /**
   * 移送: the case moves to a TOWNSHIP or COUNTY unit outside the handling unit's subtree; the
   * number stays, the old unit keeps read access through a TRANSFERRED_FROM link. The receiver may
   * not pass it on; only a SUPERVISOR above both units can move it again (指定管辖).
   */
  transfer(caller: Caller, caseId: string, toUnitCode: string, reason: string): Promise<CaseEntity> {
    return this.change(caller, caseId, 'relink', 'transfer', async (m, c, now) => {
      const why = required(reason, 'reason');
      if (!OPEN_STATUSES.includes(c.status)) throw caseClosed(c.status);
      const target = await requireUnit(m, toUnitCode, 'toUnitCode', [UnitLevel.TOWNSHIP, UnitLevel.COUNTY]);
      if (target.path.startsWith(c.handlingPath)) {
        throw badInput('toUnitCode', `${target.code} lies inside the handling unit's own subtree; transfer goes to another jurisdiction`);
      }
      if (c.transferredIn) {
        const designates = caller.ability.can('designate', caseSubject(c)) && caller.ability.can('designate', caseSubject({ handlingPath: target.path }));
        if (!designates) throw conflict('the case was transferred once already; only a supervisor above both units can assign it again (指定管辖)');
      }
      await m.query(
        `INSERT INTO case_link (case_id, unit_code, reason, linked_at, linked_by) VALUES ($1, $2, 'TRANSFERRED_FROM', $3, $4)
         ON CONFLICT (case_id, unit_code) DO UPDATE SET reason = 'TRANSFERRED_FROM', linked_at = EXCLUDED.linked_at`,
        [c.id, c.handlingUnitCode, now, caller.user.id],
      );
      await m.query(`DELETE FROM case_link WHERE case_id = $1 AND unit_code = $2`, [c.id, target.code]);
      return {
        set: { handlingUnitCode: target.code, handlingPath: target.path, ...levelCodes(target.path), transferredIn: true },
        event: { type: E.TRANSFERRED, note: `${c.handlingUnitCode} → ${target.code} ${target.name}：${why}`, detail: { unitName: target.name } },
        anchorsChanged: true,
      };
    });
  }

  // ------------------------------------------------------------------ machinery

  /**
   * Runs one command (see the class comment); returns the case as it is after the change.
   * `action` null: seeing the case is enough (the work checks anything further itself).
   */
  async change(
    caller: Caller,
    caseId: string,
    action: Action | null,
    verb: string,
    work: (m: EntityManager, c: CaseEntity, now: Date) => Promise<CaseChange>,
  ): Promise<CaseEntity> {
    const now = this.clock.now();
    const { updated, message } = await transaction(this.ds, async (m) => {
      const c = await this.queries.findVisible(caller.ability, { id: caseId }, m);
      return this.changeIn(m, caller, c, await this.visibleTo(m, c.id), action, verb, now, work);
    });
    await this.bus.publish([message]);
    return updated;
  }

  /** The body of `change` for a case already read (with the units that see it), in the caller's transaction. */
  private async changeIn(
    m: EntityManager,
    caller: Caller,
    c: CaseEntity,
    visibleTo: string[],
    action: Action | null,
    verb: string,
    now: Date,
    work: (m: EntityManager, c: CaseEntity, now: Date) => Promise<CaseChange>,
  ): Promise<{ updated: CaseEntity; message: CaseEventMessage }> {
    if (action && caller.ability.cannot(action, caseSubject(c, visibleTo))) throw caseForbidden(verb);
    const change = await work(m, c, now);
    await this.applyChange(m, c, change.set ?? {});
    if (change.anchorsChanged) await refreshVisibility(m, CASE_VISIBILITY, [c.id]);
    const updated = await m.getRepository(CaseEntity).findOneByOrFail({ id: c.id });
    await this.hooks.run(m, updated, change.event, now);
    // Who sees the case after the change: the same units unless its anchors moved.
    const seenBy = change.anchorsChanged ? undefined : visibleTo;
    return { updated, message: await this.writeEvent(m, updated, change.event, caller.user.id, now, seenBy) };
  }

  /** The update, guarded by the version read: a concurrent command that committed first wins. */
  async applyChange(m: EntityManager, c: CaseEntity, set: CaseSet): Promise<void> {
    if (!(await updateVersioned(m, CaseEntity, c, set))) throw caseChanged();
  }

  async writeEvent(
    m: EntityManager,
    c: Pick<CaseEntity, 'id' | 'number' | 'handlingPath'>,
    event: NewCaseEvent,
    actorId: string | null,
    at: Date,
    /** The units that see the case now, when the caller has just read them. */
    visibleTo?: string[],
  ): Promise<CaseEventMessage> {
    await m.query(`INSERT INTO case_event (case_id, at, type, actor_id, note) VALUES ($1, $2, $3, $4, $5)`, [
      c.id,
      at,
      event.type,
      actorId,
      event.note ?? null,
    ]);
    return {
      event: { caseId: c.id, caseNumber: c.number, at: at.toISOString(), type: event.type, actorId, note: event.note ?? null },
      visibleTo: visibleTo ?? (await this.visibleTo(m, c.id)),
      handlingLine: c.handlingPath.split('.'),
    };
  }

  /** The units that may see a case (its visibility rows), read in the caller's transaction. */
  /** Working days from the Shanghai day the case was received to the day of `now` (the published 效能 figure). */
  private async workingDaysSinceOpening(m: EntityManager, c: CaseEntity, now: Date): Promise<number> {
    return (await this.calendar.calendar(m)).workingDaysBetween(shanghaiDate(c.openedAt), shanghaiDate(now));
  }

  private async visibleTo(m: EntityManager, caseId: string): Promise<string[]> {
    return (await unitsSeeing(m, CASE_VISIBILITY, [caseId])).get(caseId)!;
  }

  async insertLink(m: EntityManager, caseId: string, unitCode: string, reason: LinkReason, by: string | null, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO case_link (case_id, unit_code, reason, linked_at, linked_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [caseId, unitCode, reason, at, by],
    );
  }

  /**
   * After a holiday schedule changes: every running clock is counted again from its start
   * (acceptance from opening, handling from filing, 60 or 90 days; an unanswered assistance request
   * from when it was sent). One UPDATE per table.
   */
  async recomputeOpenDeadlines(m: EntityManager): Promise<{ recomputed: number; changes: DeadlineChangeRow[] }> {
    const calendar = await this.calendar.calendar(m);
    const open: {
      id: string;
      status: CaseStatus;
      opened_at: Date;
      filed_at: Date | null;
      extended: boolean;
      active_due_at: Date;
      deadline_provisional: boolean;
    }[] = await m.query(`SELECT id, status, opened_at, filed_at, extended, active_due_at, deadline_provisional FROM case_file WHERE active_due_at IS NOT NULL`);
    const ids: string[] = [];
    const acceptance: (Date | null)[] = [];
    const handling: (Date | null)[] = [];
    const active: Date[] = [];
    const provisional: boolean[] = [];
    const changes: DeadlineChangeRow[] = [];
    for (const c of open) {
      const received = c.status === CaseStatus.RECEIVED;
      const due = received
        ? calendar.addWorkingDays(new Date(c.opened_at), ACCEPTANCE_DAYS)
        : calendar.addWorkingDays(new Date(c.filed_at!), HANDLING_DAYS + (c.extended ? EXTENSION_DAYS : 0));
      ids.push(c.id);
      acceptance.push(received ? due.dueAt : null);
      handling.push(received ? null : due.dueAt);
      active.push(due.dueAt);
      provisional.push(due.provisional);
      const before = new Date(c.active_due_at);
      if (before.getTime() !== due.dueAt.getTime() || c.deadline_provisional !== due.provisional) {
        changes.push({
          caseId: c.id,
          kind: received ? DeadlineKind.ACCEPTANCE : DeadlineKind.HANDLING,
          previousDueAt: before,
          dueAt: due.dueAt,
          previousProvisional: c.deadline_provisional,
          provisional: due.provisional,
        });
      }
    }
    if (ids.length) {
      await m.query(
        `UPDATE case_file c SET
           acceptance_due_at = COALESCE(u.acceptance, c.acceptance_due_at),
           handling_due_at = COALESCE(u.handling, c.handling_due_at),
           active_due_at = u.active, deadline_provisional = u.provisional
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::boolean[])
           AS u(id, acceptance, handling, active, provisional)
         WHERE c.id = u.id`,
        [ids, acceptance, handling, active, provisional],
      );
    }
    // 协查: an unanswered request's 10 working days, counted again from when it was sent.
    const requests: { id: string; case_id: string; requested_at: Date; due_at: Date; due_provisional: boolean }[] = await m.query(
      `SELECT id, case_id, requested_at, due_at, due_provisional FROM assistance_request WHERE answered_at IS NULL`,
    );
    const dues = requests.map((r) => calendar.addWorkingDays(new Date(r.requested_at), ASSISTANCE_DAYS));
    requests.forEach((r, i) => {
      const before = new Date(r.due_at);
      if (before.getTime() !== dues[i].dueAt.getTime() || r.due_provisional !== dues[i].provisional) {
        changes.push({
          caseId: r.case_id,
          kind: DeadlineKind.ASSISTANCE,
          previousDueAt: before,
          dueAt: dues[i].dueAt,
          previousProvisional: r.due_provisional,
          provisional: dues[i].provisional,
        });
      }
    });
    if (requests.length) {
      await m.query(
        `UPDATE assistance_request r SET due_at = u.due, due_provisional = u.provisional
         FROM unnest($1::uuid[], $2::timestamptz[], $3::boolean[]) AS u(id, due, provisional) WHERE r.id = u.id`,
        [requests.map((r) => r.id), dues.map((d) => d.dueAt), dues.map((d) => d.provisional)],
      );
    }
    return { recomputed: ids.length + requests.length, changes };
  }
}

/** Which clock a recomputed deadline belongs to. */
export enum DeadlineKind {
  ACCEPTANCE = 'ACCEPTANCE',
  HANDLING = 'HANDLING',
  ASSISTANCE = 'ASSISTANCE',
}

/** One open deadline that moved (or stopped being provisional) when the calendar changed. */
export interface DeadlineChangeRow {
  caseId: string;
  kind: DeadlineKind;
  previousDueAt: Date;
  dueAt: Date;
  previousProvisional: boolean;
  provisional: boolean;
}

/** The handling unit's ancestors by level, from its path (province.city.county[.township]). */
export function levelCodes(path: string) {
  const [provinceCode, cityCode, countyCode, townshipCode] = path.split('.');
  return { provinceCode, cityCode, countyCode, townshipCode: townshipCode ?? null };
}

export function searchText(number: string, title: string, employerName: string): string {
  return `${number} ${title} ${employerName}`.toLowerCase();
}

/** What a claim brings to the case it opens or joins (see `openFromClaims`, `attachClaims`). */
export interface ClaimIntake {
  claimNumber: string;
  employer: { name: string; creditCode: string | null };
  description: string;
  /** The claim's routed unit: the handling unit of a case it opens. */
  handlingUnitCode: string;
  workplaceUnitCode: string;
  workersAffected: number;
  amountOwed: bigint;
  /** The county of the claimant's household registration, if known: linked (WORKER_ORIGIN) unless it handles the case. */
  workerOriginUnitCode: string | null;
}

/** A case just opened or changed for claims, and the events to publish after commit. */
export interface CaseOpened {
  case: CaseEntity;
  messages: CaseEventMessage[];
}

interface CaseToOpen {
  title: string;
  description: string;
  source: CaseSource;
  handling: Unit;
  workplace: Unit;
  employer: EmployerInput;
  employerField?: string;
  workersAffected: number;
  amountOwed: bigint;
  note: string;
  workerOrigin?: string | null;
}

function assertMayOpen(caller: Caller, handling: Unit): void {
  if (caller.ability.cannot('open', caseSubject({ handlingPath: handling.path }))) {
    throw caseForbidden(`open a case for ${handling.code} (outside your jurisdiction)`);
  }
}

/** Whether unit `code` lies within the subtree whose path is `path` (codes are prefixes of their descendants). */
function isWithin(code: string, path: string): boolean {
  const top = path.split('.').pop()!;
  return code.startsWith(top);
}

/** Notes and reasons on a case: required, at most 5,000 characters. */
function required(text: string | null | undefined, field: string): string {
  return requiredText(text, field, 5000);
}

function joinNote(main: string, extra?: string | null): string {
  return extra?.trim() ? `${main}。${extra.trim()}` : main;
}
