import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { prepared } from '../../common/db/sql';
import { formatMoney, moneyFromDb } from '../../common/money';
import { shanghaiDate } from '../../common/time';
import { CaseHooks } from '../cases/case-hooks';
import { CaseEventType } from '../cases/case-event.types';
import { EmployerHooks } from '../employers/employer-hooks';
import { EmployersService } from '../employers/employers.service';
import { RiskLevel } from '../employers/risk-level.enum';

/** What the claims module (which owns them) knows of the claims naming one employer. */
export interface ClaimSignals {
  /** Claims in the window, withdrawn ones left out, and their amount (fen). */
  count: number;
  amount: bigint;
  /** The routed unit of the latest claim, in or out of the window: where a warning shows when nothing else places it. */
  latestUnitCode: string | null;
}

/**
 * The claims module's reading of its claims naming an employer (by credit code, or, for claims
 * without one, by normalized name) since the window start.
 */
export interface ClaimSignalSource {
  /** For an employer not registered (yet): its credit code and name key. */
  read(m: EntityManager, employer: { creditCode: string | null; nameKey: string }, since: Date): Promise<ClaimSignals>;
  /**
   * The same as a LATERAL subquery over the employer row `e` (its credit_code and name_key), the
   * window start in $3, answering one row (n int, amount text in yuan, latest varchar): read in the
   * evaluation's own statement.
   */
  lateralSql: string;
}

/** Until the claims module registers: no claims. */
const NO_CLAIMS: ClaimSignalSource = {
  read: async () => ({ count: 0, amount: 0n, latestUnitCode: null }),
  lateralSql: `SELECT 0 AS n, '0' AS amount, NULL::varchar AS latest`,
};

/**
 * The employer picked by `where` (on alias e, its key in $1), locked, with every signal: $2 is now,
 * $3 the start of the claims' window, `claims` the claims module's LATERAL subquery.
 */
const signalsSql = (where: string, claims: string) => `
SELECT e.id, e.risk_level, e.credit_code, e.name_key, e.grid_code, e.registered_unit_code, o.orders, i.violation_found, i.inspected_at,
       b.listed, w.id AS warning_id, w.level AS warning_level, w.reasons AS warning_reasons,
       cl.n AS claims_n, cl.amount AS claims_amount, cl.latest AS claims_latest,
       (SELECT handling_unit_code FROM case_file WHERE employer_id = e.id ORDER BY opened_at DESC LIMIT 1) AS case_unit_code
FROM employer e
-- The order stands until the case is closed: a penalty or a transfer to the police pays nothing.
LEFT JOIN LATERAL (
  SELECT array_agg(number || '|' || to_char(rectification_due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') ORDER BY number) AS orders
  FROM case_file
  WHERE employer_id = e.id AND status <> 'CLOSED' AND rectification_due_at < $2
    AND amount_recovered < COALESCE(rectification_amount, amount_owed)
) o ON true
LEFT JOIN LATERAL (
  SELECT violation_found, inspected_at FROM inspection WHERE employer_id = e.id ORDER BY inspected_at DESC LIMIT 1
) i ON true
LEFT JOIN LATERAL (
  SELECT true AS listed FROM blacklist_entry WHERE employer_id = e.id AND status = 'LISTED' AND expires_at > $2 LIMIT 1
) b ON true
LEFT JOIN LATERAL (SELECT id, level, reasons FROM warning WHERE employer_id = e.id AND resolved_at IS NULL) w ON true
CROSS JOIN LATERAL (${claims}) cl
WHERE ${where}
FOR UPDATE OF e`;

const ORDER: RiskLevel[] = [RiskLevel.NONE, RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED];
const worst = (a: RiskLevel, b: RiskLevel) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** Case events after which an employer's signals may have changed. */
const CASE_SIGNALS = new Set<CaseEventType>([
  CaseEventType.RECTIFICATION_ORDERED,
  CaseEventType.PAYMENT_RECORDED,
  CaseEventType.PENALTY_DECIDED,
  CaseEventType.TRANSFERRED_TO_POLICE,
  CaseEventType.CLOSED,
  CaseEventType.REJECTED,
]);

/** An employer with its risk signals, as `evaluate` reads them (one row, the employer locked). */
interface EmployerSignalsRow {
  id: string;
  risk_level: RiskLevel;
  credit_code: string | null;
  name_key: string;
  grid_code: string | null;
  registered_unit_code: string | null;
  /** Payment orders past due and unpaid, as `<case number>|<due date>`; null when none. */
  orders: string[] | null;
  /** The latest inspection, if any. */
  violation_found: boolean | null;
  inspected_at: Date | null;
  listed: boolean | null;
  /** The claims' signals (ClaimSignalSource.lateralSql). */
  claims_n: number;
  claims_amount: string;
  claims_latest: string | null;
  /** The open warning, if any. */
  warning_id: string | null;
  warning_level: RiskLevel | null;
  warning_reasons: string[] | null;
  /** The handling unit of the employer's latest case. */
  case_unit_code: string | null;
}

/**
 * 欠薪预警: an employer's risk level from its signals (thresholds in config), written as at most
 * one open warning per employer, in the transaction of the event that changed a signal:
 * - claims in the window: RISK_CLAIMS_YELLOW or more YELLOW; RISK_CLAIMS_ORANGE or more, or
 *   RISK_AMOUNT_ORANGE yuan or more, ORANGE;
 * - a payment order past its due date and not paid: RED;
 * - the latest grid inspection found a violation: YELLOW;
 * - blacklisted (LISTED, not expired): RED.
 * When no signal is left the open warning gets resolvedAt.
 */
@Injectable()
export class RiskService implements OnModuleInit {
  /** Until the claims module registers (see `registerClaimSignals`), no claims. */
  private claimSignals: ClaimSignalSource = NO_CLAIMS;
  /** The evaluation's statement per way of picking the employer, with the registered claims' subquery. */
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly config: AppConfig,
    private readonly hooks: CaseHooks,
    private readonly employers: EmployersService,
    private readonly employerHooks: EmployerHooks,
  ) {}

  /** The claims module supplies the claim signals: this module reads no claim itself. */
  registerClaimSignals(source: ClaimSignalSource): void {
    this.claimSignals = source;
    this.statements.clear();
  }

  onModuleInit(): void {
    this.hooks.register(async (m, c, happening, at) => {
      if (CASE_SIGNALS.has(happening.type)) await this.evaluate(m, c.employerId, at);
    });
    this.employerHooks.register((m, employerId, at) => this.evaluate(m, employerId, at).then(() => undefined));
  }

  /** After a claim: evaluates the employer it names, creating the employer once claims make it a risk. */
  async afterClaim(
    m: EntityManager,
    claim: { employerName: string; employerNameKey: string; employerCreditCode: string | null; routedUnitCode: string },
    now: Date,
  ): Promise<void> {
    // The employer the claim names, found, locked and read in the evaluation's one statement.
    const named = claim.employerCreditCode ? { creditCode: claim.employerCreditCode } : { nameKey: claim.employerNameKey };
    if ((await this.evaluateWhere(m, named, now)) !== null) return;
    const claims = await this.claimSignals.read(m, { creditCode: claim.employerCreditCode, nameKey: claim.employerNameKey }, this.windowStart(now));
    if (claims.count < this.config.RISK_CLAIMS_YELLOW && claims.amount < BigInt(this.config.RISK_AMOUNT_ORANGE) * 100n) return;
    // Found or created under the employers' lock: claims arriving at once create it once.
    const created = await this.employers.findOrCreate(m, { name: claim.employerName, creditCode: claim.employerCreditCode }, now, 'claim');
    await this.evaluate(m, created.id, now);
  }

  /**
   * Recomputes one employer's level and writes its warning (call inside the causing transaction).
   * One statement locks the employer and reads every signal (the claims' through the claims
   * module's subquery) and the open warning; then only what changed is written.
   */
  async evaluate(m: EntityManager, employerId: string, now: Date): Promise<RiskLevel> {
    return (await this.evaluateWhere(m, { id: employerId }, now)) ?? RiskLevel.NONE;
  }

  /** `evaluate` of the employer with this id, credit code, or (the first created with it) name key; null when there is none. */
  private async evaluateWhere(m: EntityManager, which: { id: string } | { creditCode: string } | { nameKey: string }, now: Date): Promise<RiskLevel | null> {
    const [where, key] =
      'id' in which
        ? [`e.id = $1`, which.id]
        : 'creditCode' in which
          ? [`e.id = (SELECT id FROM employer WHERE credit_code = $1)`, which.creditCode]
          : [`e.id = (SELECT id FROM employer WHERE name_key = $1 ORDER BY created_at LIMIT 1)`, which.nameKey];
    let sql = this.statements.get(where);
    if (!sql) this.statements.set(where, (sql = signalsSql(where, this.claimSignals.lateralSql)));
    const [e] = await prepared<EmployerSignalsRow>(m, sql, [key, now, this.windowStart(now)]);
    if (!e) return null;
    const claims: ClaimSignals = { count: e.claims_n, amount: moneyFromDb(e.claims_amount), latestUnitCode: e.claims_latest };
    // Where a warning shows: the grid, else the registered unit, else where it was last reported or handled.
    const unitCode: string | null = e.grid_code ?? e.registered_unit_code ?? claims.latestUnitCode ?? e.case_unit_code;
    let level = RiskLevel.NONE;
    const reasons: string[] = [];
    const days = this.config.RISK_CLAIMS_WINDOW_DAYS;
    if (claims.count >= this.config.RISK_CLAIMS_ORANGE || claims.amount >= BigInt(this.config.RISK_AMOUNT_ORANGE) * 100n) {
      level = worst(level, RiskLevel.ORANGE);
      reasons.push(`${days}天内被反映欠薪${claims.count}次，共${formatMoney(claims.amount)}元`);
    } else if (claims.count >= this.config.RISK_CLAIMS_YELLOW) {
      level = worst(level, RiskLevel.YELLOW);
      reasons.push(`${days}天内被反映欠薪${claims.count}次`);
    }
    for (const order of e.orders ?? []) {
      const [number, due] = order.split('|');
      level = RiskLevel.RED;
      reasons.push(`责令支付逾期未履行（案件 ${number}，期限 ${due}）`);
    }
    if (e.violation_found) {
      level = worst(level, RiskLevel.YELLOW);
      reasons.push(`网格巡查发现违法（${shanghaiDate(new Date(e.inspected_at!))}）`);
    }
    if (e.listed) {
      level = RiskLevel.RED;
      reasons.push('已列入拖欠农民工工资失信联合惩戒对象名单');
    }

    if (e.risk_level !== level) await this.employers.setRiskLevel(m, e.id, level);
    if (level === RiskLevel.NONE) {
      if (e.warning_id) await prepared(m, `UPDATE warning SET resolved_at = $2, updated_at = $2 WHERE id = $1`, [e.warning_id, now]);
      return level;
    }
    // Every signal comes with a place (a claim's township, a grid, a case): none means a bug.
    if (!unitCode) throw new Error(`employer ${e.id} has a risk signal but no unit to show it in`);
    // The unit's path is read in the write itself (its code comes from a column that references unit).
    if (!e.warning_id) {
      await prepared(
        m,
        `INSERT INTO warning (employer_id, unit_code, unit_path, level, reasons, raised_at, updated_at)
         VALUES ($1, $2::varchar, (SELECT path FROM unit WHERE code = $2::varchar), $3, $4, $5, $5)`,
        [e.id, unitCode, level, reasons, now],
      );
    } else if (e.warning_level !== level || JSON.stringify(e.warning_reasons) !== JSON.stringify(reasons)) {
      await prepared(
        m,
        `UPDATE warning SET level = $2, reasons = $3, unit_code = $4::varchar, unit_path = (SELECT path FROM unit WHERE code = $4::varchar), updated_at = $5 WHERE id = $1`,
        [e.warning_id, level, reasons, unitCode, now],
      );
    }
    return level;
  }

  private windowStart(now: Date): Date {
    return new Date(now.getTime() - this.config.RISK_CLAIMS_WINDOW_DAYS * 86_400_000);
  }
}
