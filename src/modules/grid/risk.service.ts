import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { formatMoney, moneyFromDb } from '../../common/money';
import { shanghaiDate } from '../../common/time';
import { CaseHooks } from '../cases/case-hooks';
import { RiskLevel } from './risk-level.enum';

const ORDER: RiskLevel[] = [RiskLevel.NONE, RiskLevel.YELLOW, RiskLevel.ORANGE, RiskLevel.RED];
const worst = (a: RiskLevel, b: RiskLevel) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** Case events after which an employer's signals may have changed. */
const CASE_SIGNALS = new Set(['RECTIFICATION_ORDERED', 'PAYMENT_RECORDED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE', 'CLOSED', 'REJECTED']);

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
  constructor(
    private readonly config: AppConfig,
    private readonly hooks: CaseHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (m, c, happening, at) => {
      if (CASE_SIGNALS.has(happening.type)) await this.evaluate(m, c.employerId, at);
    });
  }

  /** After a claim: evaluates the employer it names, creating the employer once claims make it a risk. */
  async afterClaim(
    m: EntityManager,
    claim: { employerName: string; employerNameKey: string; employerCreditCode: string | null; routedUnitCode: string },
    now: Date,
  ): Promise<void> {
    const [employer] = await m.query(
      claim.employerCreditCode
        ? `SELECT id FROM employer WHERE credit_code = $1`
        : `SELECT id FROM employer WHERE name_key = $1 ORDER BY created_at LIMIT 1`,
      [claim.employerCreditCode ?? claim.employerNameKey],
    );
    if (employer) {
      await this.evaluate(m, employer.id, now);
      return;
    }
    const claims = await this.recentClaims(m, claim.employerCreditCode, claim.employerNameKey, now);
    if (claims.count < this.config.RISK_CLAIMS_YELLOW && claims.amount < BigInt(this.config.RISK_AMOUNT_ORANGE) * 100n) return;
    const [created] = await m.query(
      `INSERT INTO employer (name, name_key, credit_code, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (credit_code) DO UPDATE SET name = employer.name RETURNING id`,
      [claim.employerName, claim.employerNameKey, claim.employerCreditCode, now],
    );
    await this.evaluate(m, created.id, now);
  }

  /** Recomputes one employer's level and writes its warning (call inside the causing transaction). */
  async evaluate(m: EntityManager, employerId: string, now: Date): Promise<RiskLevel> {
    const [e] = await m.query(`SELECT id, credit_code, name_key, grid_code, registered_unit_code FROM employer WHERE id = $1 FOR UPDATE`, [employerId]);
    if (!e) return RiskLevel.NONE;
    let level = RiskLevel.NONE;
    const reasons: string[] = [];
    const days = this.config.RISK_CLAIMS_WINDOW_DAYS;

    const claims = await this.recentClaims(m, e.credit_code, e.name_key, now);
    const orangeAmount = BigInt(this.config.RISK_AMOUNT_ORANGE) * 100n;
    if (claims.count >= this.config.RISK_CLAIMS_ORANGE || claims.amount >= orangeAmount) {
      level = worst(level, RiskLevel.ORANGE);
      reasons.push(`${days}天内被反映欠薪${claims.count}次，共${formatMoney(claims.amount)}元`);
    } else if (claims.count >= this.config.RISK_CLAIMS_YELLOW) {
      level = worst(level, RiskLevel.YELLOW);
      reasons.push(`${days}天内被反映欠薪${claims.count}次`);
    }

    // The order stands until the case is closed: a penalty or a transfer to the police pays nothing.
    const orders: { number: string; rectification_due_at: Date }[] = await m.query(
      `SELECT number, rectification_due_at FROM case_file
       WHERE employer_id = $1 AND status <> 'CLOSED' AND rectification_due_at < $2
         AND amount_recovered < COALESCE(rectification_amount, amount_owed)`,
      [e.id, now],
    );
    for (const o of orders) {
      level = RiskLevel.RED;
      reasons.push(`责令支付逾期未履行（案件 ${o.number}，期限 ${shanghaiDate(new Date(o.rectification_due_at))}）`);
    }

    const [inspection] = await m.query(
      `SELECT violation_found, inspected_at FROM inspection WHERE employer_id = $1 ORDER BY inspected_at DESC LIMIT 1`,
      [e.id],
    );
    if (inspection?.violation_found) {
      level = worst(level, RiskLevel.YELLOW);
      reasons.push(`网格巡查发现违法（${shanghaiDate(new Date(inspection.inspected_at))}）`);
    }

    const [listed] = await m.query(
      `SELECT 1 FROM blacklist_entry WHERE employer_id = $1 AND status = 'LISTED' AND expires_at > $2 LIMIT 1`,
      [e.id, now],
    );
    if (listed) {
      level = RiskLevel.RED;
      reasons.push('已列入拖欠农民工工资失信联合惩戒对象名单');
    }

    await m.query(`UPDATE employer SET risk_level = $2 WHERE id = $1`, [e.id, level]);
    const [open] = await m.query(`SELECT id FROM warning WHERE employer_id = $1 AND resolved_at IS NULL`, [e.id]);
    if (level === RiskLevel.NONE) {
      if (open) await m.query(`UPDATE warning SET resolved_at = $2, updated_at = $2 WHERE id = $1`, [open.id, now]);
      return level;
    }
    const unit = await this.warningUnit(m, e);
    if (open) {
      await m.query(`UPDATE warning SET level = $2, reasons = $3, unit_code = $4, unit_path = $5, updated_at = $6 WHERE id = $1`, [
        open.id,
        level,
        reasons,
        unit.code,
        unit.path,
        now,
      ]);
    } else {
      await m.query(
        `INSERT INTO warning (employer_id, unit_code, unit_path, level, reasons, raised_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [e.id, unit.code, unit.path, level, reasons, now],
      );
    }
    return level;
  }

  private async recentClaims(m: EntityManager, creditCode: string | null, nameKey: string, now: Date): Promise<{ count: number; amount: bigint }> {
    const since = new Date(now.getTime() - this.config.RISK_CLAIMS_WINDOW_DAYS * 86_400_000);
    const [row] = await m.query(
      `SELECT count(*)::int AS n, COALESCE(sum(amount_owed), 0)::text AS amount FROM wage_claim
       WHERE submitted_at >= $3 AND status <> 'WITHDRAWN'
         AND (employer_credit_code = $1 OR (employer_credit_code IS NULL AND employer_name_key = $2))`,
      [creditCode, nameKey, since],
    );
    return { count: row.n, amount: moneyFromDb(row.amount) };
  }

  /** Where a warning shows: the employer's grid, else its registered unit, else where it was last reported or handled. */
  private async warningUnit(m: EntityManager, e: { id: string; grid_code: string | null; registered_unit_code: string | null; credit_code: string | null; name_key: string }) {
    const code =
      e.grid_code ??
      e.registered_unit_code ??
      (
        await m.query(
          `SELECT routed_unit_code AS code FROM wage_claim WHERE employer_credit_code = $1 OR (employer_credit_code IS NULL AND employer_name_key = $2)
           ORDER BY submitted_at DESC LIMIT 1`,
          [e.credit_code, e.name_key],
        )
      )[0]?.code ??
      (await m.query(`SELECT handling_unit_code AS code FROM case_file WHERE employer_id = $1 ORDER BY opened_at DESC LIMIT 1`, [e.id]))[0]?.code;
    const [unit] = await m.query(`SELECT code, path::text AS path FROM unit WHERE code = $1`, [code ?? '']);
    // Every signal comes with a place (a claim's township, a grid, a case): none means a bug.
    if (!unit) throw new Error(`employer ${e.id} has a risk signal but no unit to show it in`);
    return unit as { code: string; path: string };
  }
}
