import { DataSource } from 'typeorm';
import { defineAbilityFor } from '../../src/modules/access/ability.factory';
import { CurrentUser } from '../../src/modules/access/current-user';
import { anchoredWithin, visibleCount, visibleRows, VisibilitySpec, withinSubtree } from '../../src/modules/access/visibility';
import { Role } from '../../src/modules/access/role.enum';
import { UnitLevel } from '../../src/modules/access/unit-level';

/** The SQL the helpers write, read off a query builder (no database needed). */
const ds = new DataSource({ type: 'postgres' });
const CASES: VisibilitySpec = {
  subject: 'Case',
  table: 'case_file',
  sortColumn: 'opened_at',
  visibilityTable: 'case_visibility',
  columns: {},
  anchorsSql: 'SELECT 1',
};
const supervisor = (path: string[]): CurrentUser => ({
  id: 'u-1',
  role: Role.SUPERVISOR,
  displayName: 'x',
  unitCode: path[path.length - 1],
  unitLevel: [UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY][path.length - 1],
  unitPath: path,
});
const statsQuery = (user: CurrentUser, unitPath: string) => {
  const qb = ds.createQueryBuilder().from('case_file', 'c').select('count(*)', 'n').where('c.county_code = :u', { u: unitPath.split('.').pop() });
  visibleRows(qb, defineAbilityFor(user), 'read', CASES, { path: unitPath });
  return qb.getQueryAndParameters();
};

describe('the visibility helpers', () => {
  it('statistics of a unit inside the caller’s subtree add no predicate (index-only); outside it the caller’s visibility rows are joined', () => {
    const [inside] = statsQuery(supervisor(['41', '4113']), '41.4113.411329');
    expect(inside).not.toMatch(/case_visibility/);
    const [own] = statsQuery(supervisor(['41', '4113', '411329']), '41.4113.411329');
    expect(own).not.toMatch(/case_visibility/);
    const [outside, params] = statsQuery(supervisor(['41', '4101']), '41.4113.411329');
    expect(outside).toMatch(/INNER JOIN "?case_visibility"? "?vis"? ON vis\.record_id = c\.id AND vis\.unit_code = \$\d/);
    expect(params).toContain('4101');
    // a unit above the caller's: only what the caller's own unit sees
    const [above] = statsQuery(supervisor(['41', '4113', '411329']), '41.4113');
    expect(above).toMatch(/case_visibility/);
  });

  it('a caller with no rule on the records sees none of them in statistics either', () => {
    const worker: CurrentUser = { id: 'w', role: Role.WORKER, displayName: 'w', unitCode: null, unitLevel: null, unitPath: [] };
    const [sql] = statsQuery(worker, '41.4113');
    expect(sql).toMatch(/1 = 0/);
  });

  it('withinSubtree keeps a path column under the unit’s path, or a code column as a prefix range with LIKE’s wildcards escaped', () => {
    expect(withinSubtree('c.handling_path', '411329')).toEqual([expect.stringMatching(/^c\.handling_path <@ \(SELECT path FROM unit WHERE code = :acl\d+\)$/), expect.objectContaining({})]);
    const [byPath, p1] = withinSubtree('u.path', { path: '41.4113' });
    expect(byPath).toMatch(/^u\.path <@ CAST\(:acl\d+ AS ltree\)$/);
    expect(Object.values(p1)).toEqual(['41.4113']);
    const [byCode, p2] = withinSubtree('so.issuing_unit_code', '4113', 'code');
    expect(byCode).toMatch(/^so\.issuing_unit_code LIKE :acl\d+$/);
    expect(Object.values(p2)).toEqual(['4113%']);
    expect(Object.values(withinSubtree('so.issuing_unit_code', '41%_', 'code')[1])).toEqual(['41\\%\\_%']);
  });

  it('anchoredWithin is the record type’s visibility rows at the unit', () => {
    const [sql, params] = anchoredWithin(CASES, 'c', '411329');
    expect(sql).toMatch(/^EXISTS \(SELECT 1 FROM case_visibility v WHERE v\.record_id = c\.id AND v\.unit_code = :acl\d+\)$/);
    expect(Object.values(params)).toEqual(['411329']);
  });

  it('visibleCount counts the driving unit’s rows only for a record type with a table of its own', () => {
    const db = { query: jest.fn().mockResolvedValue([{ n: '7' }]) };
    expect(visibleCount(db, CASES, {})).toBeUndefined();
    expect(visibleCount(db, { ...CASES, anchorsSql: undefined }, { drivingUnit: '41' })).toBeUndefined();
    return visibleCount(db, CASES, { drivingUnit: '41' })!().then((n) => {
      expect(n).toBe(7);
      expect(db.query).toHaveBeenCalledWith('SELECT count(*) AS n FROM case_visibility WHERE unit_code = $1', ['41']);
    });
  });
});
