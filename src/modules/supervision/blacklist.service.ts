import DataLoader from 'dataloader';
import { LoaderRegistry } from '../access/request-context';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { badInput, conflict, forbidden, notFound, requiredText } from '../../common/errors';
import { isValidIdCard, normalizeIdCard } from '../../common/id-card';
import { maskIdCard } from '../../common/masking';
import { moneyFromDb } from '../../common/money';
import { PiiCipher } from '../../common/pii';
import { isDateString, shanghaiDate } from '../../common/time';
import { AppAbility, caseSubject, incidentSubject } from '../access/ability.factory';
import { CurrentUser } from '../access/current-user';
import { applyVisibility, VisibilitySpec, withinSubtree } from '../access/visibility';
import { CalendarService } from '../calendar/calendar.service';
import { CaseEntity } from '../cases/case.entity';
import { CaseEventMessage, CaseEventsBus } from '../cases/case-events.bus';
import { CaseEventType } from '../cases/case-event.types';
import { CaseQueriesService } from '../cases/case-queries.service';
import { CasesService } from '../cases/cases.service';
import { isUuid } from '../../common/uuid';
import { ArrearsIncidentModel, BlacklistBasis, BlacklistPartyModel, BlacklistPartyRole, BlacklistRepairModel, IncidentKind, MAX_BLACKLIST_PARTIES, MAX_BLACKLIST_REPAIRS, BlacklistEntryModel, BlacklistStatus } from './blacklist.models';
import { ArrearsIncidentInput, BlacklistPartyInput } from './dto/blacklist.inputs';
import { LISTING_YEARS, OBJECTION_WORKING_DAYS, REMOVAL_AFTER_MONTHS, REPAIR_DECISION_WORKING_DAYS } from '../cases/statutory';
import { RiskService } from './risk.service';
import { transaction } from '../../common/audit/audit-scope';

/** Blacklist entries are seen exactly as their case is. */
export const BLACKLIST_VISIBILITY: VisibilitySpec = {
  subject: 'BlacklistEntry',
  table: 'blacklist_entry',
  sortColumn: 'proposed_at',
  visibilityTable: 'case_visibility',
  recordIdColumn: 'case_id',
  columns: {},
};

/** A `blacklist_entry` row (`SELECT *`). */
interface BlacklistEntryRow {
  id: string;
  employer_id: string;
  case_id: string;
  status: BlacklistStatus;
  reason: string;
  proposed_at: Date;
  proposed_by: string;
  objection_due_at: Date;
  listed_at: Date | null;
  listed_by: string | null;
  expires_at: Date | null;
  removed_at: Date | null;
  removed_by: string | null;
  removal_reason: string | null;
  basis: BlacklistBasis;
  incident_id: string | null;
  facts: string;
  legal_basis: string;
  employer_name: string;
  employer_credit_code: string | null;
  statement: string | null;
  statement_received_at: Date | null;
  statement_recorded_by: string | null;
  statement_answer: string | null;
  statement_accepted: boolean | null;
  statement_answered_at: Date | null;
  statement_answered_by: string | null;
  listing_unit_code: string | null;
  decision_number: string | null;
}

/** A `blacklist_incident` row as INCIDENT_COLS selects it. */
interface BlacklistIncidentRow {
  id: string;
  case_id: string;
  kind: IncidentKind;
  /** Whatever the driver makes of a date: read `occurred_day`. */
  occurred_on: unknown;
  /** occurred_on as YYYY-MM-DD. */
  occurred_day: string;
  place: string;
  description: string;
  recorded_at: Date;
  recorded_by: string;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmed_unit_code: string | null;
}

/** A `blacklist_party` row (`SELECT *`); `id_card_enc` is the AES-GCM ciphertext. */
interface BlacklistPartyRow {
  id: string;
  entry_id: string;
  role: BlacklistPartyRole;
  name: string;
  id_card_enc: string;
  id_card_hash: string;
  added_at: Date;
  added_by: string;
}

/** A `blacklist_repair` row (`SELECT *`). */
interface BlacklistRepairRow {
  id: string;
  entry_id: string;
  applicant: string;
  commitment: string;
  corrected_at: Date;
  applied_at: Date;
  recorded_by: string;
  decision_due_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  granted: boolean | null;
  decision_reason: string | null;
}

/** The most entries `blacklist` returns, newest first. */
export const BLACKLIST_LIST_LIMIT = 500;
const TEXT_MAX = 5000;

/** occurred_on as its calendar day, whatever the driver makes of a date. */
const INCIDENT_COLS = `*, occurred_on::text AS occurred_day`;
const RULES = '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）';
export const LEGAL_BASIS: Record<BlacklistBasis, string> = {
  [BlacklistBasis.THRESHOLD]: `《保障农民工工资支付条例》第四十八条；${RULES}第五条第（一）项`,
  [BlacklistBasis.INCIDENT]: `《保障农民工工资支付条例》第四十八条；${RULES}第五条第（二）项`,
};
const ROLE_CN: Record<BlacklistPartyRole, string> = {
  LEGAL_REPRESENTATIVE: '法定代表人',
  PRINCIPAL: '主要负责人',
  RESPONSIBLE_MANAGER: '直接负责的主管人员',
  OTHER_RESPONSIBLE: '其他直接责任人员',
};
const INCIDENT_CN: Record<IncidentKind, string> = { MASS: '群体性事件', EXTREME: '极端事件' };

interface Caller {
  user: CurrentUser;
  ability: AppAbility;
}

export interface ProposeOptions {
  facts?: string | null;
  incidentId?: string | null;
  parties?: BlacklistPartyInput[] | null;
}

/**
 * 拖欠农民工工资失信联合惩戒对象名单 as 人社部令第45号 has it (docs/RULES.md gives the articles).
 * Who may do what is the CASL ability (`blacklist` on the case's handling line for county-level
 * bureaus and above, `recordIncident` for squad leaders, `confirm` for incidents); this service
 * holds the conditions and clocks. Every command is one transaction that also writes the case's
 * timeline; events go out after commit.
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
    private readonly pii: PiiCipher,
  ) {}

  // ------------------------------------------------------------------ incidents (Art. 5(2))

  async recordIncident(caller: Caller, caseId: string, input: ArrearsIncidentInput): Promise<ArrearsIncidentModel> {
    const place = requiredText(input.place, 'place', 200);
    const description = requiredText(input.description, 'description', TEXT_MAX);
    const now = this.clock.now();
    if (!isDateString(input.occurredOn)) throw badInput('occurredOn', 'occurredOn must be a date');
    if (input.occurredOn > shanghaiDate(now)) throw badInput('occurredOn', 'occurredOn may not be in the future');
    const messages: CaseEventMessage[] = [];
    const id = await transaction(this.ds, async (m) => {
      const c = await this.queries.findVisible(caller.ability, { id: caseId }, m);
      if (caller.ability.cannot('recordIncident', caseSubject(c))) {
        throw forbidden('an incident is recorded by a squad leader of the handling unit or above');
      }
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO blacklist_incident (case_id, kind, occurred_on, place, description, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [c.id, input.kind, input.occurredOn, place, description, now, caller.user.id],
      );
      messages.push(
        await this.cases.writeEvent(m, c, { type: CaseEventType.ARREARS_INCIDENT_RECORDED, note: `${INCIDENT_CN[input.kind]}（${input.occurredOn}，${place}）：${description}` }, caller.user.id, now),
      );
      return row.id;
    });
    await this.bus.publish(messages);
    return this.incidentById(id);
  }

  async confirmIncident(caller: Caller, incidentId: string): Promise<ArrearsIncidentModel> {
    const now = this.clock.now();
    const messages: CaseEventMessage[] = [];
    await transaction(this.ds, async (m) => {
      const { incident, c } = await this.incidentFor(caller, incidentId, m);
      if (caller.ability.cannot('confirm', incidentSubject(c, incident.recorded_by))) {
        throw forbidden('an incident is confirmed by a county-level or higher unit, by someone other than who recorded it');
      }
      if (incident.confirmed_at) throw conflict('the incident was already confirmed');
      await m.query(`UPDATE blacklist_incident SET confirmed_at = $2, confirmed_by = $3, confirmed_unit_code = $4 WHERE id = $1`, [
        incidentId,
        now,
        caller.user.id,
        caller.user.unitCode,
      ]);
      messages.push(await this.cases.writeEvent(m, c, { type: CaseEventType.ARREARS_INCIDENT_CONFIRMED, note: `${INCIDENT_CN[incident.kind]}已认定` }, caller.user.id, now));
    });
    await this.bus.publish(messages);
    return this.incidentById(incidentId);
  }

  /** The incidents recorded on a case the caller sees, oldest first. */
  async incidentsOf(ability: AppAbility, caseId: string): Promise<ArrearsIncidentModel[]> {
    const c = await this.queries.findVisible(ability, { id: caseId });
    const rows: BlacklistIncidentRow[] = await this.ds.query(`SELECT ${INCIDENT_COLS} FROM blacklist_incident WHERE case_id = $1 ORDER BY recorded_at, id`, [c.id]);
    return rows.map(toIncident);
  }

  // ------------------------------------------------------------------ proposal and notice (Art. 5, 7)

  async propose(caller: Caller, employerId: string, caseId: string, reason: string, opts: ProposeOptions = {}): Promise<BlacklistEntryModel> {
    const why = requiredText(reason, 'reason', TEXT_MAX);
    const facts = opts.facts == null ? null : requiredText(opts.facts, 'facts', TEXT_MAX);
    if ((opts.parties?.length ?? 0) > MAX_BLACKLIST_PARTIES) throw badInput('parties', `a listing names at most ${MAX_BLACKLIST_PARTIES} persons`);
    const parties = (opts.parties ?? []).map((p, i) => this.party(p, `parties.${i}`));
    const hashes = parties.map((p) => p.hash);
    const dup = hashes.findIndex((h, i) => hashes.indexOf(h) !== i);
    if (dup >= 0) throw badInput(`parties.${dup}.idCardNumber`, 'the same person is named twice');
    if (opts.incidentId != null && !isUuid(opts.incidentId)) throw badInput('incidentId', 'no such incident on this case');
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const c = await this.queries.findVisible(caller.ability, { id: caseId }, m);
      if (caller.ability.cannot('blacklist', caseSubject(c))) throw forbidden('the blacklist is decided by county-level bureaus and above (谁执法、谁认定、谁负责)');
      if (c.employerId !== employerId) throw badInput('employerId', 'the employer is not the employer of this case');

      let basis = BlacklistBasis.THRESHOLD;
      let incident: BlacklistIncidentRow | null = null;
      if (opts.incidentId) {
        [incident] = await m.query(`SELECT ${INCIDENT_COLS} FROM blacklist_incident WHERE id = $1 AND case_id = $2`, [opts.incidentId, c.id]);
        if (!incident) throw badInput('incidentId', 'no such incident on this case');
        if (!incident.confirmed_at) throw conflict('the incident has not been confirmed by a county-level or higher unit');
        basis = BlacklistBasis.INCIDENT;
      } else {
        const threshold = this.threshold(c);
        if (!meetsThreshold(c, threshold)) {
          throw conflict(
            `arrears of ${c.amountOwed} yuan for ${c.workersAffected} worker(s) do not reach the criminal threshold of province ${c.provinceCode} ` +
              `(${threshold.oneWorker} yuan per worker, or ${threshold.tenWorkers} yuan for ten or more), and no confirmed incident is named`,
          );
        }
      }
      // Both conditions hold only after a payment order went unpaid past its due date.
      if (!c.rectificationDueAt) throw conflict('no payment order was issued in this case');
      if (c.rectificationDueAt >= now) throw conflict(`the payment order is due ${shanghaiDate(c.rectificationDueAt)}; it has not been ignored yet`);
      if (moneyFromDb(c.amountRecovered) >= moneyFromDb(c.amountOwed)) throw conflict('the arrears have been paid in full');
      // Concurrent proposals for one case wait here, so the second sees the first (CONFLICT).
      await m.query(`SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE`, [c.id]);
      const [active]: Pick<BlacklistEntryRow, 'status'>[] = await m.query(`SELECT status FROM blacklist_entry WHERE employer_id = $1 AND case_id = $2 AND status <> 'REMOVED'`, [employerId, c.id]);
      if (active) throw conflict(`this employer is already ${active.status} for this case`);

      const [employer]: { name: string; credit_code: string | null }[] = await m.query(`SELECT name, credit_code FROM employer WHERE id = $1`, [employerId]);
      const due = await this.calendar.addWorkingDays(m, now, OBJECTION_WORKING_DAYS);
      const found = facts ?? defaultFacts(employer.name, c, incident);
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO blacklist_entry (employer_id, case_id, status, reason, proposed_at, proposed_by, objection_due_at,
                                      basis, incident_id, facts, legal_basis, employer_name, employer_credit_code)
         VALUES ($1, $2, 'PROPOSED', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [employerId, c.id, why, now, caller.user.id, due.dueAt, basis, incident?.id ?? null, found, LEGAL_BASIS[basis], employer.name, employer.credit_code],
      );
      for (const p of parties) await this.insertParty(m, row.id, p, caller.user.id, now);
      messages.push(
        await this.cases.writeEvent(
          m,
          c,
          { type: CaseEventType.BLACKLIST_PROPOSED, note: `拟列入失信联合惩戒名单，书面告知当事人，陈述申辩期至 ${shanghaiDate(due.dueAt)}：${why}` },
          caller.user.id,
          now,
        ),
      );
      return row.id;
    });
  }

  /** Adds a person to a proposal. The notice is served again, so that every party has the full window. */
  async addParty(caller: Caller, entryId: string, input: BlacklistPartyInput): Promise<BlacklistEntryModel> {
    const p = this.party(input, null);
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      this.assertProposedBeforeStatement(entry);
      const [same] = await m.query(`SELECT 1 FROM blacklist_party WHERE entry_id = $1 AND id_card_hash = $2`, [entryId, p.hash]);
      if (same) throw conflict('this person is already a party to the proposal');
      const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM blacklist_party WHERE entry_id = $1`, [entryId]);
      if (n >= MAX_BLACKLIST_PARTIES) throw conflict(`a listing names at most ${MAX_BLACKLIST_PARTIES} persons`);
      await this.insertParty(m, entryId, p, caller.user.id, now);
      const due = await this.calendar.addWorkingDays(m, now, OBJECTION_WORKING_DAYS);
      await m.query(`UPDATE blacklist_entry SET proposed_at = $2, objection_due_at = $3 WHERE id = $1`, [entryId, now, due.dueAt]);
      messages.push(
        await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_PARTY_ADDED, note: `增列当事人（${ROLE_CN[p.role]}），重新告知，陈述申辩期至 ${shanghaiDate(due.dueAt)}` }, caller.user.id, now),
      );
      return entryId;
    });
  }

  async removeParty(caller: Caller, partyId: string): Promise<BlacklistEntryModel> {
    if (!isUuid(partyId)) throw notFound('blacklist party');
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const [party]: Pick<BlacklistPartyRow, 'entry_id' | 'role'>[] = await m.query(`SELECT entry_id, role FROM blacklist_party WHERE id = $1`, [partyId]);
      if (!party) throw notFound('blacklist party');
      const { entry, c } = await this.entryFor(caller, party.entry_id, m, 'blacklist party');
      this.assertProposedBeforeStatement(entry);
      await m.query(`DELETE FROM blacklist_party WHERE id = $1`, [partyId]);
      messages.push(await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_PARTY_REMOVED, note: `不再列入当事人（${ROLE_CN[party.role]}）` }, caller.user.id, now));
      return entry.id;
    });
  }

  // ------------------------------------------------------------------ statement (陈述申辩)

  async recordStatement(caller: Caller, entryId: string, statement: string, receivedAt?: Date | null): Promise<BlacklistEntryModel> {
    const text = requiredText(statement, 'statement', TEXT_MAX);
    const now = this.clock.now();
    const received = receivedAt ?? now;
    if (received > now) throw badInput('receivedAt', 'receivedAt may not be in the future');
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status !== BlacklistStatus.PROPOSED) throw conflict(`the entry is ${entry.status}`);
      if (entry.statement !== null) throw conflict('the parties’ statement was already recorded');
      if (received < new Date(entry.proposed_at)) throw badInput('receivedAt', 'a statement is received after the notice');
      if (received > new Date(entry.objection_due_at)) {
        throw conflict(`the statement window closed ${shanghaiDate(new Date(entry.objection_due_at))}`);
      }
      await m.query(`UPDATE blacklist_entry SET statement = $2, statement_received_at = $3, statement_recorded_by = $4 WHERE id = $1`, [
        entryId,
        text,
        received,
        caller.user.id,
      ]);
      messages.push(await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_STATEMENT, note: `当事人陈述申辩：${text}` }, caller.user.id, now));
      return entryId;
    });
  }

  async answerStatement(caller: Caller, entryId: string, answer: string, accepted: boolean): Promise<BlacklistEntryModel> {
    const text = requiredText(answer, 'answer', TEXT_MAX);
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status !== BlacklistStatus.PROPOSED) throw conflict(`the entry is ${entry.status}`);
      if (entry.statement === null) throw conflict('no statement was recorded');
      if (entry.statement_answered_at) throw conflict('the statement was already answered');
      await m.query(
        `UPDATE blacklist_entry SET statement_answer = $2, statement_accepted = $3, statement_answered_at = $4, statement_answered_by = $5 WHERE id = $1`,
        [entryId, text, accepted, now, caller.user.id],
      );
      if (accepted) {
        // The facts, reasons or evidence stated hold: no listing.
        await m.query(`UPDATE blacklist_entry SET status = 'REMOVED', removed_at = $2, removed_by = $3, removal_reason = $4 WHERE id = $1`, [
          entryId,
          now,
          caller.user.id,
          `陈述申辩成立，不予列入：${text}`,
        ]);
      }
      messages.push(
        await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_STATEMENT_ANSWERED, note: `${accepted ? '采纳陈述申辩，不予列入' : '不予采纳陈述申辩'}：${text}` }, caller.user.id, now),
      );
      return entryId;
    });
  }

  // ------------------------------------------------------------------ decision (Art. 5, 6, 8)

  async confirm(caller: Caller, entryId: string, decisionNumber?: string | null): Promise<BlacklistEntryModel> {
    const number = decisionNumber == null ? null : requiredText(decisionNumber, 'decisionNumber', 100);
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status !== BlacklistStatus.PROPOSED) throw conflict(`the entry is ${entry.status}`);
      if (now <= new Date(entry.objection_due_at)) {
        throw conflict(`the statement window is open until ${shanghaiDate(new Date(entry.objection_due_at))}`);
      }
      if (entry.statement !== null && !entry.statement_answered_at) throw conflict('the parties’ statement must be answered before the decision');
      const [{ n }]: { n: number }[] = await m.query(`SELECT COUNT(*)::int AS n FROM blacklist_party WHERE entry_id = $1 AND role IN ('LEGAL_REPRESENTATIVE', 'PRINCIPAL')`, [entryId]);
      if (n === 0) throw conflict('the decision names the employer’s legal representative or principal person in charge: add the party first');
      const expires = addYears(now, LISTING_YEARS);
      await m.query(
        `UPDATE blacklist_entry b SET status = 'LISTED', listed_at = $2, listed_by = $3, expires_at = $4, listing_unit_code = $5, decision_number = $6,
                employer_name = e.name, employer_credit_code = e.credit_code
           FROM employer e WHERE b.id = $1 AND e.id = b.employer_id`,
        [entryId, now, caller.user.id, expires, caller.user.unitCode, number],
      );
      await this.risk.evaluate(m, entry.employer_id, now);
      messages.push(
        await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLISTED, note: `作出列入决定${number ? `（${number}）` : ''}，列入失信联合惩戒名单至 ${shanghaiDate(expires)}` }, caller.user.id, now),
      );
      return entryId;
    });
  }

  // ------------------------------------------------------------------ removal and credit repair (Art. 13-15)

  /**
   * A proposal is withdrawn; a listing that ran out is closed; a running listing is removed early
   * only by granting the party's pending application (信用修复), checked as `decideRepair` does.
   */
  async remove(caller: Caller, entryId: string, reason: string): Promise<BlacklistEntryModel> {
    const why = requiredText(reason, 'reason', TEXT_MAX);
    const now = this.clock.now();
    return this.command(async (m, messages) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status === BlacklistStatus.REMOVED) throw conflict('the entry was already removed');
      if (entry.status === BlacklistStatus.LISTED && new Date(entry.expires_at!) > now) {
        const [pending]: BlacklistRepairRow[] = await m.query(`SELECT * FROM blacklist_repair WHERE entry_id = $1 AND decided_at IS NULL FOR UPDATE`, [entryId]);
        if (!pending) throw conflict('a listing is removed early only on the party’s application for credit repair (信用修复)');
        await this.grant(m, caller, entry, c, pending, why, now, messages);
        return entryId;
      }
      await this.endEntry(m, caller, entry, c, why, now, messages);
      return entryId;
    });
  }

  async applyForRepair(caller: Caller, entryId: string, applicant: string, commitment: string): Promise<BlacklistRepairModel> {
    const who = requiredText(applicant, 'applicant', 200);
    const pledge = requiredText(commitment, 'commitment', TEXT_MAX);
    const now = this.clock.now();
    const messages: CaseEventMessage[] = [];
    const id = await transaction(this.ds, async (m) => {
      const { entry, c } = await this.entryFor(caller, entryId, m);
      if (entry.status !== BlacklistStatus.LISTED || new Date(entry.expires_at!) <= now) throw conflict('only a running listing can be removed early');
      const from = repairFrom(c);
      if (now < from) throw conflict(`an application is possible from ${shanghaiDate(from)}, six months after full payment`);
      const [pending] = await m.query(`SELECT 1 FROM blacklist_repair WHERE entry_id = $1 AND decided_at IS NULL`, [entryId]);
      if (pending) throw conflict('an application is already pending');
      const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM blacklist_repair WHERE entry_id = $1`, [entryId]);
      if (n >= MAX_BLACKLIST_REPAIRS) throw conflict(`an entry takes at most ${MAX_BLACKLIST_REPAIRS} applications for early removal`);
      const due = await this.calendar.addWorkingDays(m, now, REPAIR_DECISION_WORKING_DAYS);
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO blacklist_repair (entry_id, applicant, commitment, corrected_at, applied_at, recorded_by, decision_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [entryId, who, pledge, c.fullyPaidAt, now, caller.user.id, due.dueAt],
      );
      messages.push(
        await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_REPAIR_APPLIED, note: `${who}申请提前移出（已作出守信承诺），办理期限至 ${shanghaiDate(due.dueAt)}` }, caller.user.id, now),
      );
      return row.id;
    });
    await this.bus.publish(messages);
    return this.repairById(id);
  }

  async decideRepair(caller: Caller, applicationId: string, granted: boolean, reason: string): Promise<BlacklistRepairModel> {
    if (!isUuid(applicationId)) throw notFound('repair application');
    const why = requiredText(reason, 'reason', TEXT_MAX);
    const now = this.clock.now();
    const messages: CaseEventMessage[] = [];
    await transaction(this.ds, async (m) => {
      const [application]: BlacklistRepairRow[] = await m.query(`SELECT * FROM blacklist_repair WHERE id = $1 FOR UPDATE`, [applicationId]);
      if (!application) throw notFound('repair application');
      const { entry, c } = await this.entryFor(caller, application.entry_id, m, 'repair application');
      if (application.decided_at) throw conflict('the application was already decided');
      if (granted) {
        if (entry.status !== BlacklistStatus.LISTED || new Date(entry.expires_at!) <= now) throw conflict('the listing is no longer running');
        await this.grant(m, caller, entry, c, application, why, now, messages);
      } else {
        await m.query(`UPDATE blacklist_repair SET decided_at = $2, decided_by = $3, granted = false, decision_reason = $4 WHERE id = $1`, [applicationId, now, caller.user.id, why]);
        messages.push(await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_REPAIR_DECIDED, note: `不予提前移出：${why}` }, caller.user.id, now));
      }
    });
    await this.bus.publish(messages);
    return this.repairById(applicationId);
  }

  // ------------------------------------------------------------------ reads

  /**
   * Entries the caller may see (as their cases), optionally for cases handled in a unit's subtree,
   * optionally those naming one person (looked up by the keyed hash of the ID number).
   */
  async list(ability: AppAbility, unitCode?: string | null, partyIdCardNumber?: string | null): Promise<BlacklistEntryModel[]> {
    const qb = this.ds.createQueryBuilder().select('b.*').from('blacklist_entry', 'b');
    applyVisibility(qb, ability, 'read', BLACKLIST_VISIBILITY);
    if (unitCode) {
      const [handledWithin, params] = withinSubtree('cf.handling_path', unitCode);
      qb.andWhere(`b.case_id IN (SELECT cf.id FROM case_file cf WHERE ${handledWithin})`, params);
    }
    if (partyIdCardNumber != null) {
      const id = normalizeIdCard(partyIdCardNumber);
      if (!isValidIdCard(id, this.clock.now())) throw badInput('partyIdCardNumber', '身份证号码无效 (ID card number is not valid)');
      qb.andWhere('b.id IN (SELECT entry_id FROM blacklist_party WHERE id_card_hash = :hash)', { hash: this.pii.lookupHash(id) });
    }
    const rows = await qb.orderBy('b.proposed_at', 'DESC').addOrderBy('b.id', 'DESC').limit(BLACKLIST_LIST_LIMIT).getRawMany<BlacklistEntryRow>();
    return rows.map(toEntry);
  }

  /** Parties of many entries at once (for a DataLoader), masked. */
  async partiesOf(entryIds: readonly string[]): Promise<BlacklistPartyModel[][]> {
    const rows: BlacklistPartyRow[] = await this.ds.query(`SELECT * FROM blacklist_party WHERE entry_id = ANY($1::uuid[]) ORDER BY role, added_at, id`, [[...entryIds]]);
    const by = new Map<string, BlacklistPartyModel[]>(entryIds.map((id) => [id, []]));
    for (const r of rows) {
      by.get(r.entry_id)!.push({ id: r.id, entryId: r.entry_id, role: r.role, name: r.name, idCardMasked: maskIdCard(this.pii.decrypt(r.id_card_enc)), addedAt: new Date(r.added_at) });
    }
    return entryIds.map((id) => by.get(id)!);
  }

  async repairsOf(entryIds: readonly string[]): Promise<BlacklistRepairModel[][]> {
    const rows: BlacklistRepairRow[] = await this.ds.query(`SELECT * FROM blacklist_repair WHERE entry_id = ANY($1::uuid[]) ORDER BY applied_at, id`, [[...entryIds]]);
    const by = new Map<string, BlacklistRepairModel[]>(entryIds.map((id) => [id, []]));
    for (const r of rows) by.get(r.entry_id)!.push(toRepair(r));
    return entryIds.map((id) => by.get(id)!);
  }

  async incidentsById(ids: readonly string[]): Promise<(ArrearsIncidentModel | null)[]> {
    const rows: BlacklistIncidentRow[] = await this.ds.query(`SELECT ${INCIDENT_COLS} FROM blacklist_incident WHERE id = ANY($1::uuid[])`, [[...ids]]);
    const by = new Map<string, ArrearsIncidentModel>(rows.map((r) => [r.id, toIncident(r)]));
    return ids.map((id) => by.get(id) ?? null);
  }

  // ------------------------------------------------------------------ helpers

  private async grant(m: EntityManager, caller: Caller, entry: BlacklistEntryRow, c: CaseEntity, application: BlacklistRepairRow, why: string, now: Date, messages: CaseEventMessage[]): Promise<void> {
    const from = repairFrom(c);
    if (now < from) throw conflict(`early removal is possible from ${shanghaiDate(from)}, six months after full payment`);
    await m.query(`UPDATE blacklist_repair SET decided_at = $2, decided_by = $3, granted = true, decision_reason = $4 WHERE id = $1`, [application.id, now, caller.user.id, why]);
    messages.push(await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_REPAIR_DECIDED, note: `准予提前移出：${why}` }, caller.user.id, now));
    await this.endEntry(m, caller, entry, c, why, now, messages);
  }

  /** Ends the entry, and with it every party's listing. */
  private async endEntry(m: EntityManager, caller: Caller, entry: BlacklistEntryRow, c: CaseEntity, why: string, now: Date, messages: CaseEventMessage[]): Promise<void> {
    await m.query(`UPDATE blacklist_entry SET status = 'REMOVED', removed_at = $2, removed_by = $3, removal_reason = $4 WHERE id = $1`, [entry.id, now, caller.user.id, why]);
    await this.risk.evaluate(m, entry.employer_id, now);
    messages.push(await this.cases.writeEvent(m, c, { type: CaseEventType.BLACKLIST_REMOVED, note: why }, caller.user.id, now));
  }

  private party(p: BlacklistPartyInput, prefix: string | null): { name: string; role: BlacklistPartyRole; id: string; hash: string } {
    const field = (f: string) => (prefix ? `${prefix}.${f}` : f);
    const name = requiredText(p.name, field('name'), 50);
    const id = normalizeIdCard(p.idCardNumber ?? '');
    if (!isValidIdCard(id, this.clock.now())) throw badInput(field('idCardNumber'), '身份证号码无效 (ID card number is not valid)');
    return { name, role: p.role, id, hash: this.pii.lookupHash(id) };
  }

  private async insertParty(m: EntityManager, entryId: string, p: { name: string; role: BlacklistPartyRole; id: string; hash: string }, by: string, now: Date): Promise<void> {
    await m.query(`INSERT INTO blacklist_party (entry_id, role, name, id_card_enc, id_card_hash, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      entryId,
      p.role,
      p.name,
      this.pii.encrypt(p.id),
      p.hash,
      now,
      by,
    ]);
  }

  private assertProposedBeforeStatement(entry: BlacklistEntryRow): void {
    if (entry.status !== BlacklistStatus.PROPOSED) throw conflict(`the parties of a ${entry.status} entry are fixed by its decision`);
    if (entry.statement !== null) throw conflict('the parties are fixed once their statement is recorded');
  }

  private async command(work: (m: EntityManager, messages: CaseEventMessage[]) => Promise<string>): Promise<BlacklistEntryModel> {
    const messages: CaseEventMessage[] = [];
    const id = await transaction(this.ds, (m) => work(m, messages));
    await this.bus.publish(messages);
    const [row]: BlacklistEntryRow[] = await this.ds.query(`SELECT * FROM blacklist_entry WHERE id = $1`, [id]);
    return toEntry(row);
  }

  /**
   * The entry, locked, and its case as the caller sees it; the caller must hold `blacklist` on the
   * case. A missing entry and one of a case the caller does not see are the same NOT_FOUND, named
   * after what the caller asked for (`what`: the entry, or the party or application reached through it).
   */
  private async entryFor(caller: Caller, entryId: string, m: EntityManager, what = 'blacklist entry'): Promise<{ entry: BlacklistEntryRow; c: CaseEntity }> {
    if (!isUuid(entryId)) throw notFound(what);
    const [entry]: BlacklistEntryRow[] = await m.query(`SELECT * FROM blacklist_entry WHERE id = $1 FOR UPDATE`, [entryId]);
    if (!entry) throw notFound(what);
    const c = await this.queries.findVisible(caller.ability, { id: entry.case_id }, m).catch(() => {
      throw notFound(what);
    });
    if (caller.ability.cannot('blacklist', caseSubject(c))) throw forbidden('the blacklist is decided by county-level bureaus and above (谁执法、谁认定、谁负责)');
    return { entry, c };
  }

  private async incidentFor(caller: Caller, incidentId: string, m: EntityManager): Promise<{ incident: BlacklistIncidentRow; c: CaseEntity }> {
    if (!isUuid(incidentId)) throw notFound('incident');
    const [incident]: BlacklistIncidentRow[] = await m.query(`SELECT ${INCIDENT_COLS} FROM blacklist_incident WHERE id = $1 FOR UPDATE`, [incidentId]);
    if (!incident) throw notFound('incident');
    const c = await this.queries.findVisible(caller.ability, { id: incident.case_id }, m).catch(() => {
      throw notFound('incident');
    });
    return { incident, c };
  }

  private async incidentById(id: string): Promise<ArrearsIncidentModel> {
    const [row]: BlacklistIncidentRow[] = await this.ds.query(`SELECT ${INCIDENT_COLS} FROM blacklist_incident WHERE id = $1`, [id]);
    return toIncident(row);
  }

  private async repairById(id: string): Promise<BlacklistRepairModel> {
    const [row]: BlacklistRepairRow[] = await this.ds.query(`SELECT * FROM blacklist_repair WHERE id = $1`, [id]);
    return toRepair(row);
  }

  private threshold(c: CaseEntity): { oneWorker: number; tenWorkers: number } {
    const all = this.config.criminalThresholds;
    return all[c.provinceCode] ?? all.default;
  }

  /** Whether each employer is LISTED and not expired, now. */
  blacklisted(loaders: LoaderRegistry): DataLoader<string, boolean> {
    return loaders.get('employerBlacklisted', () => new DataLoader(async (ids: readonly string[]) => {
      const rows: { employer_id: string }[] = await this.ds.query(
        `SELECT DISTINCT employer_id FROM blacklist_entry WHERE employer_id = ANY($1::uuid[]) AND status = 'LISTED' AND expires_at > $2`,
        [[...ids], this.clock.now()],
      );
      const listed = new Set(rows.map((r) => r.employer_id));
      return ids.map((id) => listed.has(id));
    }));
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

/** 自改正之日起满6个月: the earliest moment of early removal; CONFLICT when not paid in full. */
function repairFrom(c: CaseEntity): Date {
  if (!c.fullyPaidAt || moneyFromDb(c.amountRecovered) < moneyFromDb(c.amountOwed)) {
    throw conflict('a listed employer is removed early only after paying the arrears in full');
  }
  return addMonths(c.fullyPaidAt, REMOVAL_AFTER_MONTHS);
}

function defaultFacts(employerName: string, c: CaseEntity, incident: BlacklistIncidentRow | null): string {
  const order = `经责令于 ${shanghaiDate(c.rectificationDueAt!)} 前支付，逾期未支付`;
  const base = `${employerName}拖欠${c.workersAffected}名农民工工资共${c.amountOwed}元（案件 ${c.number}），${order}`;
  if (!incident) return `${base}，数额达到认定拒不支付劳动报酬罪数额标准。`;
  return `${base}；因拖欠农民工工资引发${INCIDENT_CN[incident.kind]}（${incident.occurred_day}，${incident.place}），造成严重不良社会影响。`;
}

function toEntry(r: BlacklistEntryRow): BlacklistEntryModel {
  const d = (v: Date | null) => (v ? new Date(v) : null);
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
    basis: r.basis,
    facts: r.facts,
    legalBasis: r.legal_basis,
    incidentId: r.incident_id,
    decisionNumber: r.decision_number,
    listingUnitCode: r.listing_unit_code,
    notice: {
      servedAt: new Date(r.proposed_at),
      facts: r.facts,
      reasons: r.reason,
      legalBasis: r.legal_basis,
      rights: `当事人可自收到告知之日起${OBJECTION_WORKING_DAYS}个工作日内（至 ${shanghaiDate(new Date(r.objection_due_at))}）提出陈述、申辩，并提交证据材料。`,
      statementDueAt: new Date(r.objection_due_at),
    },
    statement:
      r.statement === null
        ? null
        : { text: r.statement, receivedAt: new Date(r.statement_received_at!), answer: r.statement_answer, accepted: r.statement_accepted, answeredAt: d(r.statement_answered_at) },
  };
}

function toIncident(r: BlacklistIncidentRow): ArrearsIncidentModel {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    occurredOn: r.occurred_day,
    place: r.place,
    description: r.description,
    recordedAt: new Date(r.recorded_at),
    recordedBy: r.recorded_by,
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
    confirmedUnitCode: r.confirmed_unit_code,
  };
}

function toRepair(r: BlacklistRepairRow): BlacklistRepairModel {
  return {
    id: r.id,
    entryId: r.entry_id,
    applicant: r.applicant,
    commitment: r.commitment,
    correctedAt: new Date(r.corrected_at),
    appliedAt: new Date(r.applied_at),
    decisionDueAt: new Date(r.decision_due_at),
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    granted: r.granted,
    decisionReason: r.decision_reason,
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
