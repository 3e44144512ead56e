import { MoneyFormatError, formatMoney, moneyFromDb, parseMoney, yuanFromDb } from '../../src/common/money';

describe('money', () => {
  it('parses integers and up to two decimals into exact fen', () => {
    expect(parseMoney('12800')).toBe(1280000n);
    expect(parseMoney('12800.5')).toBe(1280050n);
    expect(parseMoney('12800.50')).toBe(1280050n);
    expect(parseMoney('0.01')).toBe(1n);
    expect(parseMoney('0')).toBe(0n);
  });

  it('is exact where floats are not (0.1 + 0.2, 12-digit amounts)', () => {
    expect(parseMoney('0.10') + parseMoney('0.20')).toBe(parseMoney('0.30'));
    expect(parseMoney('999999999999.99')).toBe(99999999999999n);
    expect(formatMoney(parseMoney('999999999999.99'))).toBe('999999999999.99');
  });

  it.each([
    ['', 'empty'],
    ['-1', 'negative'],
    ['-0.01', 'negative'],
    ['+1', 'leading plus'],
    ['1.234', 'three decimals'],
    ['1e3', 'exponent'],
    ['1E3', 'exponent'],
    [' 1', 'leading space'],
    ['1 ', 'trailing space'],
    ['1,000', 'thousands separator'],
    ['1.', 'trailing dot'],
    ['.5', 'bare fraction'],
    ['NaN', 'not a number'],
    ['0x10', 'hex'],
    ['１２', 'full-width digits'],
    ['1234567890123', '13 integer digits'],
  ])('rejects %p (%s) with MoneyFormatError', (input) => {
    expect(() => parseMoney(input)).toThrow(MoneyFormatError);
  });

  it('explains negatives and over-long amounts clearly', () => {
    expect(() => parseMoney('-5')).toThrow(/negative/);
    expect(() => parseMoney('1234567890123')).toThrow(/12 integer digits/);
  });

  it('formats fen with exactly two decimals', () => {
    expect(formatMoney(1280050n)).toBe('12800.50');
    expect(formatMoney(1280000n)).toBe('12800.00');
    expect(formatMoney(5n)).toBe('0.05');
    expect(formatMoney(0n)).toBe('0.00');
    expect(formatMoney(-5n)).toBe('-0.05');
    expect(formatMoney(-1280050n)).toBe('-12800.50');
  });

  it('reads pg numeric strings', () => {
    expect(moneyFromDb('12800.50')).toBe(1280050n);
    expect(moneyFromDb('12800.5')).toBe(1280050n);
    expect(moneyFromDb('0')).toBe(0n);
    expect(moneyFromDb('0.00')).toBe(0n);
    expect(moneyFromDb('-3.00')).toBe(-300n);
  });

  it('refuses db values it cannot represent exactly', () => {
    expect(() => moneyFromDb('1.005')).toThrow(MoneyFormatError);
    expect(() => moneyFromDb('')).toThrow(MoneyFormatError);
    expect(() => moneyFromDb('NaN')).toThrow(MoneyFormatError);
  });

  it('gives pg numeric strings as canonical yuan, whatever form they come in', () => {
    for (const v of ['12800.50', '12800.5', '0', '0.00', '-3.00', '-0.00', '007.10', '1.5', '999999999999.99', '3']) {
      expect(yuanFromDb(v)).toBe(formatMoney(moneyFromDb(v)));
    }
    expect(yuanFromDb('12800.5')).toBe('12800.50');
    expect(() => yuanFromDb('1.005')).toThrow(MoneyFormatError);
    expect(() => yuanFromDb('NaN')).toThrow(MoneyFormatError);
  });
});
