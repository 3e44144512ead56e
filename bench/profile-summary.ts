/**
 * Where the CPU of a bench child went: sums the self time of a V8 .cpuprofile (written by
 * `grid-variants.ts --prof`) by kind of code, and lists the top functions.
 *
 *   npx ts-node --transpile-only bench/profile-summary.ts bench/results/prof/pglite-loader.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function kind(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url.startsWith('wasm://')) return 'WebAssembly (PostgreSQL in PGlite)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (url.includes('@electric-sql/pglite')) return 'PGlite JS glue (protocol, FS)';
  if (/node_modules\/(pg|pg-protocol|pg-types|pgpass|pg-pool)\//.test(url)) return 'node-postgres';
  if (url.includes('node_modules/typeorm')) return 'TypeORM';
  if (url.includes('/src/') || url.includes('/bench/')) return 'project code (CSV parse, batches)';
  if (url.startsWith('node:')) return 'Node core (streams, fs, readline)';
  if (!url && /^(writeBuffer|writeUtf8String|unlink|lstat|fstat|read|readdir|rmdir|open|close|rename|utimes|chmod|readFileUtf8|writeFileUtf8|existsSync|internalModule\w*)$/.test(functionName)) {
    return 'Node fs natives (PGlite NODEFS: write, unlink, stat...)';
  }
  return url ? 'other JS' : 'other native';
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top N]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byKind = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const k = kind(node.callFrame);
    byKind.set(k, (byKind.get(k) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '')}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(1).padStart(6)} s`;
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  for (const [k, us] of [...byKind].sort((a, b) => b[1] - a[1]).filter(([, us]) => us / total >= 0.001)) console.log(`  ${pct(us)}  ${k}`);
  console.log('  top functions:');
  for (const [fn, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 15))) console.log(`  ${pct(us)}  ${fn}`);
}

main();
