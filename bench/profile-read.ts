/**
 * A CPU profile of the server answering one GraphQL read in a loop (in-process server of
 * inproc-server.ts, 16 clients): where the per-request constant goes.
 *
 *   npx ts-node --transpile-only bench/profile-read.ts [--seconds 8] [--as lead.fanji | --anonymous] [--query '{ ... }']
 */
import { join } from 'node:path';
import { argValue, RESULTS_DIR } from './lib';
import { gql, login, runLoad } from './scale-lib';
import { startInProcessServer, summarizeProfile } from './inproc-server';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, '--seconds') ?? 8);
  const query = argValue(argv, '--query') ?? `{ unit(code: "411329305") { code name level } }`;
  const server = await startInProcessServer();
  try {
    const token = argv.includes('--anonymous') ? undefined : await login(server.port, argValue(argv, '--as') ?? 'lead.fanji');
    const fn = () => gql(server.port, query, {}, token);
    await runLoad('warm-up', { concurrency: 16, durationMs: 2000 }, fn);
    await server.startProfile();
    const load = await runLoad('profiled', { concurrency: 16, durationMs: seconds * 1000 }, fn);
    const file = join(RESULTS_DIR, `profile-read-${Date.now()}.cpuprofile`);
    const sql = await server.stopProfile(file);
    console.log(`${load.rps.toFixed(0)}/s, ${(sql.total / Math.max(1, load.ok)).toFixed(2)} statements per request; profile ${file}`);
    console.log(summarizeProfile(file));
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
