import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { shanghaiDate } from '../../common/time';
import { CaseEventMessage, CaseEventsBus } from '../cases/case-events.bus';
import { CaseEventType } from '../cases/case-event.types';
import { CasesService } from '../cases/cases.service';
import { RiskService } from '../supervision/risk.service';
import { transaction } from '../../common/audit/audit-scope';

/** Items overdue for longer than this before the first sweep ever saw them are not announced. */
const LOOKBACK_MS = 7 * 86_400_000;
const SWEEP_LOCK = 7_240_001;

/**
 * A module's own deadlines, swept with the others (the module registers it, see `register`): what
 * just passed its deadline, and the notice, written by that module in the sweep's transaction.
 */
export interface OverdueSource {
  /** The ledger's kind, e.g. WAGE_CLAIM. */
  kind: string;
  /** Items whose deadline passed in [since, now). */
  due(m: EntityManager, now: Date, since: Date): Promise<OverdueItem[]>;
  notify(m: EntityManager, item: OverdueItem, now: Date): Promise<void>;
}

export interface OverdueItem {
  itemId: string;
  dueAt: Date;
}

interface Due {
  kind: string;
  item_id: string;
  due_at: Date;
  case_id: string;
  number: string;
  path: string;
  what: string;
}

/**
 * Finds cases, supervision orders, assistance requests, blacklist statement windows (the
 * decision may now be made) and repair applications (15 working days) that just became due, and
 * publishes one OVERDUE caseEvent per item and deadline; the deadlines other modules register
 * (claims not answered in time) get their owner's notice instead. With several instances one sweeps at a
 * time (a transaction-scoped advisory lock), and the overdue_notice ledger's primary key makes
 * each notice go out once even if sweeps follow each other closely. Payment orders that pass
 * their due date, and blacklist listings that expire, re-evaluate the employer's risk.
 */
@Injectable()
export class OverdueSweepService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly log = new Logger('OverdueSweep');
  private readonly sources: OverdueSource[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly cases: CasesService,
    private readonly risk: RiskService,
    private readonly bus: CaseEventsBus,
  ) {}

  /** Adds a module's deadlines to every sweep (call from its onModuleInit). */
  register(source: OverdueSource): void {
    this.sources.push(source);
  }

  onApplicationBootstrap(): void {
    if (this.config.OVERDUE_SWEEP_SECONDS > 0) {
      this.timer = setInterval(() => this.runOnce().catch((e) => this.log.error(`sweep failed: ${e.message}`)), this.config.OVERDUE_SWEEP_SECONDS * 1000);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One sweep; returns how many notices this instance sent (OVERDUE events published and registered modules' notices). */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - LOOKBACK_MS);
    let others = 0;
    const messages = await transaction(this.ds, async (m) => {
      const [{ locked }]: { locked: boolean }[] = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK]);
      if (!locked) return [];
      const due: Due[] = await m.query(
        `SELECT 'CASE' AS kind, c.id AS item_id, c.active_due_at AS due_at, c.id AS case_id, c.number, c.handling_path::text AS path,
                CASE WHEN c.status = 'RECEIVED' THEN '受理期限' ELSE '办理期限' END AS what
           FROM case_file c WHERE c.active_due_at < $1 AND c.active_due_at >= $2
         UNION ALL
         SELECT 'PAYMENT_ORDER', c.id, c.rectification_due_at, c.id, c.number, c.handling_path::text, '责令支付期限'
           FROM case_file c WHERE c.status <> 'CLOSED' AND c.rectification_due_at < $1 AND c.rectification_due_at >= $2
             AND c.amount_recovered < COALESCE(c.rectification_amount, c.amount_owed)
         UNION ALL
         SELECT 'SUPERVISION_ORDER', o.id, o.due_at, c.id, c.number, c.handling_path::text, '督办报告期限'
           FROM supervision_order o JOIN case_file c ON c.id = o.case_id WHERE o.status = 'OPEN' AND o.due_at < $1 AND o.due_at >= $2
         UNION ALL
         SELECT 'ASSISTANCE_REQUEST', r.id, r.due_at, c.id, c.number, c.handling_path::text, '协查答复期限'
           FROM assistance_request r JOIN case_file c ON c.id = r.case_id WHERE r.answered_at IS NULL AND r.due_at < $1 AND r.due_at >= $2
         UNION ALL
         SELECT 'BLACKLIST_NOTICE', b.id, b.objection_due_at, c.id, c.number, c.handling_path::text, '失信名单陈述申辩期限'
           FROM blacklist_entry b JOIN case_file c ON c.id = b.case_id WHERE b.status = 'PROPOSED' AND b.objection_due_at < $1 AND b.objection_due_at >= $2
         UNION ALL
         SELECT 'BLACKLIST_REPAIR', r.id, r.decision_due_at, c.id, c.number, c.handling_path::text, '提前移出申请办理期限'
           FROM blacklist_repair r JOIN blacklist_entry b ON b.id = r.entry_id JOIN case_file c ON c.id = b.case_id
          WHERE r.decided_at IS NULL AND r.decision_due_at < $1 AND r.decision_due_at >= $2
`,
        [now, since],
      );
      const out: CaseEventMessage[] = [];
      const firstNotice = async (kind: string, itemId: string, dueAt: Date): Promise<boolean> =>
        (await m.query(`INSERT INTO overdue_notice (kind, item_id, due_at, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`, [
          kind,
          itemId,
          dueAt,
          now,
        ])).length > 0;
      for (const d of due) {
        if (!(await firstNotice(d.kind, d.item_id, d.due_at))) continue;
        out.push(await this.notice(m, d, now));
        if (d.kind === 'PAYMENT_ORDER') {
          const [c]: { employer_id: string }[] = await m.query(`SELECT employer_id FROM case_file WHERE id = $1`, [d.case_id]);
          await this.risk.evaluate(m, c.employer_id, now);
        }
      }
      // A listing that ran out is a signal gone: re-evaluate those employers (idempotent).
      const expired: { employer_id: string }[] = await m.query(
        `SELECT DISTINCT employer_id FROM blacklist_entry WHERE status = 'LISTED' AND expires_at < $1 AND expires_at >= $2`,
        [now, since],
      );
      for (const e of expired) await this.risk.evaluate(m, e.employer_id, now);
      for (const source of this.sources) {
        for (const item of await source.due(m, now, since)) {
          if (!(await firstNotice(source.kind, item.itemId, item.dueAt))) continue;
          await source.notify(m, item, now);
          others++;
        }
      }
      return out;
    });
    await this.bus.publish(messages);
    return messages.length + others;
  }

  private async notice(m: EntityManager, d: Due, now: Date): Promise<CaseEventMessage> {
    const note = `${d.kind} ${d.what}已过（${shanghaiDate(new Date(d.due_at))}）`;
    return this.cases.writeEvent(m, { id: d.case_id, number: d.number, handlingPath: d.path }, { type: CaseEventType.OVERDUE, note }, null, now);
  }
}
