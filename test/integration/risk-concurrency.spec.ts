import { claimInput, newCreditCode, registerWorker, SUBMIT, Worker } from '../support/claims';
import { TestApp, unique } from '../support/test-app';

/**
 * Claims that make an employer a risk create it (issue 9): through `EmployersService.findOrCreate`
 * and its lock, so claims arriving at the same moment against one employer nobody has recorded yet
 * create it once. With the default thresholds (3 claims in 90 days: YELLOW) two claims come first,
 * then six at once, each of which sees the threshold reached and goes to create the employer.
 */
describe('early warning under concurrency', () => {
  let t: TestApp;
  let workers: Worker[];

  beforeAll(async () => {
    t = await TestApp.start();
    workers = [await registerWorker(t, '411329', '周同时'), await registerWorker(t, '411329', '吴同时')];
    for (const w of workers) await t.as(w).token();
  });
  afterAll(() => t.close());

  const employersNamed = async (nameKey: string): Promise<{ id: string; risk_level: string }[]> =>
    t.ds.query(`SELECT id, risk_level FROM employer WHERE name_key = $1`, [nameKey]);

  it.each([
    ['named only (no credit code)', false],
    ['with a credit code', true],
  ])('six simultaneous claims against a new employer %s create it once, with one warning', async (_what, withCode) => {
    const name = `同时欠薪劳务公司${unique()}`;
    const patch = withCode ? { employerName: name, employerCreditCode: newCreditCode() } : { employerName: name };
    for (const w of workers) await t.as(w).ok(SUBMIT, { i: claimInput(t, patch) });
    const [{ key }] = await t.ds.query(`SELECT employer_name_key AS key FROM wage_claim WHERE employer_name = $1 LIMIT 1`, [name]);
    expect(await employersNamed(key)).toEqual([]);

    const batch = Array.from({ length: 6 }, (_, i) => t.as(workers[i % 2]).ok(SUBMIT, { i: claimInput(t, patch) }));
    const answers = await Promise.all(batch);
    expect(answers.every((a) => a.submitWageClaim.status === 'SUBMITTED')).toBe(true);

    const employers = await employersNamed(key);
    expect(employers).toHaveLength(1);
    expect(employers[0].risk_level).toBe('YELLOW');
    const warnings = await t.ds.query(`SELECT level FROM warning WHERE employer_id = $1 AND resolved_at IS NULL`, [employers[0].id]);
    expect(warnings).toEqual([{ level: 'YELLOW' }]);
  });
});
