import { openCase } from '../support/cases';
import { TestApp, unique } from '../support/test-app';

/**
 * The reads every console makes all day, as PostgreSQL sees them: the caller's session is known
 * in memory, units come from memory, the case page is one prepared statement of the columns the
 * selection shows, a nested employer one batched statement.
 */
type Query = (this: unknown, config: unknown, ...rest: unknown[]) => unknown;
// node-postgres ships no types; its Client is what both engines' pools hand out.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: { prototype: { query: Query } } };

describe('the hot reads', () => {
  let t: TestApp;
  const tag = unique('热路径-');
  const PAGE = `query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { id number title status amountOwed openedAt handlingDueAt overdue } } } }`;

  beforeAll(async () => {
    t = await TestApp.start();
    await openCase(t, { title: `${tag} 拖欠工资`, description: `案情 ${tag}: 拖欠三个月工资` });
  });
  afterAll(() => t.close());

  /** The statements an operation sends to PostgreSQL, with whether each was a named (prepared) one. */
  async function statements(run: () => Promise<unknown>): Promise<{ text: string; prepared: boolean }[]> {
    const sent: { text: string; prepared: boolean }[] = [];
    const original = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: unknown, config: unknown, ...rest: unknown[]) {
      const c = config as string | { text: string; name?: string };
      sent.push(typeof c === 'string' ? { text: c, prepared: false } : { text: c.text, prepared: !!c.name });
      return original.call(this, config, ...rest);
    });
    try {
      await run();
      return sent;
    } finally {
      spy.mockRestore();
    }
  }

  it('a case page of a signed-in caller is one prepared statement: no look-up of the session or of units', async () => {
    const lead = t.as('lead.fanji');
    await lead.ok(PAGE, { s: tag }); // signs in; the session is then known
    const sent = await statements(() => lead.ok(PAGE, { s: tag }));
    expect(sent).toHaveLength(1);
    expect(sent[0].prepared).toBe(true);
    const UNIT_PAGE = `query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { id handlingUnit { code name } } } } }`;
    const first = await statements(() => lead.ok(UNIT_PAGE, { s: tag }));
    expect(first.length).toBeLessThanOrEqual(2); // the page, and the unit unless some request read it before
    const again = await statements(async () => {
      const r = await lead.ok(UNIT_PAGE, { s: tag });
      expect(r.cases.edges[0].node.handlingUnit).toEqual({ code: '411329305', name: expect.any(String) });
    });
    // A unit once read comes from memory.
    expect(again).toHaveLength(1);
  });

  it('the page reads the long description only when the selection asks for it, through fragments too', async () => {
    const lead = t.as('lead.fanji');
    const without = await statements(() => lead.ok(PAGE, { s: tag }));
    const page = (sent: { text: string }[]) => sent.find((s) => /FROM case_file/.test(s.text))!.text;
    expect(page(without)).not.toMatch(/description/);
    let node: any;
    const withIt = await statements(async () => {
      const r = await lead.ok(`query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { ...C } } } } fragment C on Case { ... on Case { description } }`, { s: tag });
      node = r.cases.edges[0].node;
    });
    expect(page(withIt)).toMatch(/c\.description/);
    expect(node.description).toBe(`案情 ${tag}: 拖欠三个月工资`);
  });

  it('the page reads only the columns of the fields selected, and every field has the value the whole row gives', async () => {
    const lead = t.as('lead.fanji');
    const page = (sent: { text: string }[]) => sent.find((s) => /FROM case_file/.test(s.text))!.text;
    const selectList = (text: string) => text.slice(text.indexOf('SELECT') + 6, text.indexOf('FROM case_file'));
    const FLAT = 'id number title status source workersAffected amountOwed amountRecovered openedAt acceptanceDueAt handlingDueAt overdue extended deadlineProvisional outcome closedAt';
    // `links` has a resolver of its own, which may read any column of the case: its page reads the whole row.
    const WHOLE = `query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { ${FLAT} handlingUnit { code } links { reason } } } } }`;
    let whole: any;
    const wholeSent = await statements(async () => (whole = (await lead.ok(WHOLE, { s: tag })).cases.edges[0].node));
    expect(selectList(page(wholeSent))).toMatch(/handling_path/);

    let lean: any;
    const one = await statements(async () => (lean = (await lead.ok(`query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { title } } } }`, { s: tag })).cases.edges[0].node));
    const columns = selectList(page(one));
    expect(columns).toMatch(/c\.title/);
    for (const unselected of ['c.number', 'amount_owed', 'handling_path', 'handling_unit_code', 'employer_id', 'closed_at']) expect(columns).not.toContain(unselected);
    expect(lean.title).toBe(whole.title);

    let flat: any;
    await statements(async () => (flat = (await lead.ok(`query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { ${FLAT} handlingUnit { code } } } } }`, { s: tag })).cases.edges[0].node));
    const { links: _links, ...wholeFlat } = whole;
    expect(flat).toEqual(wholeFlat);
  });

  it('a page with employers adds one batched statement for all of them', async () => {
    const lead = t.as('lead.fanji');
    let edges: any[] = [];
    const sent = await statements(async () => {
      edges = (await lead.ok(`{ cases(first: 20) { edges { node { id employer { name creditCode } } } } }`)).cases.edges;
    });
    expect(edges.length).toBeGreaterThan(1);
    expect(sent).toHaveLength(2);
    expect(sent.every((s) => s.prepared)).toBe(true);
  });

  it('{ me { id } } of a known session sends nothing to the database; the username still comes from the account', async () => {
    const lead = t.as('lead.fanji');
    await lead.ok(`{ me { id } }`);
    let me: any;
    const sent = await statements(async () => (me = (await lead.ok(`{ me { id role displayName active unit { code } } }`)).me));
    expect(sent).toHaveLength(0);
    expect(me).toMatchObject({ role: 'SQUAD_LEADER', active: true, unit: { code: '411329305' } });
    expect((await lead.ok(`{ me { username } }`)).me.username).toBe('lead.fanji');
  });
});
