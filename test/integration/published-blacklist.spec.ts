import { CONFIRM, DAY, Employer, legalRep, openOrderedCase, PROPOSE, PUBLISHED, registerEmployer, XINYE } from '../support/grid';
import { encodeCursor } from '../../src/common/graphql/connection';
import { TestApp, travelTo, unique } from '../support/test-app';

/**
 * The published 失信联合惩戒对象名单 (publishedBlacklist): anyone may read it, signed in or not; it
 * shows LISTED entries until their three years run out, newest listing first, searchable by
 * employer name or credit code, paged by keyset; never a proposal, never an ID number.
 */
describe('the published blacklist', () => {
  let t: TestApp;
  /** Three employers whose names share one prefix, listed one minute apart (oldest first). */
  const prefix = unique('公示测试建筑');
  let listed: { e: Employer; entry: any }[] = [];
  let proposedOnly: Employer;

  const published = async (variables: Record<string, unknown>) => (await t.anonymous.ok(PUBLISHED, variables)).publishedBlacklist;

  beforeAll(async () => {
    t = await TestApp.start();
    const proposals: { e: Employer; entry: any }[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await registerEmployer(t, { name: `${prefix}${i}有限公司` });
      const c = await openOrderedCase(t, e, { workersAffected: 1, amountOwed: '9000.00' });
      proposals.push({ e, c } as any);
    }
    t.clock.travel(2 * DAY);
    for (const p of proposals) {
      const c = (p as any).c;
      const parties = [legalRep(`法人${proposals.indexOf(p)}`), { ...legalRep(`主管${proposals.indexOf(p)}`), role: 'RESPONSIBLE_MANAGER' }];
      p.entry = (await t.as('sup.xinye').ok(PROPOSE, { e: p.e.id, c: c.id, r: '责令限期支付逾期未支付，拖欠农民工工资达到数额标准', parties })).proposeBlacklisting;
    }
    proposedOnly = proposals[3].e;
    travelTo(t, new Date(new Date(proposals[0].entry.objectionDueAt).getTime() + 60_000));
    for (const p of proposals.slice(0, 3)) {
      p.entry = (await t.as('sup.xinye').ok(CONFIRM, { id: p.entry.id })).confirmBlacklisting;
      t.clock.travel(60_000);
    }
    listed = proposals.slice(0, 3);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  it('anyone, without signing in, sees listed entries with the employer, the listing unit, dates and facts; a proposal is not published', async () => {
    const page = await published({ search: prefix, first: 10 });
    expect(page.totalCount).toBe(3);
    const names = page.edges.map((e: any) => e.node.employerName);
    expect(names).toEqual([2, 1, 0].map((i) => `${prefix}${i}有限公司`));
    expect(names).not.toContain(proposedOnly.name);
    const node = page.edges[2].node;
    expect(node).toMatchObject({
      id: listed[0].entry.id,
      employerName: listed[0].e.name,
      creditCode: listed[0].e.creditCode,
      listingUnit: { code: XINYE, name: '新野县' },
      basis: 'THRESHOLD',
      reason: '责令限期支付逾期未支付，拖欠农民工工资达到数额标准',
      listedAt: listed[0].entry.listedAt,
      expiresAt: listed[0].entry.expiresAt,
    });
    expect(node.facts.length).toBeGreaterThan(0);
    // The persons listed with the employer: names and roles, legal representative first.
    expect(node.parties).toEqual([
      { name: '法人0', role: 'LEGAL_REPRESENTATIVE' },
      { name: '主管0', role: 'RESPONSIBLE_MANAGER' },
    ]);
    expect(JSON.stringify(page)).not.toMatch(/\d{17}[\dX]|\*{4}/);
  });

  it('the published party type carries a name and a role only: no ID number or phone can be asked for', async () => {
    const r = await t.anonymous.gql(`{ __type(name: "PublishedBlacklistParty") { fields { name } } }`);
    expect(r.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(['name', 'role']);
    const entry = await t.anonymous.gql(`{ __type(name: "PublishedBlacklistEntry") { fields { name } } }`);
    const fields = entry.data.__type.fields.map((f: { name: string }) => f.name);
    expect(fields.some((f: string) => /idCard|phone|case|employer$/i.test(f))).toBe(false);
  });

  it('searches by the full credit code or by part of the name; nothing else matches', async () => {
    const byCode = await published({ search: listed[1].e.creditCode.toLowerCase() });
    expect(byCode.edges.map((e: any) => e.node.id)).toEqual([listed[1].entry.id]);
    const byName = await published({ search: `${prefix}2有限` });
    expect(byName.edges.map((e: any) => e.node.id)).toEqual([listed[2].entry.id]);
    expect((await published({ search: `${prefix}不存在` })).edges).toEqual([]);
    // A wildcard typed into the box is a character, not a pattern.
    expect((await published({ search: `${prefix}%` })).edges).toEqual([]);
  });

  it('pages by keyset: two, then the rest after the cursor, without repeats', async () => {
    const one = await published({ search: prefix, first: 2 });
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: one.edges[0].cursor });
    const two = await published({ search: prefix, first: 2, after: one.pageInfo.endCursor });
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: two.edges[0].cursor, endCursor: two.edges[0].cursor });
    const ids = [...one.edges, ...two.edges].map((e: any) => e.node.id);
    expect(ids).toEqual([listed[2].entry.id, listed[1].entry.id, listed[0].entry.id]);
    // A cursor newer than every listing: the whole list follows it, nothing precedes it.
    const ahead = await published({ search: prefix, first: 5, after: encodeCursor(new Date('2100-01-01T00:00:00Z'), listed[0].entry.id) });
    expect(ahead.edges.length).toBe(3);
    expect(ahead.pageInfo.hasPreviousPage).toBe(false);
  });

  it('first is 1 to 50 and after must be a cursor (BAD_USER_INPUT naming the argument)', async () => {
    for (const [vars, field] of [
      [{ first: 51 }, 'first'],
      [{ first: 0 }, 'first'],
      [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
      [{ search: 'x'.repeat(101) }, 'search'],
    ] as const) {
      const r = await t.anonymous.gql(PUBLISHED, vars);
      expect([field, r.errors?.[0].extensions]).toMatchObject([field, { code: 'BAD_USER_INPUT', fields: [field] }]);
    }
    expect((await published({ first: 50 })).edges.length).toBeLessThanOrEqual(50);
  });

  it('an entry leaves the list when its three years run out: a minute before it is there, at the end and after it is not', async () => {
    const expires = new Date(listed[0].entry.expiresAt).getTime();
    const ids = async () => (await published({ search: prefix })).edges.map((e: any) => e.node.id);
    travelTo(t, new Date(expires - 60_000));
    expect(await ids()).toContain(listed[0].entry.id);
    travelTo(t, new Date(expires + 1));
    expect(await ids()).not.toContain(listed[0].entry.id);
    travelTo(t, new Date(expires + 10 * DAY));
    expect(await ids()).not.toContain(listed[0].entry.id);
  });
});
