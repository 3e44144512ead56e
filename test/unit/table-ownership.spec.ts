import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { MODULES, TABLE_OWNERS, WRITERS_OUTSIDE_MODULES } from '../../src/database/table-owners';

/**
 * One owner per table (issue 9): every write in the server's source — SQL text (INSERT INTO,
 * UPDATE, DELETE FROM), repository and query-builder writes on entities, `updateVersioned` and
 * `refreshVisibility` — is attributed to the module whose folder holds the file
 * (src/modules/<name>/...) and must be to a table that module owns (src/database/table-owners.ts).
 */

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

export interface Write {
  file: string;
  line: number;
  table: string;
  how: string;
}

const REPO_WRITES = new Set(['save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'increment', 'decrement', 'clear']);
const SQL_WRITE = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)\b/g;
const NOT_TABLES = new Set(['set', 'of', 'nowait', 'skip']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'migrations' ? [] : sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** The text of a string or template literal, `${…}` replaced by a character no identifier holds. */
function literalText(n: ts.Node): string | null {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => `\u0000${s.literal.text}`).join('');
  return null;
}

/** Entity classes (`@Entity('table')`) and visibility specs (`visibilityTable: 'x'`) across the source. */
export function catalogue(files: { file: string; text: string }[]) {
  const entities = new Map<string, string>();
  const specs = new Map<string, string>();
  for (const { file, text } of files) {
    walk(parse(file, text), (n) => {
      if (ts.isClassDeclaration(n) && n.name) {
        for (const d of ts.getDecorators(n) ?? []) {
          const call = d.expression;
          if (ts.isCallExpression(call) && call.expression.getText() === 'Entity' && call.arguments[0] && ts.isStringLiteral(call.arguments[0])) {
            entities.set(n.name.text, call.arguments[0].text);
          }
        }
      }
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isObjectLiteralExpression(n.initializer)) {
        for (const p of n.initializer.properties) {
          if (ts.isPropertyAssignment(p) && p.name.getText() === 'visibilityTable' && ts.isStringLiteral(p.initializer)) specs.set(n.name.text, p.initializer.text);
        }
      }
    });
  }
  return { entities, specs };
}

/** Every write in one file's source. */
export function writesIn(file: string, text: string, cat: ReturnType<typeof catalogue>): Write[] {
  const sf = parse(file, text);
  const out: Write[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const entityOf = (e: ts.Expression | undefined) => (e && ts.isIdentifier(e) ? cat.entities.get(e.text) : undefined);
  // `const repo = m.getRepository(X)`: the variables that hold a repository, by name.
  const repos = new Map<string, string>();
  const repositoryOf = (e: ts.Expression): string | undefined => {
    if (ts.isIdentifier(e)) return repos.get(e.text);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'getRepository') return entityOf(e.arguments[0]);
    return undefined;
  };
  walk(sf, (n) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const table = repositoryOf(n.initializer);
      if (table) repos.set(n.name.text, table);
    }
  });
  walk(sf, (n) => {
    const sql = literalText(n);
    if (sql !== null) {
      for (const m of sql.matchAll(SQL_WRITE)) {
        if (!NOT_TABLES.has(m[2].toLowerCase())) out.push({ file, line: at(n), table: m[2], how: `${m[1].replace(/\s+/g, ' ')} ${m[2]}` });
      }
      return;
    }
    if (!ts.isCallExpression(n)) return;
    const callee = n.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (name === 'updateVersioned') {
      const table = entityOf(n.arguments[1]);
      if (table) out.push({ file, line: at(n), table, how: 'updateVersioned' });
      return;
    }
    if (name === 'refreshVisibility') {
      const spec = n.arguments[1];
      const table = spec && ts.isIdentifier(spec) ? cat.specs.get(spec.text) : undefined;
      if (table) out.push({ file, line: at(n), table, how: `refreshVisibility(${spec.getText()})` });
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    // repository.save(...), m.getRepository(X).update(...)
    if (REPO_WRITES.has(name)) {
      const table = repositoryOf(callee.expression);
      if (table) {
        out.push({ file, line: at(n), table, how: `repository.${name}` });
        return;
      }
    }
    // manager.save(X, ...), queryBuilder.update(X), .insert().into(X), .delete().from(X)
    const first = entityOf(n.arguments[0]);
    if (!first) return;
    const afterDelete = name === 'from' && ts.isCallExpression(callee.expression) && ts.isPropertyAccessExpression(callee.expression.expression) && callee.expression.expression.name.text === 'delete';
    if (REPO_WRITES.has(name) || name === 'into' || afterDelete) out.push({ file, line: at(n), table: first, how: `.${name}(${n.arguments[0].getText()})` });
  });
  return out;
}

/** The module a file belongs to: its folder under src/modules, or a file on its way there. */
function moduleOf(file: string): string | null {
  const m = /^src\/modules\/([^/]+)\//.exec(file);
  return m ? m[1] : null;
}

describe('each table has one owning module, and only it writes it', () => {
  const files = sourceFiles(SRC).map((p) => ({ file: relative(ROOT, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
  const cat = catalogue(files);
  const writes = files.flatMap(({ file, text }) => writesIn(file, text, cat));
  const owners: Record<string, string> = TABLE_OWNERS;

  it('no module writes a table it does not own (file, table and owner named)', () => {
    const wrong = writes.flatMap((w) => {
      const mod = moduleOf(w.file);
      const owner = owners[w.table];
      if (!owner) return [`${w.file}:${w.line} writes ${w.table} (${w.how}), which has no owner in src/database/table-owners.ts`];
      if (mod === null) {
        return (WRITERS_OUTSIDE_MODULES[w.file] ?? []).includes(w.table) ? [] : [`${w.file}:${w.line} writes ${w.table} (${w.how}) from outside the modules; its owner is ${owner}`];
      }
      if (!(MODULES as readonly string[]).includes(mod)) return [`${w.file}:${w.line} writes ${w.table} (${w.how}) from src/modules/${mod}, which is not a module of the map`];
      return mod === owner ? [] : [`${w.file}:${w.line} (module ${mod}) writes ${w.table} (${w.how}), owned by ${owner}`];
    });
    expect(wrong).toEqual([]);
  });

  it('every table the migrations create has an owner, and every owned table exists', () => {
    const created = new Set<string>();
    const dir = join(SRC, 'migrations');
    // The migrations' `up` in order: what a later one drops no longer exists.
    for (const f of readdirSync(dir).filter((f) => /^\d+-.*\.ts$/.test(f)).sort()) {
      const up = readFileSync(join(dir, f), 'utf8').split(/async down\(/)[0];
      for (const m of up.matchAll(/(CREATE|DROP) TABLE (?:IF (?:NOT )?EXISTS )?([a-z_][a-z0-9_]*)/g)) {
        if (m[1] === 'CREATE') created.add(m[2]);
        else created.delete(m[2]);
      }
    }
    expect([...created].filter((t) => !owners[t]).sort()).toEqual([]);
    expect(Object.keys(owners).filter((t) => !created.has(t)).sort()).toEqual([]);
  });

  it('every owned table is written by its owner somewhere (the reading above sees the writes)', () => {
    const written = new Set(writes.filter((w) => moduleOf(w.file) === owners[w.table]).map((w) => w.table));
    expect(Object.keys(owners).filter((t) => !written.has(t)).sort()).toEqual([]);
  });

  it('reads every kind of write, and no read, comment or ON CONFLICT … DO UPDATE as one', () => {
    const fixture = `
      @Entity('thing') class ThingEntity {}
      const THING_VISIBILITY = { visibilityTable: 'thing_visibility' };
      // UPDATE comments are not SQL: UPDATE nothing
      async function f(m, ds) {
        await m.query(\`INSERT INTO a (x) VALUES (1) ON CONFLICT (x) DO UPDATE SET x = 2\`);
        await m.query('UPDATE b SET x = 1');
        await m.query(\`DELETE FROM c WHERE id = \${1}\`);
        await m.query(\`SELECT * FROM d FOR UPDATE OF d\`);
        await m.query(\`DELETE FROM \${'dynamic'} WHERE true\`);
        const repo = m.getRepository(ThingEntity);
        await repo.save(repo.create({}));
        await ds.getRepository(ThingEntity).update('id', {});
        await updateVersioned(m, ThingEntity, row, {});
        await m.createQueryBuilder().delete().from(ThingEntity).execute();
        await refreshVisibility(m, THING_VISIBILITY, []);
        await repo.findOneBy({});
      }`;
    const c = catalogue([{ file: 'x.ts', text: fixture }]);
    expect(writesIn('x.ts', fixture, c).map((w) => w.how)).toEqual([
      'INSERT INTO a',
      'UPDATE b',
      'DELETE FROM c',
      'repository.save',
      'repository.update',
      'updateVersioned',
      '.from(ThingEntity)',
      'refreshVisibility(THING_VISIBILITY)',
    ]);
  });
});
