import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { caseState, CASE_OPS, openFiledCase, openCase } from '../support/cases';
import { ACCEPT, CLAIM, claimInput, registerWorker, SUBMIT } from '../support/claims';
import { TestApp, unique } from '../support/test-app';

const UNIT = `query($c: String!) { unit(code: $c) { name } }`;
const UNITS = `query($p: String) { units(parentCode: $p) { code } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const CASE = `query($id: ID!) { case(id: $id) { id title } }`;
const BY_NUMBER = `query($n: String!) { caseByNumber(number: $n) { id title } }`;
const MAX_MONEY = '999999999999.99';

/** Every line any logger or console wrote while `run` ran. */
async function logLines(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
  for (const level of ['error', 'warn', 'log'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(keep);
  for (const level of ['error', 'warn', 'log'] as const) jest.spyOn(console, level).mockImplementation(keep);
  try {
    await run();
  } finally {
    jest.restoreAllMocks();
  }
  return lines;
}

describe('input the database would reject is the caller’s error', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  describe('text PostgreSQL cannot store', () => {
    const BAD = [
      ['NUL', 'a\u0000b'],
      ['a lone high surrogate', 'a\ud800b'],
      ['a lone low surrogate', '\udc00'],
    ];

    it.each(BAD)('%s in a public query, in login and in nested inputs is BAD_USER_INPUT naming the field, and nothing is logged', async (_what, bad) => {
      const results: { r: any; field: string }[] = [];
      const lines = await logLines(async () => {
        results.push({ r: await t.anonymous.gql(UNIT, { c: bad }), field: 'code' });
        results.push({ r: await t.anonymous.gql(UNITS, { p: bad }), field: 'parentCode' });
        results.push({ r: await t.anonymous.gql(LOGIN, { u: bad, p: 'Demo@2026' }), field: 'username' });
        results.push({ r: await t.anonymous.gql(LOGIN, { u: 'lead.fanji', p: bad }), field: 'password' });
      });
      for (const { r, field } of results) {
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [field] });
      }
      // In the document itself: NUL is a BAD_USER_INPUT like in a variable; GraphQL's lexer already
      // refuses a lone surrogate in a document as a request error.
      const literal = await t.anonymous.gql(`{ unit(code: ${JSON.stringify(bad)}) { name } }`);
      const code = literal.errors![0].extensions!.code;
      if (bad.includes('\u0000')) expect(literal.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['code'] });
      else expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(code);
      expect(lines).toEqual([]);
    });

    it('in a signed-in caller’s input object the field inside it is named, and nothing is written', async () => {
      const worker = await registerWorker(t);
      const before = await t.ds.query(`SELECT count(*)::int AS n FROM wage_claim WHERE claimant_id = $1`, [worker.id]);
      const claim = await t.as(worker).gql(SUBMIT, { i: claimInput(t, { employerName: `某公司\u0000${unique()}` }) });
      expect(claim.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['employerName'] });
      const description = await t.as(worker).gql(SUBMIT, { i: claimInput(t, { description: '拖欠工资\ud83d' }) });
      expect(description.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['description'] });
      expect(await t.ds.query(`SELECT count(*)::int AS n FROM wage_claim WHERE claimant_id = $1`, [worker.id])).toEqual(before);
      const admin = t.as('admin.henan');
      const user = { username: unique('u.'), password: 'Strong#2026', displayName: '某\u0000人', role: 'INSPECTOR', unitCode: '411329101' };
      const created = await admin.gql(CREATE_USER, { i: user });
      expect(created.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['displayName'] });
      // an emoji (a surrogate pair) is ordinary text and is kept as sent
      const ok = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { description: '拖欠工资两个月，老板失联 😞，请帮忙。' }) });
      expect(ok.submitWageClaim.description ?? '拖欠工资两个月，老板失联 😞，请帮忙。').toContain('😞');
    });
  });

  describe('money and counts are bounded by their columns (numeric(14,2), int)', () => {
    it('a payment that would push the total recovered past 999999999999.99 is BAD_USER_INPUT before anything is written', async () => {
      const c = await openFiledCase(t, { amountOwed: MAX_MONEY });
      const lead = t.as('insp.fanji');
      await lead.ok(CASE_OPS.recordPayment, { id: c.id, amount: MAX_MONEY, workers: 1 });
      const before = await caseState(t, c.id);
      const lines = await logLines(async () => {
        const r = await lead.gql(CASE_OPS.recordPayment, { id: c.id, amount: '0.01', workers: 1 });
        expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['amount'] });
      });
      expect(lines).toEqual([]);
      expect(await caseState(t, c.id)).toEqual(before);
    });

    it('workers paid beyond what an int holds is BAD_USER_INPUT naming workersPaid', async () => {
      const c = await openFiledCase(t);
      const lead = t.as('insp.fanji');
      await lead.ok(CASE_OPS.recordPayment, { id: c.id, amount: '1.00', workers: 2_147_483_000 });
      const r = await lead.gql(CASE_OPS.recordPayment, { id: c.id, amount: '1.00', workers: 1000 });
      expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['workersPaid'] });
    });

    it('payments may pass the amount owed up to twice it (arrears plus 100% compensation), not beyond', async () => {
      const c = await openFiledCase(t, { amountOwed: '1000.00' });
      const lead = t.as('insp.fanji');
      await lead.ok(CASE_OPS.recordPayment, { id: c.id, amount: '1500.00', workers: 1 });
      await lead.ok(CASE_OPS.recordPayment, { id: c.id, amount: '500.00', workers: 0 });
      const r = await lead.gql(CASE_OPS.recordPayment, { id: c.id, amount: '0.01', workers: 0 });
      expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['amount'] });
    });

    it('attaching a claim that would push a case’s amount owed past the column is BAD_USER_INPUT; the claim stays SUBMITTED', async () => {
      const name = `溢出测试建筑有限公司${unique()}`;
      const c = await openCase(t, { amountOwed: MAX_MONEY, employer: { name, creditCode: null } });
      const worker = await registerWorker(t);
      const { submitWageClaim: claim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { employerName: name, workplaceUnitCode: '411329305212' }) });
      const before = await caseState(t, c.id);
      const r = await t.as('insp.fanji').gql(ACCEPT, { id: claim.id });
      expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['claimId'] });
      expect(await caseState(t, c.id)).toEqual(before);
      expect((await t.as(worker).ok(CLAIM, { id: claim.id })).wageClaim.status).toBe('SUBMITTED');
    });
  });

  describe('a record out of reach reads as null with NOT_FOUND, for workers too', () => {
    it('a worker asking for a real case by id or number gets exactly what a made-up one gives: null and NOT_FOUND', async () => {
      const c = await openCase(t);
      const worker = await registerWorker(t);
      const answers = [
        await t.as(worker).gql(CASE, { id: c.id }),
        await t.as(worker).gql(CASE, { id: randomUUID() }),
        await t.as(worker).gql(BY_NUMBER, { n: c.number }),
        await t.as(worker).gql(BY_NUMBER, { n: '411329305-2026-999999' }),
      ];
      for (const r of answers) {
        expect(Object.values(r.data ?? { x: null })).toEqual([null]);
        expect(r.errors!.map((e) => e.extensions!.code)).toEqual(['NOT_FOUND']);
      }
      expect(answers[0].errors![0].message).toBe(answers[1].errors![0].message);
    });

    it('a worker asking for another worker’s claim, and staff out of its jurisdiction, get null and NOT_FOUND like for no claim', async () => {
      const owner = await registerWorker(t);
      const other = await registerWorker(t);
      const { submitWageClaim: claim } = await t.as(owner).ok(SUBMIT, { i: claimInput(t) });
      const answers = [
        await t.as(other).gql(CLAIM, { id: claim.id }),
        await t.as(other).gql(CLAIM, { id: randomUUID() }),
        await t.as('insp.wangzhuang').gql(CLAIM, { id: claim.id }),
        await t.as('insp.wangzhuang').gql(CLAIM, { id: randomUUID() }),
      ];
      for (const r of answers) {
        expect(r.data).toEqual({ wageClaim: null });
        expect(r.errors!.map((e) => e.extensions!.code)).toEqual(['NOT_FOUND']);
      }
      expect((await t.as(owner).ok(CLAIM, { id: claim.id })).wageClaim.id).toBe(claim.id);
    });
  });
});

describe('in production, no error suggests names or values of the schema', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await TestApp.start({ NODE_ENV: 'production' });
  });
  afterAll(() => prod.close());

  // Each misspells one real name; the answer may repeat what was sent, never the real name.
  it.each([
    ['a misspelled field', `{ unit(code: "41") { nam } }`, {}, 'name'],
    ['a misspelled root field', `{ unitz(code: "41") { name } }`, {}, 'units'],
    ['a misspelled argument', `{ units(parentCod: "41") { name } }`, {}, 'parentCode'],
    ['a misspelled enum literal', `{ cases(filter: { status: [FILD] }) { totalCount } }`, {}, 'FILED'],
    ['a misspelled enum in a variable', `query($s: [CaseStatus!]) { cases(filter: { status: $s }) { totalCount } }`, { s: ['FILD'] }, 'FILED'],
    ['a misspelled enum as an argument', `query($r: LinkReason!) { linkUnit(caseId: "00000000-0000-0000-0000-000000000000", unitCode: "41", reason: $r) { id } }`, { r: 'WORKER_ORIGN' }, 'WORKER_ORIGIN'],
    ['a misspelled input field in a variable', `query($f: CaseFilter) { cases(filter: $f) { totalCount } }`, { f: { statu: ['FILED'] } }, '"status"'],
    ['a misspelled input field literal', `{ cases(filter: { statu: [FILED] }) { totalCount } }`, {}, '"status"'],
    ['a misspelled type in a fragment', `{ unit(code: "41") { ... on Unitt { name } } }`, {}, '"Unit"'],
  ])('%s', async (_what, query, variables, realName) => {
    const token = prod.as('sup.henan');
    const r = await token.gql(query, variables);
    expect(r.errors?.length).toBeGreaterThan(0);
    for (const e of r.errors!) {
      expect(e.message).not.toMatch(/did you mean|suggestion/i);
      expect(e.message).not.toContain(realName);
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(e.extensions!.code);
    }
  });
});
