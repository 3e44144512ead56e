import { makeCreditCode } from '../../src/common/credit-code';
import { creditCodeProblem } from '../../web/src/shared/credit-code';
import { formatDate, formatDateTime, formatMoney } from '../../web/src/shared/format';

/** The browser's checks: the same GB 32100 code as the server, and money shown from its string. */
describe('console: credit code check in the browser', () => {
  const good = makeCreditCode('91411329MA44ABCDE');

  it('accepts a valid code, in any case and with spaces', () => {
    expect(creditCodeProblem(good)).toBeNull();
    expect(creditCodeProblem(` ${good.toLowerCase()} `)).toBeNull();
    expect(creditCodeProblem('')).toBeNull();
  });

  it('names what is wrong: length, forbidden letters, region digits, check character', () => {
    expect(creditCodeProblem(good.slice(0, 17))).toBe('统一社会信用代码应为18位（当前17位）');
    expect(creditCodeProblem(good.slice(0, 10) + 'O' + good.slice(11))).toContain('不含字母');
    expect(creditCodeProblem('91A11329MA44ABCDE' + good[17])).toContain('行政区划代码');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(creditCodeProblem(wrongCheck)).toBe('统一社会信用代码校验位不正确，请核对');
  });
});

describe('console: money formatting', () => {
  it('groups yuan and keeps two decimals without floats', () => {
    expect(formatMoney('12800.5')).toBe('¥12,800.50');
    expect(formatMoney('1234567890123.99')).toBe('¥1,234,567,890,123.99');
    expect(formatMoney('0')).toBe('¥0.00');
    expect(formatMoney(null)).toBe('—');
  });
});

describe('console: dates in Asia/Shanghai', () => {
  it('shows the Shanghai day and time of an instant, whatever the machine zone', () => {
    expect(formatDateTime('2026-12-01T16:30:00.000Z')).toBe('2026-12-02 00:30');
    expect(formatDate('2026-12-01T15:59:59.000Z')).toBe('2026-12-01');
    expect(formatDate('2026-12-01T16:00:00.000Z')).toBe('2026-12-02');
    expect(formatDate('2026-12-01')).toBe('2026-12-01');
  });
});
