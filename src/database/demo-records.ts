import { Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { makeCreditCode } from '../common/credit-code';
import { defineAbilityFor } from '../modules/access/ability.factory';
import { SessionService } from '../modules/auth/session.service';
import { CaseOutcome, CaseSource } from '../modules/cases/case.enums';
import { Caller, CasesService } from '../modules/cases/cases.service';
import { EmployerRegistryService } from '../modules/employers/employer-registry.service';
import { WageClaimsService } from '../modules/wage-claims/wage-claims.service';
import { shanghaiDate } from '../common/time';

/** Demo employers, with valid unified social credit codes. */
export const DEMO_EMPLOYERS = {
  hongda: { name: '南阳宏达建筑工程有限公司', creditCode: makeCreditCode('91411329MA0D00001'), unit: '411329305', grid: '411329305212' },
  fangzhi: { name: '新野县王庄纺织有限公司', creditCode: makeCreditCode('91411329MA0D00002'), unit: '411329101', grid: null },
  shangmao: { name: '郑州中原商贸有限公司', creditCode: makeCreditCode('91410102MA0D00003'), unit: '410102', grid: null },
};

/**
 * A few employers, open and closed cases in 樊集乡 and 王庄镇, and claims from the two demo
 * workers, made through the real services (so numbers, clocks, links, visibility and timelines
 * are what the product makes). Skipped when the first demo employer exists: loading twice
 * changes nothing.
 */
export async function seedDemoRecords(ds: DataSource, refs: ModuleRef): Promise<void> {
  const [done] = await ds.query(`SELECT 1 FROM employer WHERE credit_code = $1 AND registered_unit_code IS NOT NULL`, [DEMO_EMPLOYERS.hongda.creditCode]);
  if (done) return;
  const sessions = refs.get(SessionService, { strict: false });
  const cases = refs.get(CasesService, { strict: false });
  const registry = refs.get(EmployerRegistryService, { strict: false });
  const claims = refs.get(WageClaimsService, { strict: false });
  const as = async (username: string): Promise<Caller> => {
    const [row]: { id: string }[] = await ds.query(`SELECT id FROM app_user WHERE login_key = $1`, [sessions.loginKey(username)]);
    const user = (await sessions.currentUser(row.id))!;
    return { user, ability: defineAbilityFor(user) };
  };
  const supXinye = await as('sup.xinye');
  const supZhengzhou = await as('sup.zhengzhou');
  const leadFanji = await as('lead.fanji');
  const leadXinye = await as('lead.xinye');
  const inspWangzhuang = await as('insp.wangzhuang');
  const ids = async (...names: string[]) =>
    (await ds.query(`SELECT id FROM app_user WHERE username = ANY($1) ORDER BY username`, [names])).map((r: { id: string }) => r.id);

  for (const e of Object.values(DEMO_EMPLOYERS)) {
    const by = e.unit.startsWith('4101') ? supZhengzhou : supXinye;
    await registry.register(by, { name: e.name, creditCode: e.creditCode, registeredUnitCode: e.unit, gridCode: e.grid });
  }
  const employer = (e: (typeof DEMO_EMPLOYERS)[keyof typeof DEMO_EMPLOYERS]) => ({ name: e.name, creditCode: e.creditCode, registeredUnitCode: e.unit });

  const received = await cases.open(leadFanji, {
    title: '宏达建筑杨庄工地拖欠农民工工资',
    source: CaseSource.COMPLAINT,
    handlingUnitCode: '411329305',
    workplaceUnitCode: '411329305212',
    employer: employer(DEMO_EMPLOYERS.hongda),
    workersAffected: 12,
    amountOwed: '86000.00',
    description: '12名农民工反映2026年8月至10月工资未发放。',
  });
  const filed = await cases.open(leadFanji, {
    title: '宏达建筑樊集安置房项目欠薪',
    source: CaseSource.INSPECTION,
    handlingUnitCode: '411329305',
    workplaceUnitCode: '411329305',
    employer: employer(DEMO_EMPLOYERS.hongda),
    workersAffected: 5,
    amountOwed: '32000.00',
    description: '网格巡查发现工资专用账户未按月拨付。',
  });
  await cases.file(leadFanji, filed.id, await ids('insp.fanji', 'insp.fanji2'));
  const closed = await cases.open(leadFanji, {
    title: '中原商贸樊集门店拖欠工资',
    source: CaseSource.REPORT,
    handlingUnitCode: '411329305',
    workplaceUnitCode: '411329305',
    employer: employer(DEMO_EMPLOYERS.shangmao),
    workersAffected: 3,
    amountOwed: '15000.00',
    description: '3名店员两个月工资未发。',
  });
  await cases.file(leadFanji, closed.id, await ids('insp.fanji', 'insp.fanji2'));
  await cases.recordPayment(leadFanji, closed.id, '15000.00', 3, '用人单位已全额支付');
  await cases.close(leadFanji, closed.id, CaseOutcome.PAID_IN_FULL, '已全额支付，回访满意。');
  const wangzhuang = await cases.open(inspWangzhuang, {
    title: '王庄纺织拖欠女工工资',
    source: CaseSource.COMPLAINT,
    handlingUnitCode: '411329101',
    workplaceUnitCode: '411329101',
    employer: employer(DEMO_EMPLOYERS.fangzhi),
    workersAffected: 8,
    amountOwed: '41600.00',
    description: '8名女工反映9月、10月工资未发。',
  });
  await cases.file(leadXinye, wangzhuang.id, await ids('insp.wangzhuang', 'insp.xinye'));

  const today = shanghaiDate(new Date());
  const from = `${Number(today.slice(0, 4)) - (today.slice(5, 7) <= '03' ? 1 : 0)}-${today.slice(5, 7) <= '03' ? '09' : '01'}-01`;
  const worker = async (phone: string) => ((await ds.query(`SELECT id FROM app_user WHERE login_key = $1`, [sessions.loginKey(phone)])) as { id: string }[])[0].id;
  await claims.submit(await worker('13800000001'), {
    employerName: DEMO_EMPLOYERS.hongda.name,
    employerCreditCode: DEMO_EMPLOYERS.hongda.creditCode,
    projectName: '杨庄村道路硬化工程',
    workplaceUnitCode: '411329305212',
    amountOwed: '9600.00',
    periodFrom: from,
    periodTo: today,
    workersAffected: 1,
    description: '在杨庄工地干了三个月，工资一直没结。',
    idempotencyKey: 'demo-1',
  });
  const second = await claims.submit(await worker('13800000002'), {
    employerName: DEMO_EMPLOYERS.hongda.name,
    employerCreditCode: DEMO_EMPLOYERS.hongda.creditCode,
    projectName: null,
    workplaceUnitCode: '411329305212',
    amountOwed: '7200.00',
    periodFrom: from,
    periodTo: today,
    workersAffected: 1,
    description: '做饭的工钱三个月没给，老板说等工程款。',
    idempotencyKey: 'demo-2',
  });
  await claims.accept(leadFanji, second.id);
  new Logger('Demo').log(`demo records ready: cases ${received.number}, ${filed.number}, ${closed.number}, ${wangzhuang.number}`);
}
