import { ACCEPT, claimInput, FILE_CASE, registerWorker, staffIds, SUBMIT, Worker } from '../support/claims';
import { TestApp } from '../support/test-app';

/**
 * 亮明身份 (issue 11): a claim tells its claimant who handles it (the unit; once accepted the
 * responsible officer's name and role) and the unit's supervision phone, configured per unit and
 * inherited from the nearest configured ancestor (demo: 河南省, 南阳市, 新野县 and 樊集乡 have their own).
 */

const HANDLER = `query($id: ID!) { wageClaim(id: $id) { id handler { unit { code name } officerName officerTitle officerRole supervisionPhone } routedUnit { code supervisionPhone } } }`;
const SET_PHONE = `mutation($u: String!, $p: String) { setSupervisionPhone(unitCode: $u, phone: $p) { code supervisionPhone } }`;
const WANGZHUANG_GRID = '411329101200';

describe('who handles a claim (亮明身份) and the supervision phone (监督电话)', () => {
  let t: TestApp;
  let worker: Worker;

  beforeAll(async () => {
    t = await TestApp.start();
    worker = await registerWorker(t, '411329', '孙亮明');
  });
  afterAll(() => t.close());

  const handler = async (id: string, who: string | Worker = worker) => (await t.as(who).ok(HANDLER, { id })).wageClaim.handler;
  const displayName = async (username: string) => (await t.ds.query(`SELECT display_name FROM app_user WHERE username = $1`, [username]))[0].display_name;

  it('before acceptance: the routed township and its own phone; no officer yet', async () => {
    const claim = (await t.as(worker).ok(SUBMIT, { i: claimInput(t) })).submitWageClaim;
    expect(await handler(claim.id)).toEqual({
      unit: { code: '411329305', name: '樊集乡' },
      officerName: null,
      officerTitle: null,
      officerRole: null,
      supervisionPhone: '0377-66550000',
    });
  });

  it('accepted: the officer who accepted it (首问负责); filed: the lead inspector (主办监察员), first of the filing list', async () => {
    const claim = (await t.as(worker).ok(SUBMIT, { i: claimInput(t) })).submitWageClaim;
    const { acceptWageClaim } = await t.as('insp.fanji').ok(ACCEPT, { id: claim.id });
    expect(await handler(claim.id)).toEqual(
      expect.objectContaining({ officerName: await displayName('insp.fanji'), officerTitle: '受理人（首问负责）', officerRole: 'INSPECTOR' }),
    );
    await t.as('lead.fanji').ok(FILE_CASE, { id: acceptWageClaim.case.id, ids: await staffIds(t, ['insp.fanji2', 'insp.fanji']) });
    expect(await handler(claim.id)).toEqual({
      unit: { code: '411329305', name: '樊集乡' },
      officerName: await displayName('insp.fanji2'),
      officerTitle: '主办监察员',
      officerRole: 'INSPECTOR',
      supervisionPhone: '0377-66550000',
    });
    // staff on the claim see the same
    expect((await handler(claim.id, 'sup.xinye')).officerName).toBe(await displayName('insp.fanji2'));
  });

  it('a township without its own phone uses the county\'s; its own, once set, wins; cleared, the county\'s again', async () => {
    const claim = (await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: WANGZHUANG_GRID }) })).submitWageClaim;
    expect((await handler(claim.id)).supervisionPhone).toBe('0377-66210000');
    expect((await t.as('admin.henan').ok(SET_PHONE, { u: '411329101', p: ' 0377-6621 5555 ' })).setSupervisionPhone).toEqual({ code: '411329101', supervisionPhone: '0377-66215555' });
    expect((await handler(claim.id)).supervisionPhone).toBe('0377-66215555');
    await t.as('admin.henan').ok(SET_PHONE, { u: '411329101', p: null });
    expect((await handler(claim.id)).supervisionPhone).toBe('0377-66210000');
    // public on units as well
    expect((await t.anonymous.ok(`{ unit(code: "411329307") { supervisionPhone } }`)).unit.supervisionPhone).toBe('0377-66210000');
    expect((await t.anonymous.ok(`{ unit(code: "11") { supervisionPhone } }`)).unit.supervisionPhone).toBeNull();
  });

  it('only an ADMIN sets a phone, only in the own subtree, only a phone number', async () => {
    expect(await t.as('sup.henan').code(SET_PHONE, { u: '411329101', p: '0377-66215555' })).toBe('FORBIDDEN');
    expect(await t.as('admin.henan').code(SET_PHONE, { u: '11', p: '010-12345678' })).toBe('FORBIDDEN');
    expect(await t.as('admin.henan').error(SET_PHONE, { u: '411329101', p: 'call us' })).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['phone'] }));
    expect(await t.as('admin.henan').error(SET_PHONE, { u: '999', p: '12333' })).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['unitCode'] }));
    expect((await t.anonymous.ok(`{ unit(code: "411329101") { supervisionPhone } }`)).unit.supervisionPhone).toBe('0377-66210000');
  });
});
