import { GraphQLError, parseValue as parseAst } from 'graphql';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../src/common/scalars';
import { shanghaiDate, shanghaiEndOfDay, shanghaiStartOfDay } from '../../src/common/time';

/** Runs fn and returns the GraphQLError it throws. */
function errorOf(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    return e as GraphQLError;
  }
  throw new Error('expected a GraphQLError');
}

function expectBadInput(fn: () => unknown, message?: RegExp): void {
  const err = errorOf(fn);
  expect(err.extensions.code).toBe('BAD_USER_INPUT');
  if (message) expect(err.message).toMatch(message);
}

describe('Money scalar', () => {
  it('has the documented name and description', () => {
    expect(MoneyScalar.name).toBe('Money');
    expect(MoneyScalar.description).toContain('never a float');
  });

  it('serializes bigint fen and decimal strings canonically', () => {
    expect(MoneyScalar.serialize(1280050n)).toBe('12800.50');
    expect(MoneyScalar.serialize('12800.5')).toBe('12800.50');
    expect(MoneyScalar.serialize('0')).toBe('0.00');
  });

  it('refuses to serialize floats', () => {
    expect(() => MoneyScalar.serialize(12800.5)).toThrow(GraphQLError);
  });

  it('parses string variables to the canonical string', () => {
    expect(MoneyScalar.parseValue('12800.5')).toBe('12800.50');
    expect(MoneyScalar.parseValue('12800')).toBe('12800.00');
  });

  it('parses string literals to the canonical string', () => {
    expect(MoneyScalar.parseLiteral(parseAst('"12800.5"'))).toBe('12800.50');
  });

  it('rejects numeric variables and literals: money must be a decimal string', () => {
    expectBadInput(() => MoneyScalar.parseValue(12800), /decimal string/);
    expectBadInput(() => MoneyScalar.parseValue(12800.5), /decimal string/);
    expectBadInput(() => MoneyScalar.parseLiteral(parseAst('12800')), /decimal string/);
    expectBadInput(() => MoneyScalar.parseLiteral(parseAst('12800.5')), /decimal string/);
  });

  it('rejects negative, over-precise and malformed strings', () => {
    expectBadInput(() => MoneyScalar.parseValue('-1.00'), /negative/);
    expectBadInput(() => MoneyScalar.parseLiteral(parseAst('"-1"')), /negative/);
    expectBadInput(() => MoneyScalar.parseValue('1.005'));
    expectBadInput(() => MoneyScalar.parseValue('1e3'));
    expectBadInput(() => MoneyScalar.parseValue(''));
  });
});

describe('Date scalar', () => {
  it('parses real calendar days only', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(DateScalar.parseLiteral(parseAst('"2026-11-26"'))).toBe('2026-11-26');
    expectBadInput(() => DateScalar.parseValue('2023-02-29'));
    expectBadInput(() => DateScalar.parseValue('2026-02-30'));
    expectBadInput(() => DateScalar.parseValue('2026-13-01'));
    expectBadInput(() => DateScalar.parseValue('2026-1-5'));
    expectBadInput(() => DateScalar.parseValue('2026-11-26T00:00:00Z'));
    expectBadInput(() => DateScalar.parseValue(20261126));
    expectBadInput(() => DateScalar.parseLiteral(parseAst('20261126')));
  });

  it('serializes a JS Date as its Asia/Shanghai calendar day', () => {
    // 16:30Z is 00:30 the next day in Shanghai
    expect(DateScalar.serialize(new Date('2026-11-26T16:30:00Z'))).toBe('2026-11-27');
    expect(DateScalar.serialize(new Date('2026-11-26T15:59:59.999Z'))).toBe('2026-11-26');
    expect(DateScalar.serialize('2026-11-26')).toBe('2026-11-26');
    expect(() => DateScalar.serialize(new Date('invalid'))).toThrow(GraphQLError);
  });
});

describe('DateTime scalar', () => {
  it('parses ISO strings with Z or an explicit offset into the right instant', () => {
    const d = DateTimeScalar.parseValue('2026-11-27T06:30:00+08:00');
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe('2026-11-26T22:30:00.000Z');
    expect(DateTimeScalar.parseValue('2026-11-26T22:30:00.123Z').toISOString()).toBe('2026-11-26T22:30:00.123Z');
    expect(DateTimeScalar.parseValue('2026-11-26T17:30:00-05:00').toISOString()).toBe('2026-11-26T22:30:00.000Z');
    expect(DateTimeScalar.parseLiteral(parseAst('"2026-11-26T22:30:00Z"')).toISOString()).toBe('2026-11-26T22:30:00.000Z');
  });

  it('rejects strings without an offset, impossible times and non-strings', () => {
    expectBadInput(() => DateTimeScalar.parseValue('2026-11-26T22:30:00'));
    expectBadInput(() => DateTimeScalar.parseValue('2026-11-26'));
    expectBadInput(() => DateTimeScalar.parseValue('2026-02-30T00:00:00Z'));
    expectBadInput(() => DateTimeScalar.parseValue('2026-11-26T24:00:00Z'));
    expectBadInput(() => DateTimeScalar.parseValue('Thu Nov 26 2026'));
    expectBadInput(() => DateTimeScalar.parseValue(1764196200000));
    expectBadInput(() => DateTimeScalar.parseLiteral(parseAst('1764196200000')));
  });

  it('serializes Date and offset strings as ISO-8601 UTC', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-26T22:30:00Z'))).toBe('2026-11-26T22:30:00.000Z');
    expect(DateTimeScalar.serialize('2026-11-27T06:30:00+08:00')).toBe('2026-11-26T22:30:00.000Z');
    expect(() => DateTimeScalar.serialize(new Date('invalid'))).toThrow(GraphQLError);
  });
});

describe('Asia/Shanghai day helpers', () => {
  it('shanghaiDate uses a fixed +08:00 offset', () => {
    expect(shanghaiDate(new Date('2026-11-26T15:59:59.999Z'))).toBe('2026-11-26');
    expect(shanghaiDate(new Date('2026-11-26T16:00:00.000Z'))).toBe('2026-11-27');
    expect(shanghaiDate(new Date('2026-07-01T00:00:00Z'))).toBe('2026-07-01');
  });

  it('start and end of day are 00:00:00.000 and 23:59:59.999 at +08:00', () => {
    expect(shanghaiStartOfDay('2026-11-27').toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(shanghaiEndOfDay('2026-11-27').toISOString()).toBe('2026-11-27T15:59:59.999Z');
    expect(shanghaiDate(shanghaiStartOfDay('2026-11-27'))).toBe('2026-11-27');
    expect(shanghaiDate(shanghaiEndOfDay('2026-11-27'))).toBe('2026-11-27');
  });

  it('refuses impossible day strings', () => {
    expect(() => shanghaiStartOfDay('2026-02-30')).toThrow(RangeError);
    expect(() => shanghaiEndOfDay('26-11-27')).toThrow(RangeError);
  });
});
