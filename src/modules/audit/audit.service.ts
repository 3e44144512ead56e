import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditScope, AuditWriter } from '../../common/audit/audit-scope';
import { Clock } from '../../common/clock';
import { badInput } from '../../common/errors';
import { pageSize } from '../../common/graphql/connection';
import { isUuid } from '../../common/uuid';
import { AppConfig } from '../../config/app-config';
import { AppAbility } from '../access/ability.factory';
import { applyVisibility, VisibilitySpec } from '../access/visibility';
import { appendPending, AuditLogRow, ChainLinkRow, CHAIN_BATCH, chainPending, chainTail, CHAIN_COLUMNS, checkRows, GENESIS_HASH, rowFromDb } from './audit-chain';
import { AuditChainReport, AuditEntryConnection, AuditEntryModel, AuditKindEnum, AuditLogFilter } from './audit.model';

/**
 * Audit rows are seen by the acting account's unit (an ltree path column copied at writing);
 * rows of workers and anonymous callers have none and are seen by province ADMINs.
 */
export const AUDIT_VISIBILITY: VisibilitySpec = {
  subject: 'AuditEntry',
  table: 'audit_log',
  sortColumn: 'seq',
  pathColumn: 'unit_path',
  columns: { unitCode: 'unit_code' },
};

const VERIFY_BATCH = 2000;
/** How often rows left pending (their writer stopped between its commit and the chaining) are looked for. */
const STRAGGLER_MS = 5000;
const log = new Logger('AuditChain');

/**
 * The audit trail: appends rows to the HMAC chain, lists them by jurisdiction, verifies the chain.
 * A command's row commits with the command into audit_pending; `chained()` moves every committed
 * pending row into the chain in one transaction per batch (one WAL flush for all the rows
 * committed meanwhile), and the operation answers only once its row is in audit_log.
 */
@Injectable()
export class AuditService implements OnModuleInit, OnApplicationShutdown {
  private readonly key: Buffer;
  /** Callers waiting for a chaining run that starts after they asked. */
  private waiting: (() => void)[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = config.auditKey;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.chainStragglers(), STRAGGLER_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Writes an entry inside the caller's transaction into audit_pending (the last statement before its commit). */
  readonly writer: AuditWriter = async (m: EntityManager, entry: AuditEntry) => {
    await appendPending(m, entry, this.clock.now());
  };

  /** Writes an operation's row in a transaction of its own (refusals, failures, reads, commands that wrote nothing), and links it. */
  async writeAlone(scope: AuditScope, outcome: string, detail: string | null = null): Promise<void> {
    await this.ds.transaction((m) => scope.writeIn(m, outcome, detail));
    scope.written = true;
    await this.chained();
  }

  /**
   * Resolves once every row committed before the call is linked into the chain: by a run of this
   * instance that starts after the call (or by another instance's, which this run then waits for).
   * Callers arriving while a run is under way share the next run. A failure to link is logged and
   * the rows stay pending for the next run; the command itself has committed either way.
   */
  chained(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.chainAll();
      } catch (err) {
        log.error(`linking pending audit rows failed (they stay pending): ${(err as Error).message}`);
      }
      for (const resolve of batch) resolve();
    }
    this.running = null;
  }

  /** Links every committed pending row, a batch per transaction. */
  private async chainAll(): Promise<void> {
    while ((await this.ds.transaction((m) => chainPending(m, this.key))) === CHAIN_BATCH);
  }

  /** Rows a stopped writer left pending: linked by whichever instance looks first. */
  private async chainStragglers(): Promise<void> {
    if (this.running) return;
    try {
      const [row] = await this.ds.query(`SELECT 1 AS one FROM audit_pending LIMIT 1`);
      if (row) await this.chained();
    } catch (err) {
      log.warn(`looking for pending audit rows failed: ${(err as Error).message}`);
    }
  }

  /** Entries the caller may audit, newest first, keyset-paged on seq. */
  async list(ability: AppAbility, filter: AuditLogFilter | null | undefined, first?: number | null, after?: string | null): Promise<AuditEntryConnection> {
    const limit = pageSize(first);
    const qb = this.ds.createQueryBuilder().select(CHAIN_COLUMNS.split(', ').map((c) => `a.${c}`)).from('audit_log', 'a').where('a.seq IS NOT NULL');
    applyVisibility(qb, ability, 'audit', AUDIT_VISIBILITY);
    const f = filter ?? {};
    if (f.userId) {
      if (!isUuid(f.userId)) throw badInput('filter.userId', 'userId is not an account id');
      qb.andWhere('a.user_id = :userId', { userId: f.userId });
    }
    if (f.operation) qb.andWhere('a.action = :operation', { operation: f.operation });
    if (f.outcome) qb.andWhere('a.outcome = :outcome', { outcome: f.outcome });
    if (f.kind) qb.andWhere('a.kind = :kind', { kind: f.kind });
    if (f.from) qb.andWhere('a.at >= :from', { from: f.from });
    if (f.to) qb.andWhere('a.at < :to', { to: f.to });
    const afterSeq = decodeSeq(after);
    // A row at or before the cursor (seq >= it, the cursor's own row included): probed only if selected.
    const previous = afterSeq !== null ? qb.clone().andWhere('a.seq >= :afterSeq', { afterSeq }).select('1', 'found').orderBy('a.seq', 'ASC').limit(1) : null;
    if (afterSeq !== null) qb.andWhere('a.seq < :afterSeq', { afterSeq });
    const rows = await qb.orderBy('a.seq', 'DESC').limit(limit + 1).getRawMany<AuditLogRow>();
    const edges = rows.slice(0, limit).map((r) => {
      const row = rowFromDb(r);
      const node: AuditEntryModel = { ...row, id: String(row.seq), kind: row.kind as unknown as AuditKindEnum };
      return { cursor: encodeSeq(row.seq), node };
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > limit,
        hasPreviousPage: previous ? async () => (await previous.getRawOne()) !== undefined : false,
        startCursor: edges.length ? edges[0].cursor : null,
        endCursor: edges.length ? edges[edges.length - 1].cursor : null,
      },
    };
  }

  /**
   * Recomputes the chain over the rows written in [from, to) (all rows when both are null), from
   * the hash of the row before the first one, and reports the first row where it breaks.
   */
  async verify(from?: Date | null, to?: Date | null): Promise<AuditChainReport> {
    if (from && to && from >= to) throw badInput('from', 'from must be before to');
    // Rows committed a moment ago are checked too.
    await this.chained();
    const [range]: { lo: string | null; hi: string | null }[] = await this.ds.query(
      `SELECT min(seq) AS lo, max(seq) AS hi FROM audit_log WHERE seq IS NOT NULL AND ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)`,
      [from ?? null, to ?? null],
    );
    const report: AuditChainReport = { intact: true, checkedRows: 0, firstSeq: null, lastSeq: null, brokenAtSeq: null, reason: null };
    if (range.lo === null) return report;
    const lo = Number(range.lo);
    const hi = Number(range.hi);
    // Without `from` the chain is checked from its true start, so that rows deleted at its head show too.
    let prev = from ? await this.hashBefore(lo) : await this.chainStart();
    if (!prev) return { ...report, intact: false, firstSeq: lo, brokenAtSeq: lo, reason: `row ${lo - 1}, before the first row checked, is missing` };
    report.firstSeq = prev.seq + 1;
    while (prev.seq < hi) {
      const batch = (
        (await this.ds.query(`SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`, [prev.seq, hi, VERIFY_BATCH])) as AuditLogRow[]
      ).map(rowFromDb);
      if (!batch.length) break;
      const checked = checkRows(this.key, prev, batch);
      report.checkedRows += checked.last.seq - prev.seq;
      report.lastSeq = checked.last.seq;
      if (checked.break) return { ...report, intact: false, brokenAtSeq: checked.break.seq, reason: checked.break.reason };
      prev = checked.last;
    }
    return report;
  }

  /** The anchor left by the last archive, or the genesis. */
  private async chainStart(): Promise<{ seq: number; hash: string }> {
    const [anchor]: ChainLinkRow[] = await this.ds.query(`SELECT seq, hash FROM audit_anchor`);
    return anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** The row before `seq` (or the anchor / genesis at the chain's start); null when it is missing. */
  private async hashBefore(seq: number): Promise<{ seq: number; hash: string } | null> {
    const start = await this.chainStart();
    if (seq - 1 === start.seq) return start;
    const [row]: ChainLinkRow[] = await this.ds.query(`SELECT seq, hash FROM audit_log WHERE seq = $1`, [seq - 1]);
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /** The chain's tail, for tests and the archive command. */
  tail(): Promise<{ seq: number; hash: string }> {
    return chainTail(this.ds.manager);
  }
}

function encodeSeq(seq: number): string {
  return Buffer.from(`audit|${seq}`).toString('base64url');
}

function decodeSeq(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const m = /^audit\|(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput('after', 'after is not a valid cursor');
  return Number(m[1]);
}
