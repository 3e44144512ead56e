import { loadConfig } from '../../src/config/app-config';
import { databaseSetup } from '../../src/database/data-source-options';
import { parseTimestamptz, pgTypes, PgTypeRegistry } from '../../src/database/timestamptz';
import { TEST_ENV } from '../support/env';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { types } = require('pg') as { types: PgTypeRegistry };
/** node-postgres' own timestamptz parser, which parseTimestamptz replaces on the server's pools. */
const standard = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;
const same = (text: string) => [text, Number(parseTimestamptz(text))];
const expected = (text: string) => [text, Number(standard(text))];

describe('parseTimestamptz: the Date node-postgres would give, read by position', () => {
  it('every offset form PostgreSQL writes (±HH, ±HH:MM, ±HH:MM:SS) and every fraction length', () => {
    const texts: string[] = [];
    for (const offset of ['+00', '+08', '-03', '+05:30', '-09:30', '+05:45', '-00:25:21', '+14', '-12'])
      for (const fraction of ['', '.1', '.12', '.123', '.1234', '.12345', '.123456', '.999999', '.000001'])
        texts.push(`2026-05-01 08:09:10${fraction}${offset}`);
    for (const text of texts) expect(same(text)).toEqual(expected(text));
  });

  it('every microsecond of a second in steps of 7, and days across months, leap years and the year 2038', () => {
    for (let us = 0; us < 1_000_000; us += 7) {
      const text = `2024-02-29 23:59:59.${String(us).padStart(6, '0')}+08`;
      if (Number(parseTimestamptz(text)) !== Number(standard(text))) expect(same(text)).toEqual(expected(text));
    }
    for (let day = 0; day < 20_000; day += 13) {
      const d = new Date(Date.UTC(1990, 0, 1) + day * 86_400_000 + day * 1_234_567);
      const text = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)}+00`;
      expect(parseTimestamptz(text).toISOString()).toBe(d.toISOString());
    }
  });

  it('what it does not read by position goes to node-postgres: years before 1000 or after 9999, BC, infinity', () => {
    for (const text of ['0099-01-01 00:00:00+00', '0999-12-31 23:59:59+01', '12026-05-01 08:00:00+00', '2026-05-01 08:00:00+00 BC', '0001-01-01 00:00:00+00 BC'])
      expect(same(text)).toEqual(expected(text));
    expect(parseTimestamptz('infinity')).toBe(Infinity);
    expect(parseTimestamptz('-infinity')).toBe(-Infinity);
  });

  it('the pools get it for timestamptz only, and node-postgres own parsers for every other type', () => {
    const options = databaseSetup(loadConfig({ ...TEST_ENV, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' })).options as { extra: { types: unknown } };
    expect(options.extra.types).toBe(pgTypes);
    expect(pgTypes.getTypeParser(types.builtins.TIMESTAMPTZ, 'text')).toBe(parseTimestamptz);
    for (const oid of [types.builtins.INT8, types.builtins.NUMERIC, types.builtins.TIMESTAMP, types.builtins.DATE, types.builtins.JSONB])
      expect(pgTypes.getTypeParser(oid, 'text')).toBe(types.getTypeParser(oid, 'text'));
  });
});
