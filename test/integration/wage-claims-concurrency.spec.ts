import {
  ACCEPT,
  CASE,
  claimInput,
  claimRows,
  newCreditCode,
  registerWorker,
  SUBMIT,
  submitClaim,
  WITHDRAW,
  Worker,
} from '../support/claims';
import { TestApp, unique } from '../support/test-app';

/**
 * Wage claims under simultaneous requests (issue 4): retries of one submission, and acceptances
 * that race for one employer or one claim. Every request of a batch is sent at once
 * (Promise.all); the outcome must be the same as some one-at-a-time order.
 */
describe('wage claims under concurrency', () => {
  let t: TestApp;
  let A: Worker;
  let B: Worker;
  /** A worker whose home county is 郑州中原区 (410102). */
  let Z: Worker;

  beforeAll(async () => {
    t = await TestApp.start();
    A = await registerWorker(t, '411329', '钱多多');
    B = await registerWorker(t, '411329', '孙小红');
    Z = await registerWorker(t, '410102', '李秀兰');
    // sign everyone in first, so that each batch below is only the operations under test
    for (const who of [A, B, Z, 'lead.fanji', 'insp.fanji', 'insp.fanji2', 'lead.xinye', 'insp.xinye', 'sup.henan']) await t.as(who).token();
  });
  afterAll(() => t.close());

  const casesOfEmployer = async (where: string, value: string): Promise<{ id: string; number: string }[]> =>
    t.ds.query(`SELECT k.id, k.number FROM case_file k JOIN employer e ON e.id = k.employer_id WHERE ${where} = $1 ORDER BY k.number`, [value]);

  it('twenty simultaneous submissions with one idempotency key leave exactly one claim, and all twenty answers carry its id', async () => {
    const before = await claimRows(t, A.id);
    const input = claimInput(t);
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.as(A).gql(SUBMIT, { i: input })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const ids = new Set(answers.map((a) => a.data.submitWageClaim.id));
    expect(ids.size).toBe(1);
    const numbers = new Set(answers.map((a) => a.data.submitWageClaim.number));
    expect(numbers.size).toBe(1);
    expect(await claimRows(t, A.id)).toEqual({ claims: before.claims + 1, updates: before.updates + 1 });
    const rows = await t.ds.query(`SELECT id FROM wage_claim WHERE claimant_id = $1 AND idempotency_key = $2`, [A.id, input.idempotencyKey]);
    expect(rows.map((r: { id: string }) => r.id)).toEqual([...ids]);
  });

  it('simultaneous submissions with one key and two different inputs: one claim; its input gets its id, the other input CONFLICT', async () => {
    const before = await claimRows(t, B.id);
    const x = claimInput(t);
    const y = { ...x, amountOwed: '9999.00' };
    const sent = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? x : y));
    const answers = await Promise.all(sent.map((i) => t.as(B).gql(SUBMIT, { i })));
    expect(await claimRows(t, B.id)).toEqual({ claims: before.claims + 1, updates: before.updates + 1 });
    const [stored] = await t.ds.query(`SELECT id, amount_owed::text AS amount FROM wage_claim WHERE claimant_id = $1 AND idempotency_key = $2`, [
      B.id,
      x.idempotencyKey,
    ]);
    answers.forEach((a, i) => {
      if (sent[i].amountOwed === stored.amount) {
        expect(a.errors).toBeUndefined();
        expect(a.data.submitWageClaim.id).toBe(stored.id);
      } else {
        expect(a.errors?.[0].extensions?.code).toBe('CONFLICT');
      }
    });
  });

  it('the same key from different workers at the same moment gives each worker their own claim', async () => {
    const input = claimInput(t);
    const answers = await Promise.all([A, B, A, B].map((w) => t.as(w).gql(SUBMIT, { i: input })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const [a1, b1, a2, b2] = answers.map((a) => a.data.submitWageClaim.id);
    expect(a2).toBe(a1);
    expect(b2).toBe(b1);
    expect(b1).not.toBe(a1);
  });

  it('five claims against one new employer (credit code) accepted at the same moment end in one case with all their workers and amounts', async () => {
    const code = newCreditCode();
    const amounts = ['1000.01', '2000.02', '3000.03', '4000.04', '5000.05'];
    const claims = [];
    for (const [i, amountOwed] of amounts.entries()) {
      claims.push(await submitClaim(t, i % 2 ? B : A, { employerName: `同时受理单位${unique()}`, employerCreditCode: code, workersAffected: i + 1, amountOwed }));
    }
    const staff = ['lead.fanji', 'insp.fanji', 'insp.fanji2', 'lead.xinye', 'insp.xinye'];
    const answers = await Promise.all(claims.map((c, i) => t.as(staff[i]).gql(ACCEPT, { id: c.id })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const numbers = new Set(answers.map((a) => a.data.acceptWageClaim.caseNumber));
    expect(numbers.size).toBe(1);
    const cases = await casesOfEmployer('e.credit_code', code);
    expect(cases).toHaveLength(1);
    expect(cases[0].number).toBe([...numbers][0]);
    const k = (await t.as('sup.henan').ok(CASE, { id: cases[0].id })).case;
    expect(k).toMatchObject({ source: 'WAGE_CLAIM', handlingUnit: { code: '411329305' }, workersAffected: 15, amountOwed: '15000.15' });
    expect(k.claims.map((c: any) => c.id).sort()).toEqual(claims.map((c) => c.id).sort());
    expect(k.events.filter((e: any) => e.type === 'OPENED')).toHaveLength(1);
    expect(k.events.filter((e: any) => e.type === 'CLAIM_ATTACHED')).toHaveLength(4);
  });

  it('five claims against one employer named in different ways (no credit code) accepted at the same moment end in one case', async () => {
    const tag = unique();
    const names = [`南阳宏达(建筑)${tag}`, `南阳 宏达（建筑）${tag}`, `南阳宏达（建筑） ${tag}`, `南阳宏达建筑${tag}`, ` 南阳 宏达 (建筑)${tag}`];
    const claims = [];
    for (const name of names) claims.push(await submitClaim(t, A, { employerName: name, workersAffected: 2, amountOwed: '1500.40' }));
    const answers = await Promise.all(claims.map((c) => t.as('lead.fanji').gql(ACCEPT, { id: c.id })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data.acceptWageClaim.caseNumber)).size).toBe(1);
    const caseId = answers[0].data.acceptWageClaim.case.id;
    const k = (await t.as('sup.henan').ok(CASE, { id: caseId })).case;
    expect(k).toMatchObject({ workersAffected: 10, amountOwed: '7502.00' });
    expect(k.claims).toHaveLength(5);
  });

  it('five staff accepting one claim at the same moment: one succeeds, the others get CONFLICT, and the case counts the claim once', async () => {
    const code = newCreditCode();
    const c = await submitClaim(t, A, { employerCreditCode: code, workersAffected: 4, amountOwed: '8800.80' });
    const staff = ['lead.fanji', 'insp.fanji', 'insp.fanji2', 'lead.xinye', 'insp.xinye'];
    const answers = await Promise.all(staff.map((who) => t.as(who).gql(ACCEPT, { id: c.id })));
    const won = answers.filter((a) => !a.errors);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.errors)) expect(a.errors![0].extensions?.code).toBe('CONFLICT');
    const cases = await casesOfEmployer('e.credit_code', code);
    expect(cases).toHaveLength(1);
    const k = (await t.as('sup.henan').ok(CASE, { id: cases[0].id })).case;
    expect(k).toMatchObject({ workersAffected: 4, amountOwed: '8800.80' });
    const seen = (await t.as(A).ok(`query($id: ID!) { wageClaim(id: $id) { status caseNumber updates { message } } }`, { id: c.id })).wageClaim;
    expect(seen).toMatchObject({ status: 'ACCEPTED', caseNumber: k.number });
    expect(seen.updates).toHaveLength(2);
  });

  it('accepting and withdrawing one claim at the same moment: exactly one wins and the other changes nothing', async () => {
    for (let round = 0; round < 3; round++) {
      const code = newCreditCode();
      const c = await submitClaim(t, A, { employerCreditCode: code });
      const [accepted, withdrawn] = await Promise.all([t.as('lead.fanji').gql(ACCEPT, { id: c.id }), t.as(A).gql(WITHDRAW, { id: c.id })]);
      const winners = [accepted, withdrawn].filter((a) => !a.errors);
      expect(winners).toHaveLength(1);
      const loser = [accepted, withdrawn].find((a) => a.errors)!;
      expect(loser.errors![0].extensions?.code).toBe('CONFLICT');
      const [row] = await t.ds.query(`SELECT status, case_id FROM wage_claim WHERE id = $1`, [c.id]);
      const cases = await casesOfEmployer('e.credit_code', code);
      if (!accepted.errors) {
        expect(row.status).toBe('ACCEPTED');
        expect(cases).toHaveLength(1);
        expect(row.case_id).toBe(cases[0].id);
      } else {
        expect(row).toEqual({ status: 'WITHDRAWN', case_id: null });
        expect(cases).toHaveLength(0); // the case the losing acceptance opened was rolled back
      }
    }
  });

  it('claims of workers from another county accepted at the same moment link their home county to the one case once', async () => {
    const code = newCreditCode();
    const claims = [];
    for (let i = 0; i < 5; i++) claims.push(await submitClaim(t, Z, { employerCreditCode: code }));
    const answers = await Promise.all(claims.map((c) => t.as('lead.fanji').gql(ACCEPT, { id: c.id })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const cases = await casesOfEmployer('e.credit_code', code);
    expect(cases).toHaveLength(1);
    const k = (await t.as('sup.henan').ok(CASE, { id: cases[0].id })).case;
    expect(k.links).toEqual([{ unit: { code: '410102' }, reason: 'WORKER_ORIGIN' }]);
    expect(k.events.filter((e: any) => e.type === 'LINKED')).toHaveLength(1);
    expect((await t.as('insp.zhongyuan').ok(CASE, { id: k.id })).case.claims).toHaveLength(5);
  });
});
