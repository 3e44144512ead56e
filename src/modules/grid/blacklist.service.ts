import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { badInput, conflict, forbidden, notFound, requiredText } from '../../common/errors';
import { moneyFromDb } from '../../common/money';
import { shanghaiDate } from '../../common/time';
import { AppAbility } from '../auth/access/ability.factory';
import { CurrentUser } from '../auth/access/current-user';
import { applyVisibility, VisibilitySpec } from '../auth/access/visibility';
import { Role } from '../auth/role.enum';
import { CalendarService } from '../cases/calendar/calendar.service';
import { CaseEntity } from '../cases/case.entity';
import { CaseEventMessage, CaseEventsBus } from '../cases/case-events.bus';
import { CaseQueriesService } from '../cases/case-queries.service';
import { isUuid } from '../../common/uuid';
import { CasesService } from '../cases/cases.service';
import { LISTING_YEARS, OBJECTION_WORKING_DAYS, REMOVAL_AFTER_MONTHS } from '../cases/statutory';
import { BlacklistEntryModel, BlacklistStatus } from './grid.models';
import { RiskService } from './risk.service';
import { UnitLevel } from './unit.entity';

/** Blacklist entries are seen exactly as their case is. */
export const BLACKLIST_VISIBILITY: VisibilitySpec = {
  subject: 'BlacklistEntry',
  table: 'blacklist_entry',
  sortColumn: 'proposed_at',
  visibilityTable: 'case_visibility',
  recordIdColumn: 'case_id',
  columns: {},
};

/** The most entries `blacklist` returns, newest first. */
const LIST_LIMIT = 500;

interface Caller {
  user: CurrentUser;
  ability: AppAbility;
}

/**
 * 拖欠农民工工资失信联合惩戒名单 ("谁执法、谁认定、谁负责"): proposed by county-level or higher
 * staff for a case whose arrears reach the province's criminal threshold and whose payment order
 * went unpaid past its due date; listed after a 10-working-day objection window, for 3 years;
 * removed early only 6 months or more after full payment, with a reason.
 */
@Injectable()
export class BlacklistService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly queries: CaseQueriesService,
    private readonly cases: CasesService,
    private readonly risk: RiskService,
    private readonly bus: CaseEventsBus,
  ) {}

  async propose(caller: Caller, employerId: string, caseId: string, reason: string): Promise<BlacklistEntryModel> {
    this.assertCountyOrAbove(caller);
    const why = requiredText(reason, 'reason');
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const c = await this.queries.findVisible(caller.ability, { id: caseId }, m);
      if (c.employerId !== employerId) throw badInput('employerId', 'the employer is not the employer of this case');
      const threshold = this.threshold(c);
      if (!meetsThreshold(c, threshold)) {
        throw conflict(
          `arrears of ${c.amountOwed} yuan for ${c.workersAffected} worker(s) do not reach the criminal threshold of province ${c.provinceCode} ` +
            `(${threshold.oneWorker} yuan per worker, or ${threshold.tenWorkers} yuan for ten or more)`,
        );
      }
      if (!c.rectificationDueAt) throw conflict('no payment order was issued in this case');
      if (c.rectificationDueAt >= now) throw conflict(`the payment order is due ${shanghaiDate(c.rectificationDueAt)}; it has not been ignored yet`);
      if (moneyFromDb(c.amountRecovered) >= moneyFromDb(c.amountOwed)) throw conflict('the arrears have been paid in full');
      const [active] = await m.query(`SELECT status FROM blacklist_entry WHERE employer_id = $1 AND case_id = $2 AND status <> 'REMOVED'`, [employerId, c.id]);
      if (active) throw conflict(`this employer is already ${active.status} for this case`);
      const due = await this.calendar.addWorkingDays(m, now, OBJECTION_WORKING_DAYS);
      const [row] = await m.query(
        `INSERT INTO blacklist_entry (employer_id, case_id, status, reason, proposed_at, proposed_by, objection_due_at, basis, facts, legal_basis, employer_name, employer_credit_code)
         SELECT $1, $2, 'PROPOSED', $3, $4, $5, $6, 'THRESHOLD', $3, $7, e.name, e.credit_code FROM employer e WHERE e.id = $1 RETURNING id`,
        [employerId, c.id, why, now, caller.user.id, due.dueAt, '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第（一）项'],
      );
      messages.push(await this.cases.writeEvent(m, c, { type: 'BLACKLIST_PROPOSED', note: `拟列入失信名单，异议期至 ${shanghaiDate(due.dueAt)}：${why}` }, caller.user.id, now));
      return row.id;
    });
  }

  async confirm(caller: Caller, entryId: string): Promise<BlacklistEntryModel> {
    this.assertCountyOrAbove(caller);
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status !== BlacklistStatus.PROPOSED) throw conflict(`the entry is ${entry.status}`);
      if (now <= new Date(entry.objection_due_at)) {
        throw conflict(`the objection window is open until ${shanghaiDate(new Date(entry.objection_due_at))}`);
      }
      const expires = addYears(now, LISTING_YEARS);
      await m.query(`UPDATE blacklist_entry SET status = 'LISTED', listed_at = $2, listed_by = $3, expires_at = $4, listing_unit_code = $5 WHERE id = $1`, [entryId, now, caller.user.id, expires, caller.user.unitCode]);
      await this.risk.evaluate(m, entry.employer_id, now);
      messages.push(await this.cases.writeEvent(m, c, { type: 'BLACKLISTED', note: `列入失信名单至 ${shanghaiDate(expires)}` }, caller.user.id, now));
      return entryId;
    });
  }

  async remove(caller: Caller, entryId: string, reason: string): Promise<BlacklistEntryModel> {
    this.assertCountyOrAbove(caller);
    const why = requiredText(reason, 'reason');
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status === BlacklistStatus.REMOVED) throw conflict('the entry was already removed');
      if (entry.status === BlacklistStatus.LISTED && new Date(entry.expires_at) > now) {
        if (!c.fullyPaidAt) throw conflict('a listed employer is removed early only after paying the arrears in full');
        const from = addMonths(c.fullyPaidAt, REMOVAL_AFTER_MONTHS);
        if (now < from) throw conflict(`early removal is possible from ${shanghaiDate(from)}, six months after full payment`);
      }
      await m.query(`UPDATE blacklist_entry SET status = 'REMOVED', removed_at = $2, removed_by = $3, removal_reason = $4 WHERE id = $1`, [
        entryId,
        now,
        caller.user.id,
        why,
      ]);
      await this.risk.evaluate(m, entry.employer_id, now);
      messages.push(await this.cases.writeEvent(m, c, { type: 'BLACKLIST_REMOVED', note: why }, caller.user.id, now));
      return entryId;
    });
  }

  /** Entries the caller may see (as their cases), optionally for cases handled in a unit's subtree. */
  async list(ability: AppAbility, unitCode?: string | null): Promise<BlacklistEntryModel[]> {
    const qb = this.ds.createQueryBuilder().select('b.*').from('blacklist_entry', 'b');
    applyVisibility(qb, ability, 'read', BLACKLIST_VISIBILITY);
    if (unitCode) {
      qb.andWhere('b.case_id IN (SELECT id FROM case_file WHERE handling_path <@ (SELECT path FROM unit WHERE code = :unitCode))', { unitCode });
    }
    const rows = await qb.orderBy('b.proposed_at', 'DESC').addOrderBy('b.id', 'DESC').limit(LIST_LIMIT).getRawMany();
    return rows.map(toEntry);
  }

  private async command(work: (m: EntityManager, messages: CaseEventMessage[]) => Promise<string>): Promise<BlacklistEntryModel> {
    const messages: CaseEventMessage[] = [];
    const id = await this.ds.transaction((m) => work(m, messages));
    await this.bus.publish(messages);
    const [row] = await this.ds.query(`SELECT * FROM blacklist_entry WHERE id = $1`, [id]);
    return toEntry(row);
  }

  private async entryFor(caller: Caller, entryId: string, m: EntityManager): Promise<{ entry: any; c: CaseEntity }> {
    if (!isUuid(entryId)) throw notFound('blacklist entry');
    const [entry] = await m.query(`SELECT * FROM blacklist_entry WHERE id = $1 FOR UPDATE`, [entryId]);
    if (!entry) throw notFound('blacklist entry');
    const c = await this.queries.findVisible(caller.ability, { id: entry.case_id }, m).catch(() => {
      throw notFound('blacklist entry');
    });
    return { entry, c };
  }

  private assertCountyOrAbove(caller: Caller): void {
    const { role, unitLevel } = caller.user;
    const staff = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR].includes(role);
    if (!staff || ![UnitLevel.COUNTY, UnitLevel.CITY, UnitLevel.PROVINCE].includes(unitLevel!)) {
      throw forbidden('the blacklist is decided by county-level bureaus and above (谁执法、谁认定、谁负责)');
    }
  }

  private threshold(c: CaseEntity): { oneWorker: number; tenWorkers: number } {
    const all = this.config.criminalThresholds;
    return all[c.provinceCode] ?? all.default;
  }
}

/**
 * The criminal "large amount" (拒不支付劳动报酬罪): ten or more workers owed the group threshold in
 * total, or the single-worker threshold owed per worker on average.
 */
export function meetsThreshold(c: Pick<CaseEntity, 'amountOwed' | 'workersAffected'>, t: { oneWorker: number; tenWorkers: number }): boolean {
  const owed = moneyFromDb(c.amountOwed);
  const workers = BigInt(Math.max(1, c.workersAffected));
  if (c.workersAffected >= 10 && owed >= BigInt(t.tenWorkers) * 100n) return true;
  return owed >= BigInt(t.oneWorker) * 100n * workers;
}

function toEntry(r: any): BlacklistEntryModel {
  const d = (v: unknown) => (v ? new Date(v as string) : null);
  return {
    id: r.id,
    employerId: r.employer_id,
    caseId: r.case_id,
    status: r.status,
    reason: r.reason,
    proposedAt: new Date(r.proposed_at),
    objectionDueAt: new Date(r.objection_due_at),
    listedAt: d(r.listed_at),
    expiresAt: d(r.expires_at),
    removedAt: d(r.removed_at),
    removalReason: r.removal_reason,
  };
}

function addYears(d: Date, years: number): Date {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() + years);
  return x;
}

function addMonths(d: Date, months: number): Date {
  const x = new Date(d);
  x.setUTCMonth(x.getUTCMonth() + months);
  return x;
}
