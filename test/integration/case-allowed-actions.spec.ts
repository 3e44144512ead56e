import { CASE_OPS, openCaseInStatus, userId } from '../support/cases';
import { serverDay, TestApp } from '../support/test-app';

/**
 * Case.allowedActions (what the console offers) against what the mutations accept: for several
 * roles and statuses, every action offered succeeds on a case in that state, and every action
 * withheld is refused (FORBIDDEN or CONFLICT) and changes nothing. A case is handled by 樊集乡
 * 411329305, linked to 中原区 410102, with one open supervision order from 新野县.
 */

const ACTIONS = `query($id: ID!) { case(id: $id) { status allowedActions events { type } } }`;
const LINK = CASE_OPS.linkUnit;

type Command = [string, Record<string, unknown>];

describe('Case.allowedActions follows the rules the mutations enforce', () => {
  let t: TestApp;
  let inspectorIds: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    inspectorIds = [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')];
  });
  afterAll(() => t.close());

  /** A case in `status`, linked to 410102 and with an open supervision order (its id). */
  async function prepared(status: string): Promise<{ id: string; order: string }> {
    const c = await openCaseInStatus(t, 'RECEIVED');
    await t.as('insp.fanji').ok(LINK, { id: c.id, unit: '410102', reason: 'WORKER_ORIGIN' });
    const order = await t.as('sup.xinye').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '限期办结', due: serverDay(t, 20) });
    const lead = t.as('lead.fanji');
    if (status !== 'RECEIVED') {
      await lead.ok(CASE_OPS.fileCase, { id: c.id, ids: inspectorIds });
      if (status === 'RECTIFICATION_ORDERED') await lead.ok(CASE_OPS.orderRectification, { id: c.id, due: serverDay(t, 30), amount: '1000.00' });
      if (status === 'TRANSFERRED_TO_POLICE') await lead.ok(CASE_OPS.transferToPolice, { id: c.id, reason: '涉嫌拒不支付劳动报酬罪' });
      if (status === 'CLOSED') await lead.ok(CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary: '经查无违法行为' });
    }
    return { id: c.id, order: order.r.id };
  }

  /** Each CaseAction as its mutation with valid arguments. */
  function command(action: string, c: { id: string; order: string }): Command {
    const id = c.id;
    const commands: Record<string, Command> = {
      FILE: [CASE_OPS.fileCase, { id, ids: inspectorIds }],
      REJECT: [CASE_OPS.rejectCase, { id, reason: '不属于本机关管辖' }],
      TRANSFER: [CASE_OPS.transferCase, { id, to: '411329101', reason: '用工地在王庄镇' }],
      LINK_UNIT: [LINK, { id, unit: '411302', reason: 'PROJECT_SITE' }],
      UNLINK_UNIT: [CASE_OPS.unlinkUnit, { id, unit: '410102' }],
      ORDER_RECTIFICATION: [CASE_OPS.orderRectification, { id, due: serverDay(t, 10), amount: '100.00' }],
      RECORD_PAYMENT: [CASE_OPS.recordPayment, { id, amount: '100.00', workers: 1 }],
      DECIDE_PENALTY: [CASE_OPS.decidePenalty, { id, fine: '100.00', basis: '劳动保障监察条例第二十六条' }],
      TRANSFER_TO_POLICE: [CASE_OPS.transferToPolice, { id, reason: '涉嫌犯罪' }],
      EXTEND_DEADLINE: [CASE_OPS.extendDeadline, { id, reason: '案情复杂' }],
      CLOSE: [CASE_OPS.closeCase, { id, outcome: 'NO_VIOLATION', summary: '经查无违法行为' }],
      ADD_NOTE: [CASE_OPS.addCaseNote, { id, note: '电话回访' }],
      ISSUE_SUPERVISION_ORDER: [CASE_OPS.issueSupervisionOrder, { id, instructions: '督办', due: serverDay(t, 15) }],
      REPORT_ON_SUPERVISION_ORDER: [CASE_OPS.reportOnSupervisionOrder, { orderId: c.order, report: '已约谈企业负责人' }],
      REQUEST_ASSISTANCE: [CASE_OPS.requestAssistance, { id, unit: '411302', request: '请协查项目工地' }],
    };
    return commands[action];
  }

  const ALL = [
    'FILE', 'REJECT', 'TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'ORDER_RECTIFICATION', 'RECORD_PAYMENT', 'DECIDE_PENALTY',
    'TRANSFER_TO_POLICE', 'EXTEND_DEADLINE', 'CLOSE', 'ADD_NOTE', 'ISSUE_SUPERVISION_ORDER', 'REPORT_ON_SUPERVISION_ORDER', 'REQUEST_ASSISTANCE',
  ];

  const cases: [string, string, string[]][] = [
    ['insp.fanji', 'RECEIVED', ['TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'ADD_NOTE', 'REPORT_ON_SUPERVISION_ORDER', 'REQUEST_ASSISTANCE']],
    ['lead.fanji', 'RECEIVED', ['FILE', 'REJECT', 'TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'ADD_NOTE', 'REPORT_ON_SUPERVISION_ORDER', 'REQUEST_ASSISTANCE']],
    [
      'lead.fanji',
      'FILED',
      ['TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'ORDER_RECTIFICATION', 'RECORD_PAYMENT', 'DECIDE_PENALTY', 'TRANSFER_TO_POLICE', 'EXTEND_DEADLINE', 'CLOSE', 'ADD_NOTE', 'REPORT_ON_SUPERVISION_ORDER', 'REQUEST_ASSISTANCE'],
    ],
    [
      'insp.fanji',
      'RECTIFICATION_ORDERED',
      ['TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'RECORD_PAYMENT', 'DECIDE_PENALTY', 'TRANSFER_TO_POLICE', 'ADD_NOTE', 'REPORT_ON_SUPERVISION_ORDER', 'REQUEST_ASSISTANCE'],
    ],
    ['lead.fanji', 'TRANSFERRED_TO_POLICE', ['TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'RECORD_PAYMENT', 'CLOSE', 'ADD_NOTE', 'REPORT_ON_SUPERVISION_ORDER', 'REQUEST_ASSISTANCE']],
    ['lead.fanji', 'CLOSED', ['LINK_UNIT', 'UNLINK_UNIT', 'ADD_NOTE', 'REPORT_ON_SUPERVISION_ORDER']],
    ['sup.xinye', 'FILED', ['TRANSFER', 'LINK_UNIT', 'UNLINK_UNIT', 'ADD_NOTE', 'ISSUE_SUPERVISION_ORDER']],
    ['lead.xinye', 'FILED', [...ALL].filter((a) => a !== 'FILE' && a !== 'REJECT')],
    ['admin.henan', 'FILED', ['ADD_NOTE']],
  ];

  it.each(cases)('%s on a %s case is offered exactly what the mutations accept', async (user, status, expected) => {
    const token = t.as(user);
    const base = await prepared(status);
    const offered: string[] = (await token.ok(ACTIONS, { id: base.id })).case.allowedActions;
    expect([...offered].sort()).toEqual([...expected].sort());

    // Withheld: refused, on one case, which stays as it was.
    const before = (await t.as('sup.henan').ok(ACTIONS, { id: base.id })).case;
    for (const action of ALL.filter((a) => !offered.includes(a))) {
      const [doc, vars] = command(action, base);
      const r = await token.gql(doc, vars);
      expect({ action, code: r.errors?.[0]?.extensions?.code }).toEqual({ action, code: expect.stringMatching(/^(FORBIDDEN|CONFLICT)$/) });
    }
    const after = (await t.as('sup.henan').ok(ACTIONS, { id: base.id })).case;
    expect(after.status).toBe(before.status);
    expect(after.events).toEqual(before.events);

    // Offered: each succeeds, on a fresh case in the same state.
    for (const action of offered) {
      const c = await prepared(status);
      const [doc, vars] = command(action, c);
      const r = await token.gql(doc, vars);
      expect({ action, errors: r.errors }).toEqual({ action, errors: undefined });
    }
  });
});

describe('Case.assignableInspectors lists whom fileCase accepts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it("offers the handling unit's and its county's squad, and fileCase takes any two of them", async () => {
    const c = await openCaseInStatus(t, 'RECEIVED');
    const q = `query($id: ID!) { case(id: $id) { assignableInspectors { id username role unit { code } } } }`;
    const list: { id: string; username: string; role: string; unit: { code: string } }[] = (await t.as('lead.fanji').ok(q, { id: c.id })).case.assignableInspectors;
    const names = list.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['insp.fanji', 'insp.fanji2', 'lead.fanji', 'insp.xinye', 'lead.xinye']));
    expect(names).not.toContain('insp.wangzhuang');
    expect(names).not.toContain('sup.xinye');
    expect(list.every((u) => ['INSPECTOR', 'SQUAD_LEADER'].includes(u.role) && ['411329', '411329305'].includes(u.unit.code))).toBe(true);
    const pick = [list.find((u) => u.username === 'insp.xinye')!.id, list.find((u) => u.username === 'insp.fanji2')!.id];
    await t.as('lead.fanji').ok(CASE_OPS.fileCase, { id: c.id, ids: pick });
    const wangzhuang = await userId(t, 'insp.wangzhuang');
    const other = await openCaseInStatus(t, 'RECEIVED');
    const r = await t.as('lead.fanji').gql(CASE_OPS.fileCase, { id: other.id, ids: [pick[0], wangzhuang] });
    expect(r.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['inspectorIds'] });
  });
});
