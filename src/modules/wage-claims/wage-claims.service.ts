import { createHash } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { isValidCreditCode, normalizeCreditCode } from '../../common/credit-code';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { ConnectionShape, keysetPage } from '../../common/graphql/connection';
import { LoaderRegistry } from '../access/request-context';
import { idCardRegionCode } from '../../common/id-card';
import { formatMoney, moneyFromDb, parseMoney } from '../../common/money';
import { PiiCipher } from '../../common/pii';
import { PLAN_ONCE, prepared, updateVersioned } from '../../common/db/sql';
import { isDateString, shanghaiDate } from '../../common/time';
import { AppAbility, caseSubject } from '../access/ability.factory';
import { anchoredWithin, applyVisibility, VisibilitySpec } from '../access/visibility';
import { UserEntity } from '../auth/user.entity';
import { CalendarService } from '../calendar/calendar.service';
import { ACCEPTANCE_DAYS, CLAIM_BOUNDS as B, TIME_BAR_YEARS } from '../cases/statutory';
import { CaseEntity } from '../cases/case.entity';
import { CaseOutcome } from '../cases/case.enums';
import { CaseEventsBus } from '../cases/case-events.bus';
import { CaseEventType } from '../cases/case-event.types';
import { CaseHappening, CaseHooks } from '../cases/case-hooks';
import { isUuid } from '../../common/uuid';
import { Caller, CasesService, ClaimIntake } from '../cases/cases.service';
import { normalizeEmployerName } from '../employers/employer.entity';
import { Unit } from '../units/unit.entity';
import { OverdueItem, OverdueSweepService } from '../deadlines/overdue-sweep.service';
import { ClaimSignals, RiskService } from '../supervision/risk.service';
import { PublicResultsWriter } from '../public/public-results.writer';
import { ClaimStatus } from './claim-status.enum';
import { SubmitWageClaimInput, WageClaimFilter } from './dto/wage-claim.inputs';
import { WageClaimEntity } from './wage-claim.entity';
import { ClaimCaseFacts, ClaimUpdateModel } from './wage-claim.model';
import { transaction } from '../../common/audit/audit-scope';
import { UnitLevel } from '../access/unit-level';

/**
 * Claims are seen where they are routed (the workplace's township and every unit above it): the
 * routed township's code and its province, city and county prefixes, each level on an index of
 * its own (migration ClaimVisibilityByCode).
 */
export const CLAIM_VISIBILITY: VisibilitySpec = {
  subject: 'WageClaim',
  table: 'wage_claim',
  sortColumn: 'submitted_at',
  anchorCode: { column: 'routed_unit_code', prefixLengths: [2, 4, 6] },
  columns: { claimantId: 'claimant_id' },
};

/** The columns of a claim as `claimFromRow` reads them (dates as text, as the entity holds them). */
const CLAIM_COLUMNS = `id, number, status, claimant_id, idempotency_key, input_hash, employer_name, employer_name_key, employer_credit_code,
  project_name, workplace_unit_code, routed_unit_code, amount_owed::text AS amount_owed, period_from::text AS period_from,
  period_to::text AS period_to, workers_affected, description, submitted_at, response_due_at, response_due_provisional, case_id,
  decided_at, decided_by, reject_reason, version`;

/**
 * A new claim and the first line of its timeline in one statement: the number from the sequence,
 * nothing written when the worker already used the key (the unique (claimant, key) index decides,
 * a concurrent retry waits there for the first and then finds its claim). It also makes the rest of
 * the transaction plan once (PLAN_ONCE): the risk evaluation's statement took 0.3 ms to plan at each
 * submit and 0.1 ms to run.
 */
const INSERT_CLAIM = `
WITH n AS (SELECT nextval('wage_claim_number_seq')::text AS n, ${PLAN_ONCE} AS plan_once),
c AS (
  INSERT INTO wage_claim (number, status, claimant_id, idempotency_key, input_hash, employer_name, employer_name_key, employer_credit_code,
    project_name, workplace_unit_code, routed_unit_code, amount_owed, period_from, period_to, workers_affected, description,
    submitted_at, response_due_at, response_due_provisional, version)
  SELECT 'WC-' || $1::text || '-' || lpad(n, greatest(8, length(n)), '0'), 'SUBMITTED', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric,
    $12::date, $13::date, $14, $15, $16, $17, $18, 1
  FROM n
  ON CONFLICT (claimant_id, idempotency_key) DO NOTHING
  RETURNING ${CLAIM_COLUMNS}
),
u AS (INSERT INTO wage_claim_update (claim_id, at, message) SELECT id, $16, $19 || number || $20 FROM c)
SELECT * FROM c`;

const SELECT_BY_KEY = `SELECT ${CLAIM_COLUMNS} FROM wage_claim WHERE claimant_id = $1 AND idempotency_key = $2`;

/** The workplace units kept in memory at most (they are few: where claims come from). */
const WORKPLACES_KEPT = 20_000;
interface WorkplaceRow {
  code: string;
  name: string;
  level: UnitLevel;
  parent_code: string | null;
  parent_name: string | null;
  parent_level: UnitLevel | null;
}

/** The workplace and its parent (a grid's township), for routing. */
const WORKPLACE = `SELECT w.code, w.name, w.level, p.code AS parent_code, p.name AS parent_name, p.level AS parent_level
  FROM unit w LEFT JOIN unit p ON p.code = w.parent_code WHERE w.code = $1`;

/** Claims naming an employer (credit code `code`, name key `key`): by credit code, else (claims without one) by normalized name. */
const naming = (code: string, key: string) => `(employer_credit_code = ${code} OR (employer_credit_code IS NULL AND employer_name_key = ${key}))`;
/**
 * The claims in the window from $3 (withdrawn ones left out), their amount, and the latest claim's
 * routed unit: the later of the latest by credit code and the latest by name, each the last entry
 * of its (partial) employer index, however many claims name the employer.
 */
const signalsOf = (code: string, key: string) => `
SELECT r.n, r.amount, (
  SELECT l.routed_unit_code FROM (
    (SELECT routed_unit_code, submitted_at FROM wage_claim WHERE employer_credit_code = ${code} ORDER BY submitted_at DESC LIMIT 1)
    UNION ALL
    (SELECT routed_unit_code, submitted_at FROM wage_claim WHERE employer_credit_code IS NULL AND employer_name_key = ${key} ORDER BY submitted_at DESC LIMIT 1)
  ) l ORDER BY l.submitted_at DESC LIMIT 1) AS latest
FROM (SELECT count(*)::int AS n, COALESCE(sum(amount_owed), 0)::text AS amount FROM wage_claim
      WHERE submitted_at >= $3 AND status <> 'WITHDRAWN' AND ${naming(code, key)}) r`;
/** For an employer given by its credit code ($1) and name key ($2). */
const EMPLOYER_SIGNALS = signalsOf('$1', '$2');
/** Inside the risk evaluation's statement, for its employer row `e`. */
const EMPLOYER_SIGNALS_OF_E = signalsOf('e.credit_code', 'e.name_key');

const MAX_AMOUNT_FEN = BigInt(B.amountMax) * 100n;

const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  [CaseOutcome.PAID_IN_FULL]: '工资已全额支付',
  [CaseOutcome.PARTIALLY_PAID]: '工资已部分支付',
  [CaseOutcome.NO_VIOLATION]: '经调查未发现违法行为',
  [CaseOutcome.TRANSFERRED]: '已移交其他部门处理',
  [CaseOutcome.WITHDRAWN]: '已撤回',
};

/**
 * The worker's side: submit (idempotent, routed to the workplace's township, answered within
 * 5 working days), follow (a timeline in plain words), withdraw; and the squad's side: accept
 * into the open case against the same employer or a new one, or reject with a reason.
 */
@Injectable()
export class WageClaimsService implements OnModuleInit {
  private readonly workplaces = new Map<string, WorkplaceRow>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly hooks: CaseHooks,
    private readonly bus: CaseEventsBus,
    private readonly pii: PiiCipher,
    private readonly risk: RiskService,
    private readonly sweep: OverdueSweepService,
    private readonly publicResults: PublicResultsWriter,
  ) {}

  onModuleInit(): void {
    this.hooks.register((m, c, happening, at) => this.followCase(m, c, happening, at));
    this.risk.registerClaimSignals({ read: (m, employer, since) => this.employerSignals(m, employer, since), lateralSql: EMPLOYER_SIGNALS_OF_E });
    this.sweep.register({
      kind: 'WAGE_CLAIM',
      due: (m, now, since) => this.overdue(m, now, since),
      notify: (m, item, now) => this.noticeOverdue(m, item, now),
    });
  }

  // ------------------------------------------------------------------ worker

  async submit(workerId: string, input: SubmitWageClaimInput): Promise<WageClaimEntity> {
    const now = this.clock.now();
    const v = await this.validate(input, now);
    const key = input.idempotencyKey.trim();
    if (!key || key.length > 100) throw badInput('idempotencyKey', 'idempotencyKey must be 1 to 100 characters');
    const inputHash = createHash('sha256').update(JSON.stringify(v.normalized)).digest('hex');
    const due = await this.calendar.addWorkingDays(this.ds.manager, now, ACCEPTANCE_DAYS);
    const n = v.normalized;
    return transaction(this.ds, async (m) => {
      const [inserted] = await prepared<ClaimRow>(m, INSERT_CLAIM, [
        shanghaiDate(now).slice(0, 4),
        workerId,
        key,
        inputHash,
        n.employerName,
        n.employerNameKey,
        n.employerCreditCode,
        n.projectName,
        n.workplaceUnitCode,
        v.routed.code,
        n.amountOwed,
        n.periodFrom,
        n.periodTo,
        n.workersAffected,
        n.description,
        now,
        due.dueAt,
        due.provisional,
        '已提交，编号 ',
        `。${v.routed.name}将在 ${shanghaiDate(due.dueAt)} 前答复您。`,
      ]);
      if (!inserted) {
        // The key was used before: the same claim again is a retry, anything else a conflict.
        const [existing] = await prepared<ClaimRow>(m, SELECT_BY_KEY, [workerId, key]);
        if (existing.input_hash === inputHash) return claimFromRow(existing);
        throw conflict('这个提交编号已用于另一条线索 (this idempotencyKey was used for a different claim)');
      }
      const claim = claimFromRow(inserted);
      await this.risk.afterClaim(m, claim, now);
      return claim;
    });
  }

  /** Every field checked; a failure names the field in words a worker understands. */
  private async validate(input: SubmitWageClaimInput, now: Date) {
    const employerName = (input.employerName ?? '').trim();
    if (employerName.length < B.employerNameMin || employerName.length > B.employerNameMax) {
      throw badInput('employerName', `请填写用人单位名称（${B.employerNameMin}到${B.employerNameMax}个字）`);
    }
    let employerCreditCode: string | null = null;
    if (input.employerCreditCode?.trim()) {
      employerCreditCode = normalizeCreditCode(input.employerCreditCode);
      if (!isValidCreditCode(employerCreditCode)) throw badInput('employerCreditCode', '统一社会信用代码不正确，请核对；不知道可以不填');
    }
    const projectName = input.projectName?.trim() || null;
    if (projectName && projectName.length > B.projectNameMax) throw badInput('projectName', `项目名称最多${B.projectNameMax}个字`);
    const workplace = await this.workplace(input.workplaceUnitCode ?? '');
    if (!workplace || (workplace.level !== UnitLevel.TOWNSHIP && workplace.level !== UnitLevel.GRID)) {
      throw badInput('workplaceUnitCode', '请选择干活所在的乡镇（街道）或村（社区）');
    }
    const amount = parseMoney(input.amountOwed);
    if (amount <= 0n || amount > MAX_AMOUNT_FEN) throw badInput('amountOwed', `欠薪金额要大于0，且不超过${B.amountMax / 100_000_000}亿元`);
    const today = shanghaiDate(now);
    if (!isDateString(input.periodFrom)) throw badInput('periodFrom', '开始日期不正确');
    if (!isDateString(input.periodTo)) throw badInput('periodTo', '结束日期不正确');
    if (input.periodFrom > input.periodTo) throw badInput('periodFrom', '开始日期不能晚于结束日期');
    if (input.periodTo > today) throw badInput('periodTo', '结束日期不能晚于今天');
    if (input.periodTo < yearsBefore(today, TIME_BAR_YEARS)) {
      throw badInput(
        'periodTo',
        `欠薪已结束超过${TIME_BAR_YEARS}年。按规定，超过${TIME_BAR_YEARS}年的欠薪劳动监察不再查处（${TIME_BAR_YEARS}年时效）。您可以申请劳动仲裁或到法院起诉。`,
      );
    }
    if (!Number.isInteger(input.workersAffected) || input.workersAffected < B.workersMin || input.workersAffected > B.workersMax) {
      throw badInput('workersAffected', `涉及人数要在${B.workersMin}到${B.workersMax}人之间`);
    }
    const description = (input.description ?? '').trim();
    if ([...description].length < B.descriptionMin || [...description].length > B.descriptionMax) {
      throw badInput('description', `请用${B.descriptionMin}到${B.descriptionMax}个字说明情况`);
    }
    // A grid's parent is its township: claims are routed to townships only (CLAIM_VISIBILITY counts on it).
    const routed = workplace.level === UnitLevel.GRID ? { code: workplace.parent_code!, name: workplace.parent_name!, level: workplace.parent_level! } : workplace;
    if (routed.level !== UnitLevel.TOWNSHIP) throw new Error(`grid ${workplace.code} does not lie in a township`);
    return {
      routed,
      normalized: {
        employerName,
        employerNameKey: normalizeEmployerName(employerName),
        employerCreditCode,
        projectName,
        workplaceUnitCode: workplace.code,
        amountOwed: formatMoney(amount),
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        workersAffected: input.workersAffected,
        description,
      },
    };
  }

  /**
   * A workplace unit and its parent. Units found are kept: the tree changes only when it is seeded
   * (at start or by the seeding scripts, which add units and never change one), so a unit read once
   * stays as read. A code not found is asked again next time.
   */
  private async workplace(code: string): Promise<WorkplaceRow | undefined> {
    const known = this.workplaces.get(code);
    if (known) return known;
    const [row] = await prepared<WorkplaceRow>(this.ds, WORKPLACE, [code]);
    if (row) {
      if (this.workplaces.size >= WORKPLACES_KEPT) this.workplaces.clear();
      this.workplaces.set(code, row);
    }
    return row;
  }

  async withdraw(caller: Caller, claimId: string): Promise<WageClaimEntity> {
    return transaction(this.ds, async (m) => {
      const claim = await this.findVisible(caller.ability, claimId, m);
      if (claim.claimantId !== caller.user.id) throw notFound('wage claim');
      if (claim.status !== ClaimStatus.SUBMITTED) throw conflict(`线索已${statusWord(claim.status)}，不能撤回 (the claim is ${claim.status})`);
      const now = this.clock.now();
      await this.update(m, claim, { status: ClaimStatus.WITHDRAWN, decidedAt: now, decidedBy: caller.user.id });
      await this.addUpdate(m, claim.id, now, '您已撤回这条线索。');
      await this.risk.afterClaim(m, claim, now);
      return m.getRepository(WageClaimEntity).findOneByOrFail({ id: claim.id });
    });
  }

  // ------------------------------------------------------------------ squad

  /**
   * Joins the open case (not CLOSED or REJECTED) against the same employer (credit code, else
   * normalized name) handled by the routed township or its county, adding workers and amount;
   * else opens a WAGE_CLAIM case in the routed township. Acceptances for one employer in one
   * county are serialized, so simultaneous claims end in one case. A worker from another county
   * brings a WORKER_ORIGIN link, so that their home bureau can follow the case.
   */
  async accept(caller: Caller, claimId: string): Promise<WageClaimEntity> {
    const now = this.clock.now();
    const { claim, messages } = await transaction(this.ds, async (m) => {
      const claim = await this.findVisible(caller.ability, claimId, m);
      const routed = await m.getRepository(Unit).findOneByOrFail({ code: claim.routedUnitCode });
      if (caller.ability.cannot('act', caseSubject({ handlingPath: routed.path }))) throw notFoundOrForbidden(caller);
      if (claim.status !== ClaimStatus.SUBMITTED) throw conflict(`the claim is ${claim.status}; only a SUBMITTED claim can be accepted`);
      const county = routed.path.split('.')[2];
      const employerKey = claim.employerCreditCode ?? claim.employerNameKey;
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`accept:${county}:${employerKey}`]);
      const [open] = await m.query(
        `SELECT c.id FROM case_file c JOIN employer e ON e.id = c.employer_id
         WHERE c.status NOT IN ('CLOSED', 'REJECTED') AND c.handling_unit_code IN ($1, $2)
           AND CASE WHEN $3::text IS NOT NULL THEN e.credit_code = $3 ELSE e.name_key = $4 END
         ORDER BY c.opened_at LIMIT 1`,
        [routed.code, county, claim.employerCreditCode, claim.employerNameKey],
      );
      const intake: ClaimIntake = {
        claimNumber: claim.number,
        employer: { name: claim.employerName, creditCode: claim.employerCreditCode },
        description: claim.description,
        handlingUnitCode: routed.code,
        workplaceUnitCode: claim.workplaceUnitCode,
        workersAffected: claim.workersAffected,
        amountOwed: moneyFromDb(claim.amountOwed),
        workerOriginUnitCode: await this.workerHomeCounty(m, claim.claimantId),
      };
      const { case: c, messages } = open
        ? await this.cases.attachClaims(m, caller, open.id, intake, now)
        : await this.cases.openFromClaims(m, caller, intake, now);
      await this.update(m, claim, { status: ClaimStatus.ACCEPTED, caseId: c.id, decidedAt: now, decidedBy: caller.user.id });
      await this.publicResults.claimAnswered(m, claim.routedUnitCode, now, claim.responseDueAt);
      await this.addUpdate(m, claim.id, now, `已受理，案件编号 ${c.number}。`);
      return { claim: await m.getRepository(WageClaimEntity).findOneByOrFail({ id: claim.id }), messages };
    });
    await this.bus.publish(messages);
    return claim;
  }

  async reject(caller: Caller, claimId: string, reason: string): Promise<WageClaimEntity> {
    const why = (reason ?? '').trim();
    if (!why || why.length > 500) throw badInput('reason', 'reason is required (at most 500 characters), in words the worker can read');
    return transaction(this.ds, async (m) => {
      const claim = await this.findVisible(caller.ability, claimId, m);
      const routed = await m.getRepository(Unit).findOneByOrFail({ code: claim.routedUnitCode });
      if (caller.ability.cannot('act', caseSubject({ handlingPath: routed.path }))) throw notFoundOrForbidden(caller);
      if (claim.status !== ClaimStatus.SUBMITTED) throw conflict(`the claim is ${claim.status}; only a SUBMITTED claim can be rejected`);
      const now = this.clock.now();
      await this.update(m, claim, { status: ClaimStatus.REJECTED, rejectReason: why, decidedAt: now, decidedBy: caller.user.id });
      await this.publicResults.claimAnswered(m, claim.routedUnitCode, now, claim.responseDueAt);
      await this.addUpdate(m, claim.id, now, `不予受理：${why}`);
      return m.getRepository(WageClaimEntity).findOneByOrFail({ id: claim.id });
    });
  }

  /** The worker's timeline follows their case; a closed case resolves its claims. */
  private async followCase(m: EntityManager, c: CaseEntity, h: CaseHappening, at: Date): Promise<void> {
    const message = (() => {
      switch (h.type) {
        case CaseEventType.FILED:
          return `已立案调查，办理期限至 ${h.detail.dueDate}。`;
        case CaseEventType.RECTIFICATION_ORDERED:
          return `已责令用人单位在 ${h.detail.dueDate} 前支付工资。`;
        case CaseEventType.PAYMENT_RECORDED:
          return `已追回工资 ${h.detail.amount} 元。`;
        case CaseEventType.CLOSED:
          return `案件已办结：${OUTCOME_WORDS[h.detail.outcome] ?? h.detail.outcome}。`;
        case CaseEventType.REJECTED:
          return `不予立案：${h.detail.reason}`;
        case CaseEventType.TRANSFERRED:
          return `案件已移交${h.detail.unitName}办理。`;
        default:
          return null;
      }
    })();
    if (!message) return;
    await m.query(
      `INSERT INTO wage_claim_update (claim_id, at, message) SELECT id, $2, $3 FROM wage_claim WHERE case_id = $1 AND status = 'ACCEPTED'`,
      [c.id, at, message],
    );
    if (h.type === CaseEventType.CLOSED) {
      await m.query(`UPDATE wage_claim SET status = 'RESOLVED', version = version + 1 WHERE case_id = $1 AND status = 'ACCEPTED'`, [c.id]);
    }
    if (h.type === CaseEventType.REJECTED) {
      await m.query(`UPDATE wage_claim SET status = 'REJECTED', reject_reason = $2, version = version + 1 WHERE case_id = $1 AND status = 'ACCEPTED'`, [
        c.id,
        h.detail.reason,
      ]);
    }
  }

  // ------------------------------------------------------------------ deadlines and signals

  /** Claims still SUBMITTED whose answer was due in [since, now) (the overdue sweep asks). */
  private async overdue(m: EntityManager, now: Date, since: Date): Promise<OverdueItem[]> {
    const rows: { id: string; response_due_at: Date }[] = await m.query(
      `SELECT id, response_due_at FROM wage_claim WHERE status = 'SUBMITTED' AND response_due_at < $1 AND response_due_at >= $2`,
      [now, since],
    );
    return rows.map((r) => ({ itemId: r.id, dueAt: new Date(r.response_due_at) }));
  }

  /** Once per claim and deadline (the sweep's ledger): the claim's own timeline says the answer is late. */
  async noticeOverdue(m: EntityManager, item: OverdueItem, now: Date): Promise<void> {
    await this.addUpdate(m, item.itemId, now, `答复期限（${shanghaiDate(item.dueAt)}）已过，尚未答复。您可以拨打监督电话反映。`);
  }

  /** For the early warning: the claims naming an employer (by credit code, else by normalized name). */
  private async employerSignals(m: EntityManager, e: { creditCode: string | null; nameKey: string }, since: Date): Promise<ClaimSignals> {
    const [r] = await prepared<{ n: number; amount: string; latest: string | null }>(m, EMPLOYER_SIGNALS, [e.creditCode, e.nameKey, since]);
    return { count: r.n, amount: moneyFromDb(r.amount), latestUnitCode: r.latest };
  }

  // ------------------------------------------------------------------ reads

  async findVisible(ability: AppAbility, id: string, m: EntityManager = this.ds.manager): Promise<WageClaimEntity> {
    if (!isUuid(id)) throw notFound('wage claim');
    const qb = m.getRepository(WageClaimEntity).createQueryBuilder('w');
    applyVisibility(qb, ability, 'read', CLAIM_VISIBILITY);
    const claim = await qb.andWhere('w.id = :id', { id }).getOne();
    if (!claim) throw notFound('wage claim');
    return claim;
  }

  /** Staff: claims routed into the caller's subtree. Workers: their own (the same predicate). */
  async list(
    ability: AppAbility,
    args: { first?: number | null; after?: string | null; filter?: WageClaimFilter | null },
  ): Promise<ConnectionShape<WageClaimEntity>> {
    const f = args.filter ?? {};
    const now = this.clock.now();
    const qb = this.ds.getRepository(WageClaimEntity).createQueryBuilder('w');
    const sort = applyVisibility(qb, ability, 'read', CLAIM_VISIBILITY);
    if (f.status?.length) qb.andWhere('w.status IN (:...statuses)', { statuses: f.status });
    if (f.unitCode) {
      qb.andWhere(...anchoredWithin(CLAIM_VISIBILITY, 'w', f.unitCode));
    }
    if (f.overdue === true) qb.andWhere(`w.status = 'SUBMITTED' AND w.response_due_at < :now`, { now });
    if (f.overdue === false) qb.andWhere(`NOT (w.status = 'SUBMITTED' AND w.response_due_at < :now)`, { now });
    return keysetPage(qb, sort, args, (w) => ({ sortAt: w.submittedAt, id: w.id }));
  }

  updates(loaders: LoaderRegistry): DataLoader<string, ClaimUpdateModel[]> {
    return loaders.get('claimUpdates', () => new DataLoader(async (ids: readonly string[]) => {
      const rows: { claim_id: string; at: Date; message: string }[] = await this.ds.query(
        `SELECT claim_id, at, message FROM wage_claim_update WHERE claim_id = ANY($1::uuid[]) ORDER BY id`,
        [[...ids]],
      );
      const byClaim = new Map<string, ClaimUpdateModel[]>(ids.map((id) => [id, []]));
      for (const r of rows) byClaim.get(r.claim_id)!.push({ at: new Date(r.at), message: r.message });
      return ids.map((id) => byClaim.get(id)!);
    }));
  }

  /** Number and status of claims' cases: facts a worker is told (not the case itself). */
  caseFacts(loaders: LoaderRegistry): DataLoader<string, ClaimCaseFacts | null> {
    return loaders.get('claimCaseFacts', () => new DataLoader(async (ids: readonly string[]) => {
      const rows: { id: string; number: string; status: string }[] = await this.ds.query(
        `SELECT id, number, status FROM case_file WHERE id = ANY($1::uuid[])`,
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [r.id, { number: r.number, status: r.status } as ClaimCaseFacts]));
      return ids.map((id) => byId.get(id) ?? null);
    }));
  }

  /** Per case: the handling unit and the lead inspector (the first of fileCase's list), for 亮明身份. */
  caseHandlers(loaders: LoaderRegistry): DataLoader<string, { unitCode: string; lead: { name: string; role: string } | null } | null> {
    return loaders.get('claimCaseHandlers', () => new DataLoader(async (ids: readonly string[]) => {
      const rows: { id: string; handling_unit_code: string; name: string | null; role: string | null }[] = await this.ds.query(
        `SELECT c.id, c.handling_unit_code, u.display_name AS name, u.role
         FROM case_file c
         LEFT JOIN LATERAL (SELECT user_id FROM case_inspector i WHERE i.case_id = c.id ORDER BY position LIMIT 1) lead ON true
         LEFT JOIN app_user u ON u.id = lead.user_id
         WHERE c.id = ANY($1::uuid[])`,
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [r.id, { unitCode: r.handling_unit_code, lead: r.name ? { name: r.name, role: r.role! } : null }]));
      return ids.map((id) => byId.get(id) ?? null);
    }));
  }

  byCase(loaders: LoaderRegistry): DataLoader<string, WageClaimEntity[]> {
    return loaders.get('claimsByCase', () => new DataLoader(async (ids: readonly string[]) => {
      const rows = await this.ds
        .getRepository(WageClaimEntity)
        .createQueryBuilder('w')
        .where('w.case_id IN (:...ids)', { ids: [...ids] })
        .orderBy('w.submitted_at', 'ASC')
        .getMany();
      const byCase = new Map<string, WageClaimEntity[]>(ids.map((id) => [id, []]));
      for (const w of rows) byCase.get(w.caseId!)!.push(w);
      return ids.map((id) => byCase.get(id)!);
    }));
  }

  /** Name and phone of a claimant, decrypted; masking is the caller's decision. */
  claimant(user: UserEntity): { name: string; phone: string } {
    return { name: user.displayName, phone: user.phoneEnc ? this.pii.decrypt(user.phoneEnc) : '' };
  }

  // ------------------------------------------------------------------ helpers

  private async update(m: EntityManager, claim: WageClaimEntity, set: Partial<WageClaimEntity>): Promise<void> {
    if (!(await updateVersioned(m, WageClaimEntity, claim, set))) throw conflict('the claim was changed by someone else at the same time; reload it and try again');
  }

  private async addUpdate(m: EntityManager, claimId: string, at: Date, message: string): Promise<void> {
    await m.query(`INSERT INTO wage_claim_update (claim_id, at, message) VALUES ($1, $2, $3)`, [claimId, at, message]);
  }

  /** The county of the worker's household registration: the first six digits of the ID number. */
  private async workerHomeCounty(m: EntityManager, workerId: string): Promise<string | null> {
    const [row]: { id_card_enc: string | null }[] = await m.query(`SELECT id_card_enc FROM app_user WHERE id = $1`, [workerId]);
    if (!row?.id_card_enc) return null;
    const region = idCardRegionCode(this.pii.decrypt(row.id_card_enc));
    const [unit]: { code: string }[] = await m.query(`SELECT code FROM unit WHERE code = $1 AND level = 'COUNTY'`, [region]);
    return unit?.code ?? null;
  }
}

/** A wage_claim row as CLAIM_COLUMNS selects it. */
interface ClaimRow {
  id: string;
  number: string;
  status: ClaimStatus;
  claimant_id: string;
  idempotency_key: string;
  input_hash: string;
  employer_name: string;
  employer_name_key: string;
  employer_credit_code: string | null;
  project_name: string | null;
  workplace_unit_code: string;
  routed_unit_code: string;
  amount_owed: string;
  period_from: string;
  period_to: string;
  workers_affected: number;
  description: string;
  submitted_at: Date;
  response_due_at: Date;
  response_due_provisional: boolean;
  case_id: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  reject_reason: string | null;
  version: number;
}

/** The entity from a row of CLAIM_COLUMNS, as the repository would build it. */
function claimFromRow(r: ClaimRow): WageClaimEntity {
  return Object.assign(new WageClaimEntity(), {
    id: r.id,
    number: r.number,
    status: r.status,
    claimantId: r.claimant_id,
    idempotencyKey: r.idempotency_key,
    inputHash: r.input_hash,
    employerName: r.employer_name,
    employerNameKey: r.employer_name_key,
    employerCreditCode: r.employer_credit_code,
    projectName: r.project_name,
    workplaceUnitCode: r.workplace_unit_code,
    routedUnitCode: r.routed_unit_code,
    amountOwed: r.amount_owed,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    workersAffected: r.workers_affected,
    description: r.description,
    submittedAt: new Date(r.submitted_at),
    responseDueAt: new Date(r.response_due_at),
    responseDueProvisional: r.response_due_provisional,
    caseId: r.case_id,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    decidedBy: r.decided_by,
    rejectReason: r.reject_reason,
    version: r.version,
  });
}

/** A claim the caller sees (routed into its subtree) but may not decide on is FORBIDDEN. */
function notFoundOrForbidden(caller: Caller) {
  return forbidden(`a ${caller.user.role} of ${caller.user.unitCode} may not decide on this claim`);
}

function statusWord(s: ClaimStatus): string {
  return { SUBMITTED: '提交', ACCEPTED: '受理', REJECTED: '不予受理', WITHDRAWN: '撤回', RESOLVED: '办结' }[s];
}

/** The same calendar day `years` earlier (29 Feb becomes 28 Feb). */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const dd = m === 2 && d === 29 ? 28 : d;
  return `${y - years}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

