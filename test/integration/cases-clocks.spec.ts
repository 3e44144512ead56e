import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { CasesService } from '../../src/modules/cases/cases.service';
import { CASE_OPS, FILE_CASE, OPEN_CASE, openCaseInput, OpenCaseOptions, userId } from '../support/cases';
import { TestApp, travelTo, unique } from '../support/test-app';

/**
 * The statutory clocks, counted in working days on the official calendar (Asia/Shanghai, holidays
 * and make-up workdays 调休): acceptance, handling and its one extension, assistance requests,
 * supervision orders, `overdue`, and deadlines that run into a year whose schedule is not loaded.
 *
 * "Now" is put at fixed dates with the server's clock. The 2026 schedule comes from the
 * chinese-days package: Mid-Autumn Sep 25-27, National Day Oct 1-7, make-up workdays Sunday
 * Sep 20 and Saturday Oct 10. A due time is the end of the due day in Shanghai (15:59:59.999Z).
 */

const CASE = `query($id: ID!) { case(id: $id) {
  status acceptanceDueAt handlingDueAt overdue extended deadlineProvisional events { type note }
  supervisionOrders { id status dueAt overdue }
  assistanceRequests { id dueAt dueProvisional overdue answeredAt }
} }`;
const SEARCH = `query($s: String!, $overdue: Boolean) { cases(filter: { search: $s, overdue: $overdue }) { totalCount edges { node { id } } } }`;
const YEARS = `{ holidayScheduleYears }`;
const LOAD = `mutation($i: HolidayScheduleInput!) {
  loadHolidaySchedule(input: $i) { year holidays workdays deadlinesRecomputed }
}`;

const endOfDay = (day: string) => `${day}T15:59:59.999Z`;

/** Days from `from` to `to` inclusive, YYYY-MM-DD. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/** A plausible 2027 State Council schedule (元旦, 春节, 清明, 劳动节, 国庆 with their 调休 days). */
const SCHEDULE_2027 = {
  year: 2027,
  holidays: [
    ...days('2027-01-01', '2027-01-03').map((day) => ({ day, name: '元旦' })),
    ...days('2027-02-06', '2027-02-13').map((day) => ({ day, name: '春节' })),
    ...days('2027-04-03', '2027-04-05').map((day) => ({ day, name: '清明节' })),
    ...days('2027-05-01', '2027-05-05').map((day) => ({ day, name: '劳动节' })),
    ...days('2027-10-01', '2027-10-07').map((day) => ({ day, name: '国庆节' })),
  ],
  workdays: [
    { day: '2027-02-14', name: '春节调休' },
    { day: '2027-04-25', name: '劳动节调休' },
    { day: '2027-09-26', name: '国庆节调休' },
    { day: '2027-10-09', name: '国庆节调休' },
  ],
};

describe('case clocks on the working-day calendar', () => {
  let t: TestApp;
  let inspectorIds: string[];

  const open = async (opts: OpenCaseOptions = {}) => {
    const input = openCaseInput({ title: unique('时限-'), ...opts });
    const { openCase } = await t.as(opts.as ?? 'insp.fanji').ok(OPEN_CASE, { input });
    return { id: openCase.id as string, title: input.title as string };
  };
  const file = async (id: string) => t.as('lead.fanji').ok(FILE_CASE, { id, ids: inspectorIds });
  const read = async (id: string) => (await t.as('lead.fanji').ok(CASE, { id })).case;
  const search = async (title: string, overdue: boolean) =>
    (await t.as('lead.fanji').ok(SEARCH, { s: title, overdue })).cases.edges.map((e: { node: { id: string } }) => e.node.id);

  beforeAll(async () => {
    t = await TestApp.start();
    inspectorIds = [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')];
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    t.clock.reset();
  });

  it('acceptanceDueAt is 5 working days after the Shanghai day of opening: holidays skipped, make-up workdays counted', async () => {
    const cases: [string, string, string][] = [
      // Fri Sep 18: Sat off, Sun Sep 20 is a make-up workday, then Mon-Thu.
      ['2026-09-18T02:00:00Z', '2026-09-24', 'make-up Sunday counted'],
      // Fri Sep 25 (Mid-Autumn): Mon-Wed Sep 28-30, National Day Oct 1-7 off, Thu-Fri Oct 8-9.
      ['2026-09-25T02:00:00Z', '2026-10-09', 'Mid-Autumn and National Day skipped'],
      // Tue Sep 29: Wed Sep 30, Oct 8, 9, Saturday Oct 10 (make-up), Mon Oct 12.
      ['2026-09-29T02:00:00Z', '2026-10-12', 'make-up Saturday counted'],
      // 00:30 on Tue Sep 29 in Shanghai is still Mon Sep 28 in UTC: the Shanghai day decides.
      ['2026-09-28T16:30:00Z', '2026-10-12', 'Shanghai day, not UTC day'],
    ];
    for (const [now, due, why] of cases) {
      travelTo(t, now);
      const c = await read((await open()).id);
      expect({ why, status: c.status, acceptanceDueAt: c.acceptanceDueAt, handlingDueAt: c.handlingDueAt, provisional: c.deadlineProvisional }).toEqual({
        why,
        status: 'RECEIVED',
        acceptanceDueAt: endOfDay(due),
        handlingDueAt: null,
        provisional: false,
      });
    }
  });

  it('handlingDueAt is 60 working days after filing; extendDeadline makes it 90 once, needs a reason, and a second time is CONFLICT', async () => {
    travelTo(t, '2026-03-02T02:00:00Z'); // Monday; 清明 (Apr 4-6) and 劳动节 (May 1-5) fall inside
    const { id } = await open();
    const lead = t.as('lead.fanji');
    expect(await lead.code(CASE_OPS.extendDeadline, { id, reason: '案情复杂' })).toBe('CONFLICT'); // not filed yet
    await file(id);
    let c = await read(id);
    expect(c).toMatchObject({ status: 'FILED', acceptanceDueAt: null, handlingDueAt: endOfDay('2026-05-28'), extended: false, deadlineProvisional: false });

    const noReason = await lead.gql(CASE_OPS.extendDeadline, { id, reason: '   ' });
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['reason'] });
    expect((await read(id)).extended).toBe(false);

    travelTo(t, '2026-04-20T02:00:00Z'); // counted from filing, not from the day of the extension
    await t.as('lead.fanji').ok(CASE_OPS.extendDeadline, { id, reason: '涉及劳动者众多，经负责人批准延期' });
    c = await read(id);
    expect(c).toMatchObject({ extended: true, handlingDueAt: endOfDay('2026-07-10'), deadlineProvisional: false });
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'FILED', 'EXTENDED']);

    expect(await t.as('lead.fanji').code(CASE_OPS.extendDeadline, { id, reason: '再次延期' })).toBe('CONFLICT');
    c = await read(id);
    expect(c.handlingDueAt).toBe(endOfDay('2026-07-10'));
    expect(c.events).toHaveLength(3);
  });

  it('overdue turns on once the active deadline has passed and off once the step is done, and cases(filter: {overdue}) agrees', async () => {
    travelTo(t, '2026-09-29T02:00:00Z');
    const { id, title } = await open();
    expect((await read(id)).acceptanceDueAt).toBe(endOfDay('2026-10-12'));

    travelTo(t, '2026-10-12T15:00:00Z'); // 23:00 on the due day
    expect((await read(id)).overdue).toBe(false);
    expect(await search(title, true)).toEqual([]);
    expect(await search(title, false)).toEqual([id]);

    travelTo(t, '2026-10-12T16:00:01Z'); // 00:00:01 the day after
    expect((await read(id)).overdue).toBe(true);
    expect(await search(title, true)).toEqual([id]);
    expect(await search(title, false)).toEqual([]);

    // Filing ends the acceptance step: the case runs on the handling clock and is on time again.
    await file(id);
    const filed = await read(id);
    expect(filed.overdue).toBe(false);
    expect(Date.parse(filed.handlingDueAt)).toBeGreaterThan(Date.parse('2026-12-31T00:00:00Z'));
    expect(await search(title, true)).toEqual([]);
    expect(await search(title, false)).toEqual([id]);

    travelTo(t, new Date(Date.parse(filed.handlingDueAt) + 2000).toISOString());
    expect((await read(id)).overdue).toBe(true);
    expect(await search(title, true)).toEqual([id]);

    // Closing stops every clock.
    await t.as('lead.fanji').ok(CASE_OPS.closeCase, { id, outcome: 'NO_VIOLATION', summary: '经查无违法行为' });
    expect((await read(id)).overdue).toBe(false);
    expect(await search(title, true)).toEqual([]);
  });

  it('a supervision order is due at the end of the date set, which must be in the future; overdue until reported', async () => {
    travelTo(t, '2026-09-29T02:00:00Z');
    const { id } = await open();
    await file(id);
    const sup = t.as('sup.xinye');
    for (const due of ['2026-09-29', '2026-09-28']) {
      const r = await sup.gql(CASE_OPS.issueSupervisionOrder, { id, instructions: '限期查处并报告', due });
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['dueDate'] });
    }
    const { r: order } = await sup.ok(CASE_OPS.issueSupervisionOrder, { id, instructions: '限期查处并报告', due: '2026-10-15' });
    expect(order).toMatchObject({ status: 'OPEN', dueAt: endOfDay('2026-10-15'), overdue: false });

    travelTo(t, '2026-10-15T15:00:00Z');
    expect((await read(id)).supervisionOrders).toEqual([{ id: order.id, status: 'OPEN', dueAt: endOfDay('2026-10-15'), overdue: false }]);
    travelTo(t, '2026-10-15T16:00:01Z');
    expect((await read(id)).supervisionOrders[0].overdue).toBe(true);

    const { r: reported } = await t.as('insp.fanji').ok(CASE_OPS.reportOnSupervisionOrder, { orderId: order.id, report: '已责令限期支付，正在跟进' });
    expect(reported).toMatchObject({ status: 'REPORTED', overdue: false });
    expect((await read(id)).supervisionOrders[0]).toMatchObject({ status: 'REPORTED', overdue: false });
  });

  it('an assistance request is due 10 working days after it is sent, overdue until answered', async () => {
    travelTo(t, '2026-09-29T02:00:00Z');
    const { id } = await open();
    await file(id);
    const { r: request } = await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id, unit: '411329101', request: '请协助核实用工人员名单' });
    // Sep 30, Oct 8, 9, 10 (make-up Saturday), 12-16, 19.
    expect(request.dueAt).toBe(endOfDay('2026-10-19'));
    expect((await read(id)).assistanceRequests).toEqual([
      { id: request.id, dueAt: endOfDay('2026-10-19'), dueProvisional: false, overdue: false, answeredAt: null },
    ]);

    travelTo(t, '2026-10-19T16:00:01Z');
    expect((await read(id)).assistanceRequests[0].overdue).toBe(true);
    await t.as('insp.wangzhuang').ok(CASE_OPS.answerAssistance, { requestId: request.id, answer: '已核实，名单属实' });
    expect((await read(id)).assistanceRequests[0]).toMatchObject({ overdue: false, answeredAt: expect.any(String) });
  });

  describe('a year without a loaded holiday schedule (2027)', () => {
    afterAll(async () => {
      // The database is shared with the other test files: unload 2027 and count every open
      // deadline again, as it was before this block.
      await t.ds.query(`DELETE FROM calendar_day WHERE day >= '2027-01-01' AND day < '2028-01-01'`);
      await t.ds.query(`DELETE FROM calendar_year WHERE year = 2027`);
      t.app.get(CalendarService).invalidate();
      await t.ds.transaction((m) => t.app.get(CasesService).recomputeOpenDeadlines(m));
      t.app.get(CalendarService).invalidate();
    });

    it('deadlines reaching into 2027 count plain weekdays and are provisional; an ADMIN at province level loads 2027 and open deadlines are counted again', async () => {
      travelTo(t, '2026-11-26T02:00:00Z');
      const years: number[] = (await t.as('insp.fanji').ok(YEARS)).holidayScheduleYears;
      expect(years).toEqual(expect.arrayContaining([2024, 2025, 2026]));
      expect(years).not.toContain(2027);

      // Inside 2026 only: official and final.
      travelTo(t, '2026-03-02T02:00:00Z');
      const settled = await open();
      await file(settled.id);
      // Filed Mon Nov 30: 60 weekdays end Mon Feb 22, 2027; extended, 90 end Mon Apr 5.
      travelTo(t, '2026-11-30T02:00:00Z');
      const filed = await open();
      await file(filed.id);
      const extended = await open();
      await file(extended.id);
      await t.as('lead.fanji').ok(CASE_OPS.extendDeadline, { id: extended.id, reason: '案情复杂' });
      // Opened Mon Dec 28: 5 weekdays end Mon Jan 4 (Jan 1 counted); 10 end Mon Jan 11.
      travelTo(t, '2026-12-28T02:00:00Z');
      const received = await open();
      const assisted = await open();
      await file(assisted.id);
      const { r: request } = await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id: assisted.id, unit: '411329101', request: '请协助送达文书' });

      expect(await read(settled.id)).toMatchObject({ handlingDueAt: endOfDay('2026-05-28'), deadlineProvisional: false });
      expect(await read(filed.id)).toMatchObject({ handlingDueAt: endOfDay('2027-02-22'), deadlineProvisional: true });
      expect(await read(extended.id)).toMatchObject({ handlingDueAt: endOfDay('2027-04-05'), deadlineProvisional: true });
      expect(await read(received.id)).toMatchObject({ acceptanceDueAt: endOfDay('2027-01-04'), deadlineProvisional: true });
      expect(request).toMatchObject({ dueAt: endOfDay('2027-01-11') });
      expect((await read(assisted.id)).assistanceRequests[0]).toMatchObject({ dueAt: endOfDay('2027-01-11'), dueProvisional: true });

      // Only an ADMIN at province level may load a schedule, and only days of that year.
      expect(await t.as('sup.henan').code(LOAD, { i: SCHEDULE_2027 })).toBe('FORBIDDEN');
      expect(await t.as('lead.fanji').code(LOAD, { i: SCHEDULE_2027 })).toBe('FORBIDDEN');
      const cityAdmin = unique('admin.nanyang.');
      await t.as('admin.henan').ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: cityAdmin, password: 'Strong#2026', displayName: '南阳市管理员', role: 'ADMIN', unitCode: '4113' } });
      expect(await t.as({ username: cityAdmin, password: 'Strong#2026' }).code(LOAD, { i: SCHEDULE_2027 })).toBe('FORBIDDEN');
      const admin = t.as('admin.henan');
      for (const [field, bad] of [
        ['holidays', { ...SCHEDULE_2027, holidays: [...SCHEDULE_2027.holidays, { day: '2028-01-01', name: '元旦' }] }],
        ['holidays', { ...SCHEDULE_2027, holidays: [...SCHEDULE_2027.holidays, { day: '2027-02-30', name: '春节' }] }],
        ['workdays', { ...SCHEDULE_2027, workdays: [...SCHEDULE_2027.workdays, { day: '2026-12-27', name: '调休' }] }],
        ['workdays', { ...SCHEDULE_2027, workdays: [...SCHEDULE_2027.workdays, { day: '2027-02-08', name: '春节调休' }] }],
      ] as const) {
        const r = await admin.gql(LOAD, { i: bad });
        expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [field] });
      }
      // The refused loads changed nothing.
      expect((await admin.ok(YEARS)).holidayScheduleYears).not.toContain(2027);
      expect(await read(filed.id)).toMatchObject({ handlingDueAt: endOfDay('2027-02-22'), deadlineProvisional: true });

      const { loadHolidaySchedule: loaded } = await admin.ok(LOAD, { i: SCHEDULE_2027 });
      expect(loaded).toMatchObject({ year: 2027, workdays: ['2027-02-14', '2027-04-25', '2027-09-26', '2027-10-09'] });
      expect(loaded.holidays).toHaveLength(SCHEDULE_2027.holidays.length);
      expect(loaded.deadlinesRecomputed).toBeGreaterThanOrEqual(4);
      expect((await t.as('insp.fanji').ok(YEARS)).holidayScheduleYears).toContain(2027);

      // Counted again on the official calendar: Jan 1 and Feb 8-12 off, Sunday Feb 14 worked.
      expect(await read(filed.id)).toMatchObject({ handlingDueAt: endOfDay('2027-03-01'), deadlineProvisional: false });
      // ... and for the extension, also Qingming Mon Apr 5 off.
      expect(await read(extended.id)).toMatchObject({ handlingDueAt: endOfDay('2027-04-13'), deadlineProvisional: false });
      expect(await read(received.id)).toMatchObject({ acceptanceDueAt: endOfDay('2027-01-05'), deadlineProvisional: false });
      expect((await read(assisted.id)).assistanceRequests[0]).toMatchObject({ dueAt: endOfDay('2027-01-12'), dueProvisional: false });
      // A deadline inside 2026 did not move.
      expect(await read(settled.id)).toMatchObject({ handlingDueAt: endOfDay('2026-05-28'), deadlineProvisional: false });

      // A case filed from now on is counted on the loaded schedule straight away.
      travelTo(t, '2026-11-30T02:00:00Z');
      const later = await open();
      await file(later.id);
      expect(await read(later.id)).toMatchObject({ handlingDueAt: endOfDay('2027-03-01'), deadlineProvisional: false });
    });
  });
});
