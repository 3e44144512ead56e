import { AppError, ErrorCode } from '../../src/common/errors';
import { updateVersioned } from '../../src/common/db/sql';
import { CaseEntity } from '../../src/modules/cases/case.entity';
import { CasesService } from '../../src/modules/cases/cases.service';
import { WageClaimEntity } from '../../src/modules/wage-claims/wage-claim.entity';
import { registerWorker, submitClaim } from '../support/claims';
import { openCase } from '../support/cases';
import { TestApp, unique } from '../support/test-app';

/**
 * The lost-update guard by itself, deterministically on both engines: a write that carries a
 * version someone else has already moved past is refused with CONFLICT, and the first write stays.
 * (The race tests catch it only by timing, and on the embedded engine transactions never overlap.)
 */
describe('the lost-update guard (UPDATE … WHERE version = read version)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('a case command applied with a stale version is CONFLICT, and the first write is kept', async () => {
    const { id } = await openCase(t, { title: unique('版本-') });
    const repo = t.ds.getRepository(CaseEntity);
    const first = await repo.findOneByOrFail({ id });
    const stale = await repo.findOneByOrFail({ id });
    const cases = t.app.get(CasesService);
    await t.ds.transaction((m) => cases.applyChange(m, first, { title: 'first write' }));
    const refused = t.ds.transaction((m) => cases.applyChange(m, stale, { title: 'second write, stale' }));
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
    const now = await repo.findOneByOrFail({ id });
    expect([now.title, now.version]).toEqual(['first write', first.version + 1]);
  });

  it('a claim written with a stale version changes nothing', async () => {
    const worker = await registerWorker(t);
    const { id } = await submitClaim(t, worker);
    const repo = t.ds.getRepository(WageClaimEntity);
    const first = await repo.findOneByOrFail({ id });
    const stale = await repo.findOneByOrFail({ id });
    expect(await t.ds.transaction((m) => updateVersioned(m, WageClaimEntity, first, { projectName: 'first write' }))).toBe(true);
    expect(await t.ds.transaction((m) => updateVersioned(m, WageClaimEntity, stale, { projectName: 'stale write' }))).toBe(false);
    const now = await repo.findOneByOrFail({ id });
    expect([now.projectName, now.version]).toEqual(['first write', first.version + 1]);
  });
});
