/**
 * Sustained openCase on bench_scale (filled by generate-cases.ts) against a production server
 * started as a child process: 16 concurrent clients for a fixed time, two ways:
 *
 *   one unit  lead.fanji opens every case for 樊集乡 411329305 (workplace grid 411329305212):
 *             all transactions take the same case_number_seq row lock (411329305, year);
 *   spread    lead.xinye (squad leader of 新野县 411329) opens cases for the county's townships,
 *             client i always for township i mod n, workplace the township itself.
 *
 * Each client opens cases against its own small set of employers (new names, no credit code, so
 * findOrCreate creates the first and finds it afterwards). Reports cases/s, p50/p90/p99 and CPU%
 * of the server, its PostgreSQL backends, this load generator and the rest of the machine.
 *
 *   npx ts-node --transpile-only bench/open-case.ts [--seconds 20] [--warmup 2] [--concurrency 16]
 */
import { MiB, argValue, loadAverage, machine, saveResult, table } from './lib';
import { CpuMeter, CpuReport, LoadResult, benchClient, benchDbUrl, cpuMsPerReq, gql, login, ms, pct, runLoad, startServer } from './scale-lib';

const OPEN = `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id number status } }`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, '--seconds') ?? 20);
  const warmup = Number(argValue(argv, '--warmup') ?? 2);
  const concurrency = Number(argValue(argv, '--concurrency') ?? 16);
  const opts = { concurrency, durationMs: seconds * 1000, warmupMs: warmup * 1000 };
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()} (${benchDbUrl()})`);
  const db = await benchClient();
  const xinye: { code: string }[] = (await db.query(`SELECT code FROM unit WHERE parent_code = '411329' AND level = 'TOWNSHIP' ORDER BY code`)).rows;
  await db.end();
  const run = Date.now().toString(36);
  const input = (handling: string, workplace: string, client: number, i: number) => ({
    title: `压测：拖欠工资 ${run}-${client}-${i}`,
    source: 'COMPLAINT',
    handlingUnitCode: handling,
    workplaceUnitCode: workplace,
    employer: { name: `压测用人单位${run}-${client}-${i % 20}有限公司` },
    workersAffected: 1 + (i % 30),
    amountOwed: `${10_000 + ((i * 7919) % 90_000)}.50`,
    description: '压测数据：劳动者反映用人单位拖欠工资三个月。',
  });

  const server = await startServer();
  const rows: { label: string; load: LoadResult; cpu: CpuReport }[] = [];
  try {
    const fanji = await login(server.port, 'lead.fanji');
    const leadXinye = await login(server.port, 'lead.xinye');
    const check = await gql(server.port, OPEN, { input: input('411329305', '411329305212', 99, 0) }, fanji);
    console.error(`check: opened ${check.openCase.number} (${check.openCase.status})`);
    const scenarios = [
      { label: `one unit: lead.fanji -> 411329305`, fn: (c: number, i: number) => gql(server.port, OPEN, { input: input('411329305', '411329305212', c, i) }, fanji) },
      {
        label: `spread: lead.xinye -> ${xinye.length} townships of 411329`,
        fn: (c: number, i: number) => {
          const t = xinye[c % xinye.length].code;
          return gql(server.port, OPEN, { input: input(t, t, c + 100, i) }, leadXinye);
        },
      },
    ];
    for (const s of scenarios) {
      const meter = new CpuMeter(server.pid);
      const load = await runLoad(s.label, opts, s.fn, () => meter.start());
      const cpu = await meter.finish();
      rows.push({ label: s.label, load, cpu });
      console.error(
        `${s.label}: ${load.ok} ok / ${load.errors} errors = ${load.rps.toFixed(0)}/s, p50 ${ms(load.p50)} p99 ${ms(load.p99)} ms; ` +
          `cpu server ${pct(cpu.serverPct)} pg ${pct(cpu.pgPct)} loadgen ${pct(cpu.loadGenPct)} other ${pct(cpu.otherPct)}; load ${cpu.load}` +
          `${load.firstError ? `; first error: ${load.firstError}` : ''}`,
      );
    }
  } finally {
    console.error(`server stopped (exit ${await server.stop()})`);
  }
  console.log(
    table(
      ['scenario', 'clients', 'seconds', 'cases opened', 'cases/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'CPU% server / pg / loadgen / other', 'CPU ms per case: server / pg', 'server VmRSS peak', 'load 1m'],
      rows.map((r) => [
        r.label,
        r.load.concurrency,
        r.load.seconds.toFixed(1),
        r.load.ok,
        r.load.rps.toFixed(0),
        ms(r.load.p50),
        ms(r.load.p90),
        ms(r.load.p99),
        ms(r.load.max),
        r.load.errors,
        `${pct(r.cpu.serverPct)} / ${pct(r.cpu.pgPct)} / ${pct(r.cpu.loadGenPct)} / ${pct(r.cpu.otherPct)}`,
        `${cpuMsPerReq(r.cpu.serverPct, r.load.rps)} / ${cpuMsPerReq(r.cpu.pgPct, r.load.rps)}`,
        MiB(r.cpu.serverRssPeak),
        r.cpu.load.split(' ')[0],
      ]),
    ),
  );
  console.error(`saved ${saveResult('open-case', { at: new Date().toISOString(), machine: machine(), opts, rows })}`);
}


main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
