import { ErrorCode } from '../../src/common/errors';
import { defineAbilityFor } from '../../src/modules/access/ability.factory';
import { SessionService } from '../../src/modules/auth/session.service';
import { CaseEntity } from '../../src/modules/cases/case.entity';
import { Caller, CasesService, ClaimIntake } from '../../src/modules/cases/cases.service';
import { ACCEPT, CASE, caseInput, newCreditCode, OPEN_CASE, registerWorker, submitClaim, Worker } from '../support/claims';
import { FANJI, registerEmployer, WANGZHUANG, YANGZHUANG } from '../support/grid';
import { TestApp, unique } from '../support/test-app';

/**
 * Claims become cases through the cases module's own commands (issue 9): `openFromClaims` opens
 * the case as `openCase` does (the same links, visibility and events), and `attachClaims` changes
 * a case only when the caller's rules allow it, like every case command.
 */
describe('claims into cases, through the cases module', () => {
  let t: TestApp;
  let A: Worker;

  beforeAll(async () => {
    t = await TestApp.start();
    A = await registerWorker(t, '411329', '郑并案');
  });
  afterAll(() => t.close());

  const caseOf = async (id: string, who = 'sup.henan') => (await t.as(who).ok(CASE, { id })).case;
  const caller = async (username: string): Promise<Caller> => {
    const sessions = t.app.get(SessionService);
    const [row] = await t.ds.query(`SELECT id FROM app_user WHERE login_key = $1`, [sessions.loginKey(username)]);
    const user = (await sessions.currentUser(row.id))!;
    return { user, ability: defineAbilityFor(user) };
  };

  it("a claim that opens a case links the employer's registered seat elsewhere (EMPLOYER_REGISTERED), as openCase does; that unit then sees the case", async () => {
    const e = await registerEmployer(t, { name: unique('王庄注册建筑公司'), registeredUnitCode: WANGZHUANG, gridCode: null });
    const claim = await submitClaim(t, A, { employerName: e.name, employerCreditCode: e.creditCode, workplaceUnitCode: YANGZHUANG });
    const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: claim.id });
    const k = await caseOf(a.case.id);
    expect(k).toMatchObject({ source: 'WAGE_CLAIM', handlingUnit: { code: FANJI }, employer: { creditCode: e.creditCode } });
    expect(k.links).toEqual([{ unit: { code: WANGZHUANG }, reason: 'EMPLOYER_REGISTERED' }]);
    expect(k.events.map((x: { type: string; note: string }) => `${x.type} ${x.note}`)).toEqual([
      `OPENED 由欠薪线索 ${claim.number} 受理`,
      `LINKED ${WANGZHUANG} EMPLOYER_REGISTERED`,
    ]);
    expect((await caseOf(a.case.id, 'insp.wangzhuang')).id).toBe(a.case.id);
  });

  it('attachClaims refuses a caller the rules do not let attach: NOT_FOUND when it does not see the case, FORBIDDEN when it sees it; the case stays as it was', async () => {
    const { r: k } = await t.as('insp.fanji').ok(OPEN_CASE, { i: caseInput({ name: unique('并案规则公司'), creditCode: newCreditCode() }) });
    const cases = t.app.get(CasesService);
    const intake: ClaimIntake = {
      claimNumber: 'WC-TEST-00000001',
      employer: { name: '并案规则公司', creditCode: null },
      description: '拖欠工资两个月',
      handlingUnitCode: FANJI,
      workplaceUnitCode: YANGZHUANG,
      workersAffected: 2,
      amountOwed: 100_00n,
      workerOriginUnitCode: null,
    };
    // The caller is read first: the embedded engine has one connection, which the transaction holds.
    const attach = async (who: string) => {
      const as = await caller(who);
      return t.ds.transaction((m) => cases.attachClaims(m, as, k.id, intake, new Date()));
    };
    const before = await t.ds.getRepository(CaseEntity).findOneByOrFail({ id: k.id });
    // a sibling township and a grid below sees nothing of it; the county supervisor sees it but does not work cases
    for (const [who, code] of [
      ['insp.wangzhuang', ErrorCode.NOT_FOUND],
      ['grid.yangzhuang', ErrorCode.NOT_FOUND],
      ['sup.xinye', ErrorCode.FORBIDDEN],
      ['sup.nanyang', ErrorCode.FORBIDDEN],
    ] as const) {
      await expect(attach(who)).rejects.toMatchObject({ code });
    }
    const untouched = await t.ds.getRepository(CaseEntity).findOneByOrFail({ id: k.id });
    expect([untouched.version, untouched.workersAffected, untouched.amountOwed]).toEqual([before.version, before.workersAffected, before.amountOwed]);
    expect((await caseOf(k.id)).events.map((x: { type: string }) => x.type)).toEqual(['OPENED']);

    // the township's inspector, and the county's, may
    await attach('insp.fanji');
    await attach('insp.xinye');
    const after = await caseOf(k.id);
    expect([before.workersAffected, before.amountOwed]).toEqual([3, '12800.00']);
    expect(after).toMatchObject({ workersAffected: 7, amountOwed: '13000.00' });
    expect(after.events.map((x: { type: string }) => x.type)).toEqual(['OPENED', 'CLAIM_ATTACHED', 'CLAIM_ATTACHED']);
  });
});
