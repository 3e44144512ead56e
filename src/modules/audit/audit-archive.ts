import { createHmac } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { AuditLogRow, ChainLinkRow, CHAIN_COLUMNS, checkRows, GENESIS_HASH, rowFromDb, sameHash } from './audit-chain';

/** 等保 2.0: audit records are kept at least six months; we keep 184 days (the longest six months). */
export const RETENTION_DAYS = 184;
const FORMAT = 'labor-inspection-audit-archive/1';
const BATCH = 5000;
const ARCHIVE_LOCK = 0x61726368; // 'arch'

export class ArchiveError extends Error {}

export interface ArchiveResult {
  file: string;
  rows: number;
  fromSeq: number | null;
  toSeq: number | null;
  previousHash: string;
  lastHash: string;
}

/**
 * Moves the oldest audit rows, written before `before`, into a signed archive file and only then
 * deletes them. Only a prefix of the chain goes (rows up to the first one written on or after
 * `before`), so the rows that stay still verify from the archive's last hash, kept in audit_anchor.
 * Refuses a `before` within the retention period and a chain that does not verify.
 *
 * File: JSON lines. First a header (format, boundary hashes: the hash before the first archived
 * row and the last archived row's hash), then one line per row as stored, then
 * {"signature": HMAC-SHA256(AUDIT_KEY, every byte before that line)}.
 */
export async function archiveAudit(ds: DataSource, key: Buffer, opts: { before: Date; out: string; now?: Date }): Promise<ArchiveResult> {
  const now = opts.now ?? new Date();
  const limit = new Date(now.getTime() - RETENTION_DAYS * 86400_000);
  if (!(opts.before.getTime() <= limit.getTime())) {
    throw new ArchiveError(`--before must be at least ${RETENTION_DAYS} days ago (on or before ${limit.toISOString().slice(0, 10)}): audit rows are kept ${RETENTION_DAYS} days`);
  }
  return ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [ARCHIVE_LOCK]);
    const [anchor]: ChainLinkRow[] = await m.query(`SELECT seq, hash FROM audit_anchor`);
    const start = anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH };
    const [cut]: { seq: string | null }[] = await m.query(
      `SELECT max(seq) AS seq FROM audit_log WHERE seq IS NOT NULL
         AND seq < COALESCE((SELECT min(seq) FROM audit_log WHERE seq IS NOT NULL AND at >= $1), 9223372036854775807)`,
      [opts.before],
    );
    const toSeq = cut.seq === null ? null : Number(cut.seq);
    const tmp = `${opts.out}.partial`;
    const fd = openSync(tmp, 'wx', 0o600);
    const mac = createHmac('sha256', key);
    const write = (obj: unknown) => {
      const line = `${JSON.stringify(obj)}\n`;
      mac.update(line);
      writeSync(fd, line);
    };
    let count = 0;
    let prev = start;
    try {
      write({ format: FORMAT, createdAt: now.toISOString(), before: opts.before.toISOString(), previousHash: start.hash, fromSeq: toSeq === null ? null : start.seq + 1, toSeq });
      // Rows from before the chain existed (no seq), older than `before`.
      const legacy: (Omit<AuditLogRow, 'seq' | 'hash'> & { id: string | number })[] = await m.query(`SELECT id, at, kind, action, user_id, unit_code, targets, outcome, detail FROM audit_log WHERE seq IS NULL AND at < $1 ORDER BY id`, [opts.before]);
      for (const r of legacy) write({ legacy: true, id: Number(r.id), at: new Date(r.at).toISOString(), operation: r.action, userId: r.user_id, outcome: r.outcome, targets: r.targets });
      count += legacy.length;
      while (toSeq !== null && prev.seq < toSeq) {
        const batch = ((await m.query(`SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`, [prev.seq, toSeq, BATCH])) as AuditLogRow[]).map(rowFromDb);
        const checked = checkRows(key, prev, batch);
        if (checked.break || !batch.length) {
          throw new ArchiveError(`the audit chain breaks at row ${checked.break?.seq ?? prev.seq + 1} (${checked.break?.reason ?? 'rows missing'}): nothing archived; run verifyAuditChain`);
        }
        for (const r of batch) write({ ...r, at: r.at.toISOString() });
        count += batch.length;
        prev = checked.last;
      }
      write({ lastHash: prev.hash, rows: count });
      const signature = mac.digest('hex');
      writeSync(fd, `${JSON.stringify({ signature })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, opts.out);
    // The file is on disk: now, and only now, the rows go (the trigger allows it for old rows only).
    await m.query(`SELECT set_config('audit.archiving', 'on', true)`);
    await m.query(`DELETE FROM audit_log WHERE seq IS NULL AND at < $1`, [opts.before]);
    if (toSeq !== null) {
      await m.query(`DELETE FROM audit_log WHERE seq <= $1`, [toSeq]);
      await m.query(
        `INSERT INTO audit_anchor (only_row, seq, hash, at) VALUES (true, $1, $2, $3)
         ON CONFLICT (only_row) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, at = EXCLUDED.at`,
        [toSeq, prev.hash, now],
      );
    }
    await m.query(`SELECT set_config('audit.archiving', 'off', true)`);
    return { file: opts.out, rows: count, fromSeq: toSeq === null ? null : start.seq + 1, toSeq, previousHash: start.hash, lastHash: prev.hash };
  });
}

/** Checks an archive file: its signature, and its rows' chain from the header's previous hash. */
export function verifyArchive(file: string, key: Buffer): { rows: number; fromSeq: number | null; toSeq: number | null; previousHash: string; lastHash: string } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.length);
  if (lines.length < 3) throw new ArchiveError('not an audit archive');
  const signed = text.slice(0, text.length - lines[lines.length - 1].length - 1);
  const { signature } = JSON.parse(lines[lines.length - 1]);
  const expected = createHmac('sha256', key).update(signed).digest('hex');
  if (typeof signature !== 'string' || !sameHash(signature, expected)) throw new ArchiveError('the archive signature does not match: the file was changed or signed with another key');
  const header = JSON.parse(lines[0]);
  if (header.format !== FORMAT) throw new ArchiveError(`unknown archive format ${header.format}`);
  const footer = JSON.parse(lines[lines.length - 2]);
  const rows = lines.slice(1, -2).map((l) => JSON.parse(l)).filter((r) => !r.legacy).map((r) => ({ ...r, at: new Date(r.at) }));
  const checked = checkRows(key, { seq: (header.fromSeq ?? 1) - 1, hash: header.previousHash }, rows);
  if (checked.break) throw new ArchiveError(`the archived chain breaks at row ${checked.break.seq}: ${checked.break.reason}`);
  if (checked.last.hash !== footer.lastHash) throw new ArchiveError('the archive does not end with its last hash');
  return { rows: footer.rows, fromSeq: header.fromSeq, toSeq: header.toSeq, previousHash: header.previousHash, lastHash: footer.lastHash };
}
