import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/common/audit/audit-scope';
import { archiveAudit, verifyArchive } from '../../src/modules/audit/audit-archive';
import { appendToChain, ChainedRow, CHAIN_COLUMNS, checkRows, rowFromDb } from '../../src/modules/audit/audit-chain';
import { FreshDatabase } from '../support/fresh-db';

const DAY = 86400_000;
const run = promisify(execFile);

/**
 * Retention (等保 2.0: at least six months): `npm run audit:archive` moves the oldest rows into a
 * signed file and only then deletes them, never rows younger than 184 days, and the chain that
 * stays still verifies. On a database of its own, so that rows can be dated months back.
 */
describe('audit retention and archive', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let close: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'labor-archive-'));
  beforeAll(async () => {
    db = await FreshDatabase.create();
    ({ ds, close } = await db.open());
  });
  afterAll(async () => {
    await close();
    await db.remove();
  });

  const key = () => db.config.auditKey;
  const entry = (operation: string): AuditEntry => ({ kind: 'MUTATION', operation, userId: null, unitCode: null, targets: [], outcome: 'OK', detail: null });
  const write = (operation: string, daysAgo: number) => ds.transaction((m) => appendToChain(m, key(), entry(operation), new Date(Date.now() - daysAgo * DAY)));
  const remaining = async (): Promise<ChainedRow[]> => (await ds.query(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY seq`)).map(rowFromDb);
  const anchor = async () => (await ds.query(`SELECT seq, hash FROM audit_anchor`))[0];

  it('the documented command: npm run audit:archive -- --before YYYY-MM-DD --out file, refusing young rows; and --verify', async () => {
    await write('old-1', 300);
    await write('old-2', 250);
    await write('old-3', 240);
    await write('recent', 100); // younger than any --before: it and everything after it stays
    await write('old-but-after-recent', 200);
    await write('today', 0);
    await close(); // the embedded engine's folder is the command's now
    const out = join(dir, 'cli.jsonl');
    const env = { ...process.env, ...db.env, NODE_OPTIONS: '' } as NodeJS.ProcessEnv;
    const script = ['-r', 'ts-node/register/transpile-only', 'scripts/audit-archive.ts'];
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
    try {
      await expect(run(process.execPath, [...script, '--before', day(10), '--out', out], { env })).rejects.toMatchObject({ stderr: expect.stringMatching(/184 days/) });
      const archived = await run(process.execPath, [...script, '--before', day(270), '--out', out], { env });
      expect(archived.stdout).toMatch(/archived 1 audit rows \(seq 1\.\.1\)/);
      const verified = await run(process.execPath, [...script, '--verify', out], { env });
      expect(verified.stdout).toMatch(/signature and chain verified, 1 rows/);
    } finally {
      ({ ds, close } = await db.open());
    }
    expect((await remaining()).map((x) => x.operation)[0]).toBe('old-2');
  });

  it('archives the oldest prefix of the chain into a signed file, deletes it, and the rest still verifies', async () => {
    const start = await anchor();
    const out = join(dir, 'second.jsonl');
    const r = await archiveAudit(ds, key(), { before: new Date(Date.now() - 190 * DAY), out });
    expect(r).toMatchObject({ rows: 2, fromSeq: 2, toSeq: 3, previousHash: start.hash });
    expect((await remaining()).map((x) => x.operation)).toEqual(['recent', 'old-but-after-recent', 'today']);
    expect(await anchor()).toEqual({ seq: '3', hash: r.lastHash });
    expect(verifyArchive(out, key())).toMatchObject({ rows: 2, fromSeq: 2, toSeq: 3, lastHash: r.lastHash });
    // The remaining chain verifies from the archive's last hash; the next row continues it.
    await write('after-archive', 0);
    const rows = await remaining();
    expect(rows[0].seq).toBe(4);
    expect(checkRows(key(), { seq: 3, hash: r.lastHash }, rows).break).toBeNull();
  });

  it('refuses a --before within 184 days, and the database refuses deleting young rows even to the archiver', async () => {
    await expect(archiveAudit(ds, key(), { before: new Date(Date.now() - 183 * DAY), out: join(dir, 'young.jsonl') })).rejects.toThrow(/184 days/);
    expect(existsSync(join(dir, 'young.jsonl'))).toBe(false);
    await expect(
      ds.transaction(async (m) => {
        await m.query(`SELECT set_config('audit.archiving', 'on', true)`);
        await m.query(`DELETE FROM audit_log WHERE action = 'recent'`);
      }),
    ).rejects.toThrow(/append-only/);
  });

  it('a changed archive file, or one checked with another key, fails verification', async () => {
    const out = join(dir, 'second.jsonl');
    const forged = join(dir, 'forged.jsonl');
    writeFileSync(forged, readFileSync(out, 'utf8').replace('"old-2"', '"old-X"'));
    expect(() => verifyArchive(forged, key())).toThrow(/signature/);
    expect(() => verifyArchive(out, Buffer.alloc(32, 7))).toThrow(/signature/);
  });

  it('refuses to archive a chain that does not verify, and deletes nothing', async () => {
    const superuser = async (sql: string) => {
      await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      try {
        await ds.query(sql);
      } finally {
        await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      }
    };
    const [{ at }] = await ds.query(`SELECT at FROM audit_log WHERE action = 'recent'`);
    await superuser(`UPDATE audit_log SET at = now() - interval '300 days' WHERE action = 'recent'`); // back-dated: now in the prefix
    const before = (await remaining()).length;
    await expect(archiveAudit(ds, key(), { before: new Date(Date.now() - 190 * DAY), out: join(dir, 'broken.jsonl') })).rejects.toThrow(/breaks at row 4/);
    expect((await remaining()).length).toBe(before);
    expect(existsSync(join(dir, 'broken.jsonl'))).toBe(false);
    await superuser(`UPDATE audit_log SET at = '${new Date(at).toISOString()}' WHERE action = 'recent'`);
    const a = await anchor();
    expect(checkRows(key(), { seq: Number(a.seq), hash: a.hash }, await remaining()).break).toBeNull();
  });
});
