import { randomUUID } from 'node:crypto';
import { CASE_OPS, OPEN_CASE, OpenedCase, caseState, everyCaseCommand, openCase, openCaseInput, openFiledCase, userId } from '../support/cases';
import { newCreditCode } from '../support/claims';
import { firstError, GqlResult, serverDay, TestApp, unique } from '../support/test-app';

/**
 * Issue 3, part A: bad input to every case command returns the right code (naming the field for
 * BAD_USER_INPUT) and changes nothing: the case's status, amounts, links and events are compared
 * before and after each refused call.
 */

const LIST = `query($first: Int, $after: String, $filter: CaseFilter) { cases(first: $first, after: $after, filter: $filter) { totalCount } }`;

/** A credit code whose check character is wrong. */
function wrongCheck(): string {
  const good = newCreditCode();
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return good.slice(0, 17) + chars[(chars.indexOf(good[17]) + 1) % chars.length];
}

describe('cases: bad input returns the right code and changes nothing', () => {
  let t: TestApp;
  let fanji: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    fanji = [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')];
  });
  afterAll(() => t.close());


  // ---------------------------------------------------------------- openCase

  describe('openCase', () => {
    const countByTitle = async (title: string) => (await t.ds.query(`SELECT count(*)::int AS n FROM case_file WHERE title = $1`, [title]))[0].n;
    const countByCode = async (code: string) => (await t.ds.query(`SELECT count(*)::int AS n FROM employer WHERE credit_code = $1`, [code]))[0].n;

    it.each([
      ['a GRID as handling unit', { handlingUnitCode: '411329305212' }, 'handlingUnitCode'],
      ['a CITY as handling unit', { handlingUnitCode: '4113' }, 'handlingUnitCode'],
      ['a PROVINCE as handling unit', { handlingUnitCode: '41' }, 'handlingUnitCode'],
      ['an unknown handling unit', { handlingUnitCode: '411329999' }, 'handlingUnitCode'],
      ['a malformed handling unit code', { handlingUnitCode: 'fanji' }, 'handlingUnitCode'],
      ['a COUNTY as workplace', { workplaceUnitCode: '411329' }, 'workplaceUnitCode'],
      ['an unknown workplace', { workplaceUnitCode: '411329305999' }, 'workplaceUnitCode'],
      ['a credit code with a wrong check character', { employer: { creditCode: wrongCheck() } }, 'employer.creditCode'],
      ['a credit code of 17 characters', { employer: { creditCode: newCreditCode().slice(0, 17) } }, 'employer.creditCode'],
      ['a credit code with a letter outside GB 32100 (I)', { employer: { creditCode: 'I' + newCreditCode().slice(1) } }, 'employer.creditCode'],
      ['an unknown employer registered unit', { employer: { registeredUnitCode: '411329999' } }, 'employer.registeredUnitCode'],
      ['an empty employer name', { employer: { name: '' } }, 'employer.name'],
      ['a one-character title', { title: 'x' }, 'title'],
      ['negative workersAffected', { workersAffected: -1 }, 'workersAffected'],
      ['an empty description', { description: '' }, 'description'],
    ])('%s is BAD_USER_INPUT naming %s; no case and no employer are created', async (_what, patch: any, field) => {
      const title = patch.title ?? unique('坏输入-');
      const code = patch.employer?.creditCode ?? newCreditCode();
      const input = { ...openCaseInput({ title, employer: { creditCode: code } }), ...patch };
      if (patch.employer) input.employer = { ...(openCaseInput().employer as object), creditCode: code, ...patch.employer };
      const r = await t.as('sup.henan').gql(OPEN_CASE, { input });
      expect(firstError(r)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(firstError(r).fields).toContain(field);
      expect(await countByTitle(title)).toBe(0);
      expect(await countByCode(code.trim().toUpperCase())).toBe(0);
    });

    it.each([
      ['a number', 12800],
      ['three decimals', '1.005'],
      ['a negative amount', '-5'],
      ['an empty string', ''],
      ['an exponent', '1e3'],
      ['a thousands separator', '12,800.00'],
      ['a trailing dot', '12.'],
    ])('amountOwed as %s is BAD_USER_INPUT; nothing is created', async (_what, amountOwed) => {
      const title = unique('坏金额-');
      const code = newCreditCode();
      const r = await t.as('insp.fanji').gql(OPEN_CASE, { input: { ...openCaseInput({ title, employer: { creditCode: code } }), amountOwed } });
      expect(firstError(r).code).toBe('BAD_USER_INPUT');
      expect(await countByTitle(title)).toBe(0);
      expect(await countByCode(code)).toBe(0);
    });

    // A literal in the document is checked while the document is validated: graphql-js reports the
    // Money scalar's error there and Apollo codes it GRAPHQL_VALIDATION_FAILED (variables give BAD_USER_INPUT).
    it('a number written as a Money literal in the query is refused as bad input; nothing is created', async () => {
      const title = unique('字面量-');
      const doc = `mutation { openCase(input: {
        title: "${title}", source: COMPLAINT, handlingUnitCode: "411329305", workplaceUnitCode: "411329305212",
        employer: { name: "字面量公司", creditCode: "${newCreditCode()}" }, workersAffected: 1, amountOwed: 100, description: "x"
      }) { id } }`;
      const r = await t.as('insp.fanji').gql(doc);
      expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(firstError(r).code);
      expect(r.errors![0].message).toContain('Money');
      expect(await countByTitle(title)).toBe(0);
    });

    it('an unknown source is refused and nothing is created', async () => {
      const title = unique('坏来源-');
      const r = await t.as('insp.fanji').gql(OPEN_CASE, { input: { ...openCaseInput({ title }), source: 'RUMOUR' } });
      expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(firstError(r).code);
      expect(await countByTitle(title)).toBe(0);
    });

    it('a valid credit code in lower case with spaces is accepted and stored normalized', async () => {
      const code = newCreditCode();
      const c = await openCase(t, { employer: { creditCode: `  ${code.toLowerCase()}  ` } });
      expect(c.creditCode).toBe(code);
    });
  });

  // ---------------------------------------------------------------- ids

  describe('unknown and malformed ids are NOT_FOUND for every command', () => {
    const commands = (id: string, ids: string[]) => everyCaseCommand(t, { id, order: id, request: id, inspectorIds: ids, linkTo: '410102' });

    it.each([
      ['an unknown uuid', () => randomUUID()],
      ['a malformed id', () => 'not-a-uuid'],
      ['an empty id', () => ''],
      ['a numeric id', () => '12345'],
      ['an id with SQL in it', () => "x' OR '1'='1"],
    ])('%s', async (_what, makeId) => {
      const id = makeId();
      for (const [name, q, v] of commands(id, fanji)) {
        // lead.fanji may run every command, so only the id decides; sup.xinye for the supervisor's own
        const r = await t.as(name === 'issueSupervisionOrder' ? 'sup.xinye' : 'lead.fanji').gql(q, v);
        expect({ name, code: firstError(r).code }).toEqual({ name, code: 'NOT_FOUND' });
      }
      for (const q of [`query($id: ID!) { case(id: $id) { id } }`]) {
        const r = await t.as('lead.fanji').gql(q, { id });
        expect(firstError(r).code).toBe('NOT_FOUND');
        expect(r.data?.case ?? null).toBeNull();
      }
      const byNumber = await t.as('lead.fanji').gql(`query($n: String!) { caseByNumber(number: $n) { id } }`, { n: id });
      expect(firstError(byNumber).code).toBe('NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- arguments of each command

  describe('arguments of each command', () => {
    /** Runs `call`, expects BAD_USER_INPUT naming `field` (when given), and that the case is as it was. */
    async function refused(c: OpenedCase, call: () => Promise<GqlResult>, field?: string, code = 'BAD_USER_INPUT') {
      const before = await caseState(t, c.id);
      const r = await call();
      const ext = firstError(r);
      expect({ code: ext.code, fields: field ? ext.fields : undefined }).toEqual({ code, fields: field ? [field] : undefined });
      expect(await caseState(t, c.id)).toEqual(before);
    }

    it('fileCase needs two distinct inspectors of the handling unit or its county (BAD_USER_INPUT naming inspectorIds)', async () => {
      const c = await openCase(t);
      const l = t.as('lead.fanji');
      const file = (ids: string[]) => () => l.gql(CASE_OPS.fileCase, { id: c.id, ids });
      const worker = await userId(t, '13800000001');
      await refused(c, file([fanji[0]]), 'inspectorIds');
      await refused(c, file([]), 'inspectorIds');
      await refused(c, file([fanji[0], fanji[0]]), 'inspectorIds');
      await refused(c, file([fanji[0], await userId(t, 'insp.wangzhuang')]), 'inspectorIds'); // another township
      await refused(c, file([fanji[0], await userId(t, 'lead.wancheng')]), 'inspectorIds'); // another county
      await refused(c, file([fanji[0], await userId(t, 'insp.zhongyuan')]), 'inspectorIds'); // another city
      await refused(c, file([fanji[0], await userId(t, 'sup.xinye')]), 'inspectorIds'); // a bureau, not an inspector
      await refused(c, file([fanji[0], await userId(t, 'grid.yangzhuang')]), 'inspectorIds');
      await refused(c, file([fanji[0], worker]), 'inspectorIds');
      await refused(c, file([fanji[0], randomUUID()]), 'inspectorIds');
      await refused(c, file([fanji[0], 'not-a-uuid']), 'inspectorIds');
      expect((await caseState(t, c.id)).status).toBe('RECEIVED');
      await l.ok(CASE_OPS.fileCase, { id: c.id, ids: fanji });
      expect((await caseState(t, c.id)).status).toBe('FILED');
    });

    it('rejectCase, transferToPolice, extendDeadline need a reason; closeCase a summary; addCaseNote a note', async () => {
      const received = await openCase(t);
      const filed = await openFiledCase(t);
      const l = t.as('lead.fanji');
      for (const blank of ['', '   ']) {
        await refused(received, () => l.gql(CASE_OPS.rejectCase, { id: received.id, reason: blank }), 'reason');
        await refused(filed, () => l.gql(CASE_OPS.transferToPolice, { id: filed.id, reason: blank }), 'reason');
        await refused(filed, () => l.gql(CASE_OPS.extendDeadline, { id: filed.id, reason: blank }), 'reason');
        await refused(filed, () => l.gql(CASE_OPS.closeCase, { id: filed.id, outcome: 'NO_VIOLATION', summary: blank }), 'summary');
        await refused(filed, () => l.gql(CASE_OPS.addCaseNote, { id: filed.id, note: blank }), 'note');
        await refused(filed, () => l.gql(CASE_OPS.decidePenalty, { id: filed.id, fine: '100.00', basis: blank }), 'basis');
      }
      await refused(filed, () => l.gql(CASE_OPS.addCaseNote, { id: filed.id, note: '长'.repeat(5001) }), 'note');
    });

    it('an unknown outcome or link reason is refused before anything runs', async () => {
      const filed = await openFiledCase(t);
      const l = t.as('lead.fanji');
      const before = await caseState(t, filed.id);
      const bad = [
        await l.gql(CASE_OPS.closeCase, { id: filed.id, outcome: 'SETTLED', summary: '结案' }),
        await l.gql(CASE_OPS.linkUnit, { id: filed.id, unit: '410102', reason: 'FRIENDSHIP' }),
      ];
      for (const r of bad) expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(firstError(r).code);
      expect(await caseState(t, filed.id)).toEqual(before);
    });

    it('orderRectification: dueDate today or in the past is BAD_USER_INPUT naming dueDate; a malformed date or amount is BAD_USER_INPUT', async () => {
      const c = await openFiledCase(t);
      const i = t.as('insp.fanji');
      const order = (due: unknown, amount: unknown) => () => i.gql(CASE_OPS.orderRectification, { id: c.id, due, amount });
      await refused(c, order(serverDay(t, 0), '100.00'), 'dueDate');
      await refused(c, order(serverDay(t, -1), '100.00'), 'dueDate');
      await refused(c, order('2020-01-01', '100.00'), 'dueDate');
      for (const due of ['2026-02-30', '2026/03/01', 'tomorrow', 20260301]) await refused(c, order(due, '100.00'));
      await refused(c, order(serverDay(t, 10), '0'), 'amountToPay');
      await refused(c, order(serverDay(t, 10), '0.00'), 'amountToPay');
      for (const amount of ['-5', '1.005', 100, '', 'abc']) await refused(c, order(serverDay(t, 10), amount));
      // tomorrow is fine
      expect((await i.ok(CASE_OPS.orderRectification, { id: c.id, due: serverDay(t, 1), amount: '100.00' })).r.status).toBe('RECTIFICATION_ORDERED');
    });

    it('recordPayment: amount must be more than 0 (naming amount), workersPaid 0 or more (naming workersPaid), Money a decimal string', async () => {
      const c = await openFiledCase(t);
      const i = t.as('insp.fanji');
      const pay = (amount: unknown, workers: unknown) => () => i.gql(CASE_OPS.recordPayment, { id: c.id, amount, workers });
      await refused(c, pay('0', 1), 'amount');
      await refused(c, pay('0.00', 1), 'amount');
      await refused(c, pay('10.00', -1), 'workersPaid');
      for (const amount of ['-5', '1.005', 5, 0.1, '', ' 5', '5 ', '+5', '1e2', '0x10', '1234567890123.00']) await refused(c, pay(amount, 1));
      await refused(c, pay('10.00', 1.5));
      const before = await caseState(t, c.id);
      const literal = await i.gql(`mutation { recordPayment(caseId: "${c.id}", amount: 5, workersPaid: 1) { id } }`);
      expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(firstError(literal).code);
      expect(await caseState(t, c.id)).toEqual(before);
      expect((await caseState(t, c.id)).amountRecovered).toBe('0.00');
    });

    it('decidePenalty: a fine must be more than 0 (naming fine) and a decimal string', async () => {
      const c = await openFiledCase(t);
      const i = t.as('insp.fanji');
      await refused(c, () => i.gql(CASE_OPS.decidePenalty, { id: c.id, fine: '0', basis: '依据' }), 'fine');
      for (const fine of ['-5', '1.005', 500]) await refused(c, () => i.gql(CASE_OPS.decidePenalty, { id: c.id, fine, basis: '依据' }));
    });

    it('transferCase: the target must be a TOWNSHIP or COUNTY outside the handling unit (naming toUnitCode), with a reason', async () => {
      const township = await openFiledCase(t);
      const county = await openCase(t, { as: 'insp.xinye', handlingUnitCode: '411329', workplaceUnitCode: '411329305' });
      const l = t.as('lead.fanji');
      const move = (c: OpenedCase, to: string, reason = '移送', by = l) => () => by.gql(CASE_OPS.transferCase, { id: c.id, to, reason });
      await refused(township, move(township, '411329101200'), 'toUnitCode'); // a grid
      await refused(township, move(township, '4113'), 'toUnitCode'); // a city
      await refused(township, move(township, '41'), 'toUnitCode'); // a province
      await refused(township, move(township, '411329999'), 'toUnitCode'); // unknown
      await refused(township, move(township, 'x'), 'toUnitCode');
      await refused(township, move(township, '411329305'), 'toUnitCode'); // itself
      await refused(township, move(township, '411329101', ''), 'reason');
      const lx = t.as('lead.xinye');
      await refused(county, move(county, '411329305', '移送', lx), 'toUnitCode'); // inside the county's own subtree
      await refused(county, move(county, '411329', '移送', lx), 'toUnitCode');
    });

    it('linkUnit and unlinkUnit: an unknown unit or one that is not linked is BAD_USER_INPUT naming unitCode', async () => {
      const c = await openCase(t);
      const i = t.as('insp.fanji');
      await refused(c, () => i.gql(CASE_OPS.linkUnit, { id: c.id, unit: '419999', reason: 'WORKER_ORIGIN' }), 'unitCode');
      await refused(c, () => i.gql(CASE_OPS.linkUnit, { id: c.id, unit: '', reason: 'WORKER_ORIGIN' }), 'unitCode');
      await refused(c, () => i.gql(CASE_OPS.unlinkUnit, { id: c.id, unit: '410102' }), 'unitCode');
      await refused(c, () => i.gql(CASE_OPS.unlinkUnit, { id: c.id, unit: '411329305' }), 'unitCode');
    });

    it('the TRANSFERRED_FROM link of the unit that handed a case over is kept: unlinkUnit refuses it (BAD_USER_INPUT naming unitCode)', async () => {
      const c = await openFiledCase(t);
      await t.as('insp.fanji').ok(CASE_OPS.transferCase, { id: c.id, to: '411329101', reason: '移送' });
      const before = await caseState(t, c.id);
      const r = await t.as('insp.wangzhuang').gql(CASE_OPS.unlinkUnit, { id: c.id, unit: '411329305' });
      expect(firstError(r)).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['unitCode'] });
      expect(await caseState(t, c.id)).toEqual(before);
      expect((await t.as('insp.fanji').gql(`query($id: ID!) { case(id: $id) { id } }`, { id: c.id })).data!.case.id).toBe(c.id);
    });

    it('issueSupervisionOrder: dueDate today or past is BAD_USER_INPUT naming dueDate; instructions are required', async () => {
      const c = await openFiledCase(t);
      const s = t.as('sup.xinye');
      const issue = (due: string, instructions = '督办') => () => s.gql(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions, due });
      await refused(c, issue(serverDay(t, 0)), 'dueDate');
      await refused(c, issue(serverDay(t, -3)), 'dueDate');
      await refused(c, issue(serverDay(t, 15), '  '), 'instructions');
      await refused(c, issue('2026-13-01'));
    });

    it('reportOnSupervisionOrder and answerAssistance need text; requestAssistance a real other unit and a request', async () => {
      const c = await openFiledCase(t);
      const i = t.as('insp.fanji');
      const orderId = (await t.as('sup.xinye').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '督办', due: serverDay(t, 15) })).r.id;
      const requestId = (await i.ok(CASE_OPS.requestAssistance, { id: c.id, unit: '410102', request: '协查' })).r.id;
      await refused(c, () => i.gql(CASE_OPS.reportOnSupervisionOrder, { orderId, report: ' ' }), 'report');
      const z = t.as('insp.zhongyuan');
      await refused(c, () => z.gql(CASE_OPS.answerAssistance, { requestId, answer: '' }), 'answer');
      await refused(c, () => i.gql(CASE_OPS.requestAssistance, { id: c.id, unit: '419999', request: '协查' }), 'unitCode');
      await refused(c, () => i.gql(CASE_OPS.requestAssistance, { id: c.id, unit: '411329305', request: '协查' }), 'unitCode');
      await refused(c, () => i.gql(CASE_OPS.requestAssistance, { id: c.id, unit: '411302', request: '' }), 'request');
      const state = (await i.ok(`query($id: ID!) { case(id: $id) { supervisionOrders { status report } assistanceRequests { answer } } }`, { id: c.id })).case;
      expect(state).toEqual({ supervisionOrders: [{ status: 'OPEN', report: null }], assistanceRequests: [{ answer: null }] });
    });
  });

  // ---------------------------------------------------------------- the list

  describe('cases list arguments', () => {
    it.each([
      [{ first: 101 }, 'first'],
      [{ first: 0 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
    ])('%j is BAD_USER_INPUT naming %s', async (args, field) => {
      const r = await t.as('sup.henan').gql(LIST, args);
      expect(firstError(r)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [field] });
    });

    it.each([
      [{ unitCode: 'fanji' }, 'unitCode'],
      [{ employerCreditCode: 'short' }, 'employerCreditCode'],
      [{ search: '' }, 'search'],
    ])('filter %j is BAD_USER_INPUT naming %s', async (filter, field) => {
      const r = await t.as('sup.henan').gql(LIST, { filter });
      expect(firstError(r).code).toBe('BAD_USER_INPUT');
      expect(firstError(r).fields!.join(',')).toContain(field);
    });
  });
});
