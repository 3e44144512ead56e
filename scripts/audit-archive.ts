import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { lockDataDir } from '../src/database/data-dir-lock';
import { databaseSetup } from '../src/database/data-source-options';
import { archiveAudit, ArchiveError, RETENTION_DAYS, verifyArchive } from '../src/modules/audit/audit-archive';

const USAGE = `usage:
  npm run audit:archive -- --before YYYY-MM-DD --out <file>   move audit rows written before that day (Asia/Shanghai) into a signed archive, then delete them
  npm run audit:archive -- --verify <file>                    check an archive's signature and chain
Rows younger than ${RETENTION_DAYS} days are never archived. Needs the server's AUDIT_KEY.`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `npm run audit:archive`: retention of the audit trail (docs/ARCHITECTURE.md, "Audit trail"). */
async function main(): Promise<void> {
  const config = loadConfig();
  const verify = arg('--verify');
  if (verify) {
    const r = verifyArchive(verify, config.auditKey);
    console.log(`archive ${verify}: signature and chain verified, ${r.rows} rows, seq ${r.fromSeq ?? '-'}..${r.toSeq ?? '-'}, last hash ${r.lastHash}`);
    return;
  }
  const before = arg('--before');
  const out = arg('--out');
  if (!before || !/^\d{4}-\d{2}-\d{2}$/.test(before) || !out) throw new ArchiveError(USAGE);
  const day = new Date(`${before}T00:00:00+08:00`);
  if (Number.isNaN(day.getTime())) throw new ArchiveError(`--before ${before} is not a date`);
  if (config.embedded) lockDataDir(config.dataDir);
  const setup = databaseSetup(config);
  const ds = new DataSource(setup.options);
  await ds.initialize();
  try {
    const r = await archiveAudit(ds, config.auditKey, { before: day, out });
    console.log(`archived ${r.rows} audit rows (seq ${r.fromSeq ?? '-'}..${r.toSeq ?? '-'}) to ${r.file}; the remaining chain starts after hash ${r.lastHash}`);
  } finally {
    await ds.destroy();
    await setup.closeEngine();
  }
}

main().catch((err) => {
  console.error(err instanceof ArchiveError ? err.message : err instanceof Error ? `${err.message}\n${err.stack}` : err);
  process.exit(1);
});
