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

/**
 * Appends one row at the chain's tail. The transaction-scoped lock orders concurrent writers
 * strictly (the next seq and the previous hash are read under it) and is taken as the last step
 * of the writer's transaction, so it is held only until that transaction commits.
 */
export async function appendToChain(m: EntityManager, key: Buffer, entry: AuditEntry, at: Date): Promise<ChainedRow> {
  await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_CHAIN_LOCK]);
  const tail = await chainTail(m);
  const row = { ...entry, seq: tail.seq + 1, at };
  const hash = chainHash(key, tail.hash, row);
  const unitCode = row.unitCode;
  await m.query(
    `INSERT INTO audit_log (seq, at, kind, action, user_id, unit_code, unit_path, targets, outcome, detail, hash)
     VALUES ($1, $2, $3, $4, $5, $6::varchar, (SELECT path FROM unit WHERE code = $6::varchar), $7::text[], $8, $9, $10)`,
    [row.seq, at, row.kind, row.operation, row.userId, unitCode, row.targets, row.outcome, row.detail, hash],
  );
  return { ...row, hash };
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
