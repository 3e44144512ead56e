import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditKind } from '../../common/audit/audit-scope';

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key of the audit chain's tail ('audit' in ASCII). */
export const AUDIT_CHAIN_LOCK = 0x6175646974;

/** An audit row as chained: the entry with its place (seq), its time and its hash. */
export interface ChainedRow extends AuditEntry {
  seq: number;
  at: Date;
  hash: string;
}

/** An `audit_log` row as CHAIN_COLUMNS selects it; `seq` is a bigint, which the driver may give as a string. */
export interface AuditLogRow {
  seq: string | number;
  at: Date;
  kind: AuditKind;
  action: string;
  user_id: string | null;
  unit_code: string | null;
  targets: string[] | null;
  outcome: string;
  detail: string | null;
  hash: string;
}

/** A place in the chain as stored: an `audit_log` row's or the `audit_anchor`'s seq and hash. */
export type ChainLinkRow = Pick<AuditLogRow, 'seq' | 'hash'>;

/** The row's content in one fixed order and encoding: what the HMAC covers. */
export function canonicalRow(r: Omit<ChainedRow, 'hash'>): string {
  return JSON.stringify([r.seq, r.at.toISOString(), r.kind, r.operation, r.userId, r.unitCode, r.targets, r.outcome, r.detail]);
}

/** hash = HMAC-SHA256(key, previous hash ‖ canonical row), hex. */
export function chainHash(key: Buffer, previousHash: string, row: Omit<ChainedRow, 'hash'>): string {
  return createHmac('sha256', key).update(previousHash).update('\n').update(canonicalRow(row)).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The last chained row, or the archive's anchor when every older row was archived, or the genesis. */
export async function chainTail(m: EntityManager): Promise<{ seq: number; hash: string }> {
  const [last]: ChainLinkRow[] = await m.query(`SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`);
  if (last) return { seq: Number(last.seq), hash: last.hash };
  const [anchor]: ChainLinkRow[] = await m.query(`SELECT seq, hash FROM audit_anchor`);
  return anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Pending rows one chaining transaction links at most. */
export const CHAIN_BATCH = 2000;

/**
 * Writes the entry in the caller's transaction into audit_pending: its content is final, its place
 * in the chain (seq) and hash are given by `chainPending` once it has committed. No lock is taken,
 * so concurrent writers commit (and flush their WAL) together instead of one after another.
 */
export async function appendPending(m: EntityManager, entry: AuditEntry, at: Date): Promise<void> {
  await m.query(`INSERT INTO audit_pending (at, kind, action, user_id, unit_code, targets, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8)`, [
    at,
    entry.kind,
    entry.operation,
    entry.userId,
    entry.unitCode,
    entry.targets,
    entry.outcome,
    entry.detail,
  ]);
}

/**
 * Moves up to `limit` pending rows, oldest first, to the chain's tail in audit_log, in the caller's
 * transaction. The transaction-scoped lock orders chainers (of every instance) strictly: the tail
 * and the pending rows are read under it, so each row gets the next seq and the hash over the row
 * before it. The hash covers the row as read from audit_pending, which is what audit_log stores.
 * Returns how many rows were moved.
 */
export async function chainPending(m: EntityManager, key: Buffer, limit = CHAIN_BATCH): Promise<number> {
  // The setting lets audit_pending's guard pass this transaction's deletes.
  await m.query(`SELECT pg_advisory_xact_lock($1), set_config('audit.chaining', 'on', true)`, [AUDIT_CHAIN_LOCK]);
  const pending: (Omit<AuditLogRow, 'seq' | 'hash'> & { id: string })[] = await m.query(
    `SELECT id, at, kind, action, user_id, unit_code, targets, outcome, detail FROM audit_pending ORDER BY id LIMIT $1`,
    [limit],
  );
  if (!pending.length) return 0;
  let tail = await chainTail(m);
  const ids: string[] = [];
  const seqs: number[] = [];
  const hashes: string[] = [];
  for (const r of pending) {
    const row = rowFromDb({ ...r, seq: tail.seq + 1, hash: '' });
    const hash = chainHash(key, tail.hash, row);
    ids.push(r.id);
    seqs.push(row.seq);
    hashes.push(hash);
    tail = { seq: row.seq, hash };
  }
  await m.query(
    `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(id, seq, hash)),
     moved AS (
       DELETE FROM audit_pending p USING v WHERE p.id = v.id
       RETURNING v.seq, p.at, p.kind, p.action, p.user_id, p.unit_code, p.targets, p.outcome, p.detail, v.hash
     )
     INSERT INTO audit_log (seq, at, kind, action, user_id, unit_code, unit_path, targets, outcome, detail, hash)
     SELECT seq, at, kind, action, user_id, unit_code, (SELECT path FROM unit WHERE code = moved.unit_code), targets, outcome, detail, hash FROM moved`,
    [ids, seqs, hashes],
  );
  return pending.length;
}

/**
 * Appends one row and links it at once, in the caller's transaction (which then holds the chain
 * lock until it ends): for scripts and tests that need the row chained when they commit.
 */
export async function appendToChain(m: EntityManager, key: Buffer, entry: AuditEntry, at: Date): Promise<void> {
  await appendPending(m, entry, at);
  while ((await chainPending(m, key)) === CHAIN_BATCH);
}

/** A stored row as the chain reads it back. */
export function rowFromDb(r: AuditLogRow): ChainedRow {
  return {
    seq: Number(r.seq),
    at: new Date(r.at),
    kind: r.kind,
    operation: r.action,
    userId: r.user_id ?? null,
    unitCode: r.unit_code ?? null,
    targets: r.targets ?? [],
    outcome: r.outcome,
    detail: r.detail ?? null,
    hash: r.hash,
  };
}

export const CHAIN_COLUMNS = `seq, at, kind, action, user_id, unit_code, targets, outcome, detail, hash`;

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks rows in seq order against the hash before them: a changed row fails its own hash, a
 * deleted one leaves a gap in seq, an inserted or reordered one fails the hash of the row it
 * displaced. Returns the first break, or null.
 */
export function checkRows(key: Buffer, previous: { seq: number; hash: string }, rows: ChainedRow[]): { break: ChainBreak | null; last: { seq: number; hash: string } } {
  let prev = previous;
  for (const row of rows) {
    if (row.seq !== prev.seq + 1) {
      return { break: { seq: prev.seq + 1, reason: row.seq > prev.seq + 1 ? `rows ${prev.seq + 1}..${row.seq - 1} are missing` : `row ${row.seq} is out of order` }, last: prev };
    }
    if (!row.hash || !sameHash(chainHash(key, prev.hash, row), row.hash)) {
      return { break: { seq: row.seq, reason: `row ${row.seq} does not match its hash (changed, inserted or moved)` }, last: prev };
    }
    prev = { seq: row.seq, hash: row.hash };
  }
  return { break: null, last: prev };
}
