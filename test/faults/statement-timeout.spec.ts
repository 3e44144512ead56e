import { UnitsService } from '../../src/modules/units/units.service';
import { TestApp } from '../support/test-app';

// Runs in the PostgreSQL pass only (jest.config.js leaves test/faults/ out of the embedded run):
describe('the statement timeout on every pooled connection fires', () => {
  // PGlite has no timer signal to interrupt a statement (docs/SECURITY.md): the firing is checked
  // in the PostgreSQL pass of the suite.
  it('on PostgreSQL a statement past it fails as TIMEOUT, cleanly, and the pool goes on', async () => {
    const t = await TestApp.start({ DB_STATEMENT_TIMEOUT_MS: '300' });
    try {
      expect(await t.ds.query(`SHOW statement_timeout`)).toEqual([{ statement_timeout: '300ms' }]);
      jest.spyOn(UnitsService.prototype, 'findByCode').mockImplementationOnce(() => t.ds.query(`SELECT pg_sleep(3)`));
      const r = await t.anonymous.gql(`{ unit(code: "41") { name } }`);
      expect(r.errors![0].extensions).toEqual({ code: 'TIMEOUT' });
      expect(JSON.stringify(r)).not.toMatch(/pg_sleep|cancel/i);
      expect(await t.anonymous.ok(`{ unit(code: "41") { name } }`)).toEqual({ unit: { name: '河南省' } });
    } finally {
      jest.restoreAllMocks();
      await t.close();
    }
  });
});
