import { randomUUID } from 'node:crypto';
import { maskIdCard } from '../../src/common/masking';
import { OverdueSweepService } from '../../src/modules/deadlines/overdue-sweep.service';
import { CASE_OPS } from '../support/cases';
import {
  ADD_PARTY,
  addMonths,
  ANSWER,
  APPLY_REPAIR,
  BLACKLIST,
  CASE_EVENTS,
  CONFIRM,
  CONFIRM_INCIDENT,
  DAY,
  DECIDE_REPAIR,
  Employer,
  employerNow,
  GridCase,
  gridTestApp,
  INCIDENTS,
  legalRep,
  orderedCase as newOrderedCase,
  partyIdCard,
  PROPOSE,
  PUBLISHED,
  RECORD_INCIDENT,
  REMOVE,
  REMOVE_PARTY,
  STATEMENT,
  XINYE,
} from '../support/grid';
import { TestApp, travelTo } from '../support/test-app';

/**
 * 人社部令第45号 step by step (docs/RULES.md): the parties (当事人) with their ID numbers encrypted
 * and masked; the incident condition (群体性事件/极端事件, recorded by a squad leader, confirmed at
 * county level or above); the written notice and the statement window; the decision; credit
 * repair on the party's application six months after full payment. Each bound is tried with the
 * clock just below, at and above it.
 */

describe('the blacklist procedure of 人社部令第45号', () => {
  let t: TestApp;
  gridTestApp((app) => (t = app));

  const overdueNotes = async (caseId: string): Promise<string[]> =>
    (await t.as('sup.xinye').ok(CASE_EVENTS, { id: caseId })).case.events.filter((e: any) => e.type === 'OVERDUE').map((e: any) => e.note);
  const statusOf = async (id: string): Promise<string> => (await t.ds.query(`SELECT status FROM blacklist_entry WHERE id = $1`, [id]))[0].status;
  const incident = { kind: 'MASS', occurredOn: '2026-01-05', place: '新野县樊集乡杨庄村工地门口', description: '30余名农民工聚集讨薪，堵塞道路约4小时，造成严重不良社会影响' };
  /** An employer and a filed case with a payment order due tomorrow (default: below the threshold). */
  const orderedCase = (workersAffected?: number, amountOwed?: string) => newOrderedCase(t, workersAffected, amountOwed);
  const proposeArgs = (e: Employer, c: GridCase, extra: Record<string, unknown> = {}) => ({
    e: e.id,
    c: c.id,
    r: '经责令限期支付逾期未支付',
    parties: [legalRep()],
    ...extra,
  });

  describe('the incident condition (Art. 5(2))', () => {
    it('a squad leader of the handling line records the incident; inspectors and supervisors may not (FORBIDDEN), another county sees nothing (NOT_FOUND)', async () => {
      const { c } = await orderedCase();
      for (const who of ['insp.fanji', 'sup.xinye', 'insp.xinye']) expect([who, await t.as(who).code(RECORD_INCIDENT, { c: c.id, i: incident })]).toEqual([who, 'FORBIDDEN']);
      expect(await t.as('lead.wancheng').code(RECORD_INCIDENT, { c: c.id, i: incident })).toBe('NOT_FOUND');
      expect((await t.as('sup.xinye').ok(INCIDENTS, { c: c.id })).arrearsIncidents).toEqual([]);
      const { recordArrearsIncident: rec } = await t.as('lead.fanji').ok(RECORD_INCIDENT, { c: c.id, i: incident });
      expect(rec).toMatchObject({ kind: 'MASS', occurredOn: '2026-01-05', place: incident.place, confirmedAt: null, confirmedUnit: null });
      expect((await t.as('sup.henan').ok(INCIDENTS, { c: c.id })).arrearsIncidents.map((i: any) => i.id)).toEqual([rec.id]);
    });

    it('the date may not be in the future; place and description are required (BAD_USER_INPUT naming the field)', async () => {
      const { c } = await orderedCase();
      const tomorrow = new Date(t.clock.now().getTime() + 2 * DAY).toISOString().slice(0, 10);
      expect(await t.as('lead.fanji').error(RECORD_INCIDENT, { c: c.id, i: { ...incident, occurredOn: tomorrow } })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['occurredOn'] });
      expect(await t.as('lead.fanji').error(RECORD_INCIDENT, { c: c.id, i: { ...incident, place: ' ' } })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['place'] });
      expect(await t.as('lead.fanji').error(RECORD_INCIDENT, { c: c.id, i: { ...incident, description: '' } })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['description'] });
      expect((await t.as('sup.xinye').ok(INCIDENTS, { c: c.id })).arrearsIncidents).toEqual([]);
    });

    it('the county or a higher unit confirms it, not the township and not the person who recorded it', async () => {
      const { c } = await orderedCase();
      const { recordArrearsIncident: rec } = await t.as('lead.xinye').ok(RECORD_INCIDENT, { c: c.id, i: incident });
      expect(await t.as('lead.fanji').code(CONFIRM_INCIDENT, { id: rec.id })).toBe('FORBIDDEN');
      expect(await t.as('lead.xinye').code(CONFIRM_INCIDENT, { id: rec.id })).toBe('FORBIDDEN');
      expect(await t.as('sup.zhengzhou').code(CONFIRM_INCIDENT, { id: rec.id })).toBe('NOT_FOUND');
      const { confirmArrearsIncident: ok } = await t.as('sup.xinye').ok(CONFIRM_INCIDENT, { id: rec.id });
      expect(ok.confirmedAt).not.toBeNull();
      expect(ok.confirmedUnit).toEqual({ code: XINYE });
      expect(await t.as('sup.nanyang').code(CONFIRM_INCIDENT, { id: rec.id })).toBe('CONFLICT');
    });

    it('below the threshold: without an incident CONFLICT, with an unconfirmed one CONFLICT, with a confirmed one PROPOSED under Art. 5(2), but only once the payment order is past due', async () => {
      const { e, c } = await orderedCase(1, '5000.00');
      const { recordArrearsIncident: rec } = await t.as('lead.fanji').ok(RECORD_INCIDENT, { c: c.id, i: incident });
      // The order is not yet due: neither condition counts.
      expect(await t.as('sup.xinye').code(PROPOSE, proposeArgs(e, c, { incident: rec.id }))).toBe('CONFLICT');
      await t.as('sup.xinye').ok(CONFIRM_INCIDENT, { id: rec.id });
      travelTo(t, new Date(Date.parse(`${c.dueDate}T23:59:00+08:00`)));
      expect(await t.as('sup.xinye').code(PROPOSE, proposeArgs(e, c, { incident: rec.id }))).toBe('CONFLICT');
      travelTo(t, new Date(Date.parse(`${c.dueDate}T23:59:00+08:00`) + 2 * 60_000));
      const below = await t.as('sup.xinye').error(PROPOSE, proposeArgs(e, c));
      expect(below.code).toBe('CONFLICT');
      expect(below.message).toMatch(/threshold/);
      const { proposeBlacklisting: entry } = await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c, { incident: rec.id }));
      expect(entry).toMatchObject({ status: 'PROPOSED', basis: 'INCIDENT', incident: { id: rec.id } });
      expect(entry.legalBasis).toMatch(/第五条第（二）项/);
      expect(entry.facts).toMatch(/群体性事件/);
    });

    it('an unconfirmed incident is CONFLICT; an incident of another case is BAD_USER_INPUT naming incidentId', async () => {
      const a = await orderedCase();
      const b = await orderedCase();
      const { recordArrearsIncident: unconfirmed } = await t.as('lead.fanji').ok(RECORD_INCIDENT, { c: a.c.id, i: incident });
      const { recordArrearsIncident: other } = await t.as('lead.fanji').ok(RECORD_INCIDENT, { c: b.c.id, i: incident });
      await t.as('sup.xinye').ok(CONFIRM_INCIDENT, { id: other.id });
      t.clock.travel(2 * DAY);
      expect(await t.as('sup.xinye').code(PROPOSE, proposeArgs(a.e, a.c, { incident: unconfirmed.id }))).toBe('CONFLICT');
      expect(await t.as('sup.xinye').error(PROPOSE, proposeArgs(a.e, a.c, { incident: other.id }))).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['incidentId'] });
      expect((await t.ds.query(`SELECT 1 FROM blacklist_entry WHERE case_id = $1`, [a.c.id])).length).toBe(0);
    });
  });

  it('five simultaneous proposals for one case end in one PROPOSED entry and four CONFLICTs', async () => {
    const { e, c } = await orderedCase(1, '8000.00');
    t.clock.travel(2 * DAY);
    const results = await Promise.all(['sup.xinye', 'lead.xinye', 'insp.xinye', 'sup.nanyang', 'sup.henan'].map((who) => t.as(who).gql(PROPOSE, proposeArgs(e, c))));
    expect(results.filter((r) => r.data?.proposeBlacklisting?.status === 'PROPOSED')).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(4);
    expect((await t.ds.query(`SELECT status FROM blacklist_entry WHERE case_id = $1`, [c.id])).length).toBe(1);
  });

  describe('the parties (当事人)', () => {
    it('are stored encrypted, returned masked, and found by their ID number', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      const rep = legalRep('王德发');
      const manager = { name: '李主管', role: 'RESPONSIBLE_MANAGER', idCardNumber: partyIdCard() };
      t.clock.travel(2 * DAY);
      const r = await t.as('sup.xinye').gql(PROPOSE, proposeArgs(e, c, { parties: [rep, manager] }));
      const entry = r.data.proposeBlacklisting;
      expect(entry.parties.map((p: any) => [p.role, p.name, p.idCardMasked])).toEqual([
        ['LEGAL_REPRESENTATIVE', '王德发', maskIdCard(rep.idCardNumber)],
        ['RESPONSIBLE_MANAGER', '李主管', maskIdCard(manager.idCardNumber)],
      ]);
      expect(JSON.stringify(r)).not.toContain(rep.idCardNumber);
      const rows = await t.ds.query(`SELECT id_card_enc, id_card_hash FROM blacklist_party WHERE entry_id = $1`, [entry.id]);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.id_card_enc).not.toContain(rep.idCardNumber.slice(6, 14));
        expect(row.id_card_hash).toMatch(/^[0-9a-f]{64}$/);
      }
      const found = (await t.as('sup.xinye').ok(BLACKLIST, { unit: null, person: rep.idCardNumber.toLowerCase() })).blacklist;
      expect(found.map((b: any) => b.id)).toEqual([entry.id]);
      expect((await t.as('sup.xinye').ok(BLACKLIST, { unit: null, person: partyIdCard() })).blacklist).toEqual([]);
      // Outside the case's jurisdiction the person's entries are not there either.
      expect((await t.as('sup.zhengzhou').ok(BLACKLIST, { unit: null, person: rep.idCardNumber })).blacklist).toEqual([]);
      expect(await t.as('sup.xinye').error(BLACKLIST, { unit: null, person: '41132919800101123' })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['partyIdCardNumber'] });
    });

    it('a bad or repeated ID number is BAD_USER_INPUT naming the party; nothing is written', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const valid = partyIdCard();
      const checks = '0123456789X';
      const wrongCheck = valid.slice(0, 17) + checks[(checks.indexOf(valid[17]) + 1) % checks.length];
      expect(await t.as('sup.xinye').error(PROPOSE, proposeArgs(e, c, { parties: [legalRep('赵一', wrongCheck)] }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['parties.0.idCardNumber'],
      });
      const same = legalRep();
      expect(await t.as('sup.xinye').error(PROPOSE, proposeArgs(e, c, { parties: [same, { ...same, role: 'OTHER_RESPONSIBLE', name: '赵二' }] }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['parties.1.idCardNumber'],
      });
      expect(await t.as('sup.xinye').error(PROPOSE, proposeArgs(e, c, { parties: [{ ...legalRep(), name: ' ' }] }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['parties.0.name'],
      });
      // At most MAX_BLACKLIST_PARTIES persons (the bound the query cost counts with): 10 pass the check, 11 do not.
      const eleven = Array.from({ length: 11 }, (_, i) => ({ ...legalRep(`当事人${i}`), role: i === 0 ? 'LEGAL_REPRESENTATIVE' : 'OTHER_RESPONSIBLE' }));
      expect(await t.as('sup.xinye').error(PROPOSE, proposeArgs(e, c, { parties: eleven }))).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['parties'] });
      expect((await t.ds.query(`SELECT 1 FROM blacklist_entry WHERE case_id = $1`, [c.id])).length).toBe(0);
      const ten = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c, { parties: eleven.slice(0, 10) }))).proposeBlacklisting;
      expect(await t.as('sup.xinye').error(ADD_PARTY, { id: ten.id, p: eleven[10] })).toMatchObject({ code: 'CONFLICT' });
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM blacklist_party WHERE entry_id = $1`, [ten.id]))[0].n).toBe(10);
    });

    it('the decision names the legal representative or principal: without one it is CONFLICT; adding one serves the notice again', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const manager = { name: '钱主管', role: 'RESPONSIBLE_MANAGER', idCardNumber: partyIdCard() };
      const { proposeBlacklisting: entry } = await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c, { parties: [manager] }));
      travelTo(t, new Date(new Date(entry.objectionDueAt).getTime() + 60_000));
      expect(await t.as('sup.xinye').code(CONFIRM, { id: entry.id })).toBe('CONFLICT');
      expect(await t.as('lead.fanji').code(ADD_PARTY, { id: entry.id, p: legalRep() })).toBe('FORBIDDEN');
      const { addBlacklistParty: added } = await t.as('sup.xinye').ok(ADD_PARTY, { id: entry.id, p: { name: '孙负责', role: 'PRINCIPAL', idCardNumber: partyIdCard() } });
      expect(added.parties.map((p: any) => p.role)).toEqual(['PRINCIPAL', 'RESPONSIBLE_MANAGER']);
      // A new notice: a new 10-working-day window from now.
      expect(new Date(added.objectionDueAt).getTime()).toBeGreaterThan(t.clock.now().getTime() + 9 * DAY);
      expect(await t.as('sup.xinye').code(CONFIRM, { id: entry.id })).toBe('CONFLICT');
      const managerId = added.parties.find((p: any) => p.role === 'RESPONSIBLE_MANAGER').id;
      // A party of an entry whose case another city does not see reads exactly as a party that does not exist.
      const notYours = await t.as('sup.zhengzhou').error(REMOVE_PARTY, { id: managerId });
      expect(notYours).toEqual(await t.as('sup.zhengzhou').error(REMOVE_PARTY, { id: randomUUID() }));
      expect(notYours).toMatchObject({ code: 'NOT_FOUND', message: 'blacklist party not found' });
      const { removeBlacklistParty: fewer } = await t.as('sup.xinye').ok(REMOVE_PARTY, { id: managerId });
      expect(fewer.parties.map((p: any) => p.role)).toEqual(['PRINCIPAL']);
      travelTo(t, new Date(new Date(added.objectionDueAt).getTime() + 60_000));
      const { confirmBlacklisting: listed } = await t.as('sup.xinye').ok(CONFIRM, { id: entry.id, no: '新人社失信决字〔2026〕1号' });
      expect(listed).toMatchObject({ status: 'LISTED', decisionNumber: '新人社失信决字〔2026〕1号', listingUnit: { code: XINYE } });
      // After the decision the parties are fixed.
      expect(await t.as('sup.xinye').code(ADD_PARTY, { id: entry.id, p: legalRep() })).toBe('CONFLICT');
      expect(await t.as('sup.xinye').code(REMOVE_PARTY, { id: listed.parties[0].id })).toBe('CONFLICT');
    });
  });

  describe('notice and statement (陈述申辩)', () => {
    it('the notice states facts, reasons, basis and the right to state their case until the window’s end', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const { proposeBlacklisting: entry } = await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c, { facts: '拖欠1名农民工工资8000元，逾期未支付' }));
      expect(entry.notice).toMatchObject({ facts: '拖欠1名农民工工资8000元，逾期未支付', reasons: '经责令限期支付逾期未支付', statementDueAt: entry.objectionDueAt });
      expect(entry.notice.legalBasis).toMatch(/第五条第（一）项/);
      expect(entry.notice.rights).toMatch(/陈述、申辩/);
      expect(entry.statement).toBeNull();
    });

    it('a statement received in the last minute of the window is recorded; one a minute after it is CONFLICT', async () => {
      const a = await orderedCase(1, '8000.00');
      const b = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const ea = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(a.e, a.c))).proposeBlacklisting;
      const eb = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(b.e, b.c))).proposeBlacklisting;
      const due = new Date(ea.objectionDueAt).getTime();
      travelTo(t, new Date(due - 60_000));
      const { recordBlacklistStatement: stated } = await t.as('sup.xinye').ok(STATEMENT, { id: ea.id, s: '工程款未到位，非恶意拖欠' });
      expect(stated.statement).toMatchObject({ text: '工程款未到位，非恶意拖欠', answer: null, accepted: null });
      expect(await t.as('sup.xinye').code(STATEMENT, { id: ea.id, s: '再次申辩' })).toBe('CONFLICT');
      travelTo(t, new Date(new Date(eb.objectionDueAt).getTime() + 60_000));
      expect(await t.as('sup.xinye').code(STATEMENT, { id: eb.id, s: '逾期申辩' })).toBe('CONFLICT');
      // Received on time by post, recorded late: the receipt date counts.
      const { recordBlacklistStatement: late } = await t.as('sup.xinye').ok(STATEMENT, { id: eb.id, s: '邮寄的申辩书', at: new Date(due - DAY).toISOString() });
      expect(late.statement.text).toBe('邮寄的申辩书');
      expect(await t.as('sup.xinye').error(STATEMENT, { id: ea.id, s: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['statement'] });
    });

    it('an unanswered statement blocks the decision; answered and not accepted, the county lists for three years', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const entry = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c))).proposeBlacklisting;
      await t.as('sup.xinye').ok(STATEMENT, { id: entry.id, s: '资金困难，请求宽限' });
      travelTo(t, new Date(new Date(entry.objectionDueAt).getTime() + 60_000));
      expect(await t.as('sup.xinye').code(CONFIRM, { id: entry.id })).toBe('CONFLICT');
      expect(await t.as('lead.fanji').code(ANSWER, { id: entry.id, a: '不予采纳', ok: false })).toBe('FORBIDDEN');
      const { answerBlacklistStatement: answered } = await t.as('sup.xinye').ok(ANSWER, { id: entry.id, a: '资金困难不构成不支付工资的正当理由，不予采纳', ok: false });
      expect(answered.statement).toMatchObject({ accepted: false, answer: '资金困难不构成不支付工资的正当理由，不予采纳' });
      expect(answered.status).toBe('PROPOSED');
      expect(await t.as('sup.xinye').code(ANSWER, { id: entry.id, a: '再答复', ok: false })).toBe('CONFLICT');
      const { confirmBlacklisting: listed } = await t.as('sup.xinye').ok(CONFIRM, { id: entry.id });
      expect(listed.status).toBe('LISTED');
    });

    it('the sweep tells the case when the statement window has ended (once), so the decision can be made', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const entry = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c))).proposeBlacklisting;
      const sweep = t.app.get(OverdueSweepService);
      travelTo(t, new Date(new Date(entry.objectionDueAt).getTime() - 60_000));
      await sweep.runOnce();
      expect((await overdueNotes(c.id)).filter((n) => /陈述申辩期限/.test(n))).toEqual([]);
      travelTo(t, new Date(new Date(entry.objectionDueAt).getTime() + 60_000));
      await sweep.runOnce();
      await sweep.runOnce();
      expect((await overdueNotes(c.id)).filter((n) => /陈述申辩期限/.test(n))).toHaveLength(1);
    });

    it('an accepted statement drops the proposal: REMOVED, and it can no longer be decided', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const entry = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c))).proposeBlacklisting;
      await t.as('sup.xinye').ok(STATEMENT, { id: entry.id, s: '已于期限内支付，有银行回单' });
      const { answerBlacklistStatement: dropped } = await t.as('sup.xinye').ok(ANSWER, { id: entry.id, a: '经核实属实，予以采纳', ok: true });
      expect(dropped).toMatchObject({ status: 'REMOVED', statement: { accepted: true } });
      expect(dropped.removalReason).toMatch(/陈述申辩成立/);
      travelTo(t, new Date(new Date(entry.objectionDueAt).getTime() + 60_000));
      expect(await t.as('sup.xinye').code(CONFIRM, { id: entry.id })).toBe('CONFLICT');
    });
  });

  describe('credit repair (信用修复)', () => {
    let e: Employer;
    let c: GridCase;
    let entry: any;
    let rep: { name: string; role: string; idCardNumber: string };
    let paidAt: Date;
    const pledge = '本单位及法定代表人承诺今后严格遵守《保障农民工工资支付条例》，按时足额支付工资';

    beforeAll(async () => {
      ({ e, c } = await orderedCase(1, '8000.00'));
      rep = legalRep('周守信');
      t.clock.travel(2 * DAY);
      entry = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(e, c, { parties: [rep] }))).proposeBlacklisting;
      travelTo(t, new Date(new Date(entry.objectionDueAt).getTime() + 60_000));
      entry = (await t.as('sup.xinye').ok(CONFIRM, { id: entry.id })).confirmBlacklisting;
      t.clock.travel(30 * DAY);
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '8000.00', workers: 1 });
      paidAt = new Date((await t.ds.query(`SELECT fully_paid_at FROM case_file WHERE id = $1`, [c.id]))[0].fully_paid_at);
      t.clock.reset();
    });

    const apply = (who = 'sup.xinye', vars: Record<string, unknown> = {}) => t.as(who).gql(APPLY_REPAIR, { id: entry.id, who: '周守信（法定代表人）', pledge, ...vars });

    it('an application a minute short of six months after full payment is CONFLICT; at six months it is recorded with its 15-working-day clock', async () => {
      travelTo(t, new Date(addMonths(paidAt, 6).getTime() - 60_000));
      expect((await apply()).errors?.[0].extensions?.code).toBe('CONFLICT');
      travelTo(t, addMonths(paidAt, 6));
      expect((await apply('sup.xinye', { pledge: '  ' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['commitment'] });
      expect((await apply('lead.fanji')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const { data } = await apply();
      const app = data.applyForBlacklistRemoval;
      expect(app).toMatchObject({ commitment: pledge, decidedAt: null, granted: null, correctedAt: paidAt.toISOString() });
      expect(new Date(app.decisionDueAt).getTime()).toBeGreaterThan(t.clock.now().getTime() + 14 * DAY);
      expect((await apply()).errors?.[0].extensions?.code).toBe('CONFLICT');
      // An application on a case another city does not see reads exactly as one that does not exist.
      const notYours = await t.as('sup.zhengzhou').error(DECIDE_REPAIR, { id: app.id, ok: true, r: '准予' });
      expect(notYours).toEqual(await t.as('sup.zhengzhou').error(DECIDE_REPAIR, { id: randomUUID(), ok: true, r: '准予' }));
      expect(notYours).toMatchObject({ code: 'NOT_FOUND', message: 'repair application not found' });
      // Refused: the listing goes on.
      expect(await t.as('lead.fanji').code(DECIDE_REPAIR, { id: app.id, ok: true, r: '准予' })).toBe('FORBIDDEN');
      const { decideBlacklistRemoval: refused } = await t.as('sup.xinye').ok(DECIDE_REPAIR, { id: app.id, ok: false, r: '守信承诺书未加盖单位公章' });
      expect(refused).toMatchObject({ granted: false, decisionReason: '守信承诺书未加盖单位公章' });
      expect(await t.as('sup.xinye').code(DECIDE_REPAIR, { id: app.id, ok: true, r: '改判' })).toBe('CONFLICT');
      expect(await statusOf(entry.id)).toBe('LISTED');
    });

    it('an application left undecided past its 15 working days is flagged on the case by the sweep', async () => {
      travelTo(t, new Date(addMonths(paidAt, 6).getTime() + DAY));
      const app = (await apply()).data.applyForBlacklistRemoval;
      const sweep = t.app.get(OverdueSweepService);
      travelTo(t, new Date(new Date(app.decisionDueAt).getTime() - 60_000));
      await sweep.runOnce();
      expect((await overdueNotes(c.id)).filter((n) => /提前移出申请办理期限/.test(n))).toEqual([]);
      travelTo(t, new Date(new Date(app.decisionDueAt).getTime() + 60_000));
      await sweep.runOnce();
      expect((await overdueNotes(c.id)).filter((n) => /提前移出申请办理期限/.test(n))).toHaveLength(1);
      await t.as('sup.xinye').ok(DECIDE_REPAIR, { id: app.id, ok: false, r: '材料不全，补正后可再申请' });
    });

    it('granted, the listing ends for the employer and every party: off the published list, the person’s entry REMOVED', async () => {
      travelTo(t, new Date(addMonths(paidAt, 6).getTime() + 2 * DAY));
      const app = (await apply()).data.applyForBlacklistRemoval;
      const before = (await t.anonymous.ok(PUBLISHED, { search: e.creditCode })).publishedBlacklist.edges;
      expect(before.map((x: any) => [x.node.id, x.node.parties])).toEqual([[entry.id, [{ name: '周守信', role: 'LEGAL_REPRESENTATIVE' }]]]);
      const { decideBlacklistRemoval: granted } = await t.as('sup.xinye').ok(DECIDE_REPAIR, { id: app.id, ok: true, r: '已全额支付满6个月并作出守信承诺，准予提前移出' });
      expect(granted.granted).toBe(true);
      expect((await employerNow(t, e.id)).blacklisted).toBe(false);
      expect((await t.anonymous.ok(PUBLISHED, { search: e.creditCode })).publishedBlacklist.edges).toEqual([]);
      const ofPerson = (await t.as('sup.xinye').ok(BLACKLIST, { unit: null, person: rep.idCardNumber })).blacklist;
      expect(ofPerson.map((b: any) => [b.id, b.status])).toEqual([[entry.id, 'REMOVED']]);
      expect(ofPerson[0].repairApplications.map((a: any) => a.granted)).toEqual([false, false, true]);
      expect(await t.as('sup.xinye').code(REMOVE, { id: entry.id, r: '重复' })).toBe('CONFLICT');
    });

    it('a listing that has not been paid in full cannot be repaired; nor one that ran out', async () => {
      const other = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      let x = (await t.as('sup.xinye').ok(PROPOSE, proposeArgs(other.e, other.c))).proposeBlacklisting;
      travelTo(t, new Date(new Date(x.objectionDueAt).getTime() + 60_000));
      x = (await t.as('sup.xinye').ok(CONFIRM, { id: x.id })).confirmBlacklisting;
      t.clock.travel(300 * DAY);
      expect(await t.as('sup.xinye').code(APPLY_REPAIR, { id: x.id, who: '法定代表人', pledge })).toBe('CONFLICT');
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: other.c.id, amount: '8000.00', workers: 1 });
      travelTo(t, new Date(new Date(x.expiresAt).getTime() + 1));
      expect(await t.as('sup.xinye').code(APPLY_REPAIR, { id: x.id, who: '法定代表人', pledge })).toBe('CONFLICT');
    });
  });
});
