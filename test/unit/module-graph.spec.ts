import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * The shape of the house, checked: a module is a folder under src/modules; nothing under
 * src/common imports a module; the modules' import graph (folder to folder, type imports
 * included) has no cycle. A violation names the files that make it.
 */
const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** `modules/cases`, `common`, `database`, … : the part of src a file belongs to. */
function partOf(file: string): string {
  const [top, second] = relative(SRC, file).split(/[\\/]/);
  return top === 'modules' ? `modules/${second}` : top.replace(/\.ts$/, '');
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s));
}

interface Edge {
  from: string;
  to: string;
  file: string;
}

const edges: Edge[] = sourceFiles(SRC).flatMap((file) =>
  importsOf(file)
    .map((target) => ({ from: partOf(file), to: partOf(target), file: relative(SRC, file) }))
    .filter((e) => e.from !== e.to),
);

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'open');
    stack.push(n);
    for (const next of graph.get(n) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}

describe('module graph', () => {
  it('nothing under src/common imports a module', () => {
    const offending = edges.filter((e) => e.from === 'common' && e.to.startsWith('modules/'));
    expect(offending.map((e) => `${e.file} -> ${e.to}`)).toEqual([]);
  });

  it('the modules import one another without a cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges.filter((x) => x.from.startsWith('modules/') && x.to.startsWith('modules/'))) {
      graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    }
    const cycle = findCycle(graph);
    const witnesses = cycle
      ? cycle.slice(1).map((to, i) => `${cycle[i]} -> ${to}: ${edges.filter((e) => e.from === cycle[i] && e.to === to).map((e) => e.file).join(', ')}`)
      : [];
    expect(witnesses).toEqual([]);
  });
});
