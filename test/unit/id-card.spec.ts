import { idCardRegionCode, isValidIdCard, makeIdCard, normalizeIdCard } from '../../src/common/id-card';
import { isMainlandMobile } from '../../src/common/phone';

/** Replaces the check char with a different one. */
function withWrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

const NOW = new Date('2026-06-01T00:00:00Z');

describe('resident ID card (GB 11643-1999)', () => {
  const xinye = '411329198503121238'; // demo worker 王建国, Xinye county
  const zhengzhou = '410102199001010012';
  const withX = '11010519491231002X';

  it('makeIdCard appends the ISO 7064 MOD 11-2 check char', () => {
    expect(makeIdCard('41132919850312123')).toBe(xinye);
    expect(makeIdCard('41010219900101001')).toBe(zhengzhou);
    expect(makeIdCard('11010519491231002')).toBe(withX);
  });

  it('accepts valid numbers', () => {
    expect(isValidIdCard(xinye, NOW)).toBe(true);
    expect(isValidIdCard(zhengzhou, NOW)).toBe(true);
  });

  it('accepts an X check char, lowercase too, and normalizes it', () => {
    expect(isValidIdCard(withX, NOW)).toBe(true);
    expect(isValidIdCard(withX.toLowerCase(), NOW)).toBe(true);
    expect(normalizeIdCard(' 11010519491231002x ')).toBe(withX);
  });

  it('rejects a valid number whose check char was changed', () => {
    expect(isValidIdCard(withWrongCheck(xinye), NOW)).toBe(false);
    expect(isValidIdCard(withX.slice(0, 17) + '0', NOW)).toBe(false);
  });

  it('rejects a changed body digit', () => {
    expect(isValidIdCard('411329198503121248', NOW)).toBe(false);
  });

  it('rejects wrong length and non-digit characters', () => {
    expect(isValidIdCard(xinye.slice(0, 17), NOW)).toBe(false);
    expect(isValidIdCard(xinye + '0', NOW)).toBe(false);
    expect(isValidIdCard('41132919850312123A', NOW)).toBe(false);
    expect(isValidIdCard('4113291985031212X8', NOW)).toBe(false);
    expect(isValidIdCard('', NOW)).toBe(false);
  });

  it('rejects an impossible birth date even with a correct check char (Feb 30, month 13)', () => {
    expect(isValidIdCard(makeIdCard('41132919900230123'), NOW)).toBe(false);
    expect(isValidIdCard(makeIdCard('41132119901301123'), NOW)).toBe(false);
    expect(isValidIdCard(makeIdCard('41132119900100123'), NOW)).toBe(false);
  });

  it('handles leap years: Feb 29 2000 ok, Feb 29 1900 and 2001 rejected', () => {
    expect(isValidIdCard(makeIdCard('41132920000229123'), NOW)).toBe(true);
    expect(isValidIdCard(makeIdCard('41132919000229123'), NOW)).toBe(false);
    expect(isValidIdCard(makeIdCard('41132920010229123'), NOW)).toBe(false);
  });

  it('rejects births before 1900 and in the future (Asia/Shanghai today)', () => {
    expect(isValidIdCard(makeIdCard('41132918991231123'), NOW)).toBe(false);
    expect(isValidIdCard(makeIdCard('41132919000101123'), NOW)).toBe(true);
    // 2026-06-01T00:00Z is already 08:00 on June 1 in Shanghai
    expect(isValidIdCard(makeIdCard('41132920260601123'), NOW)).toBe(true);
    expect(isValidIdCard(makeIdCard('41132920260602123'), NOW)).toBe(false);
  });

  it('idCardRegionCode returns the first 6 digits and refuses invalid numbers', () => {
    expect(idCardRegionCode(xinye)).toBe('411329');
    expect(idCardRegionCode(zhengzhou)).toBe('410102');
    expect(() => idCardRegionCode(withWrongCheck(xinye))).toThrow();
  });

  it('makeIdCard refuses input that is not 17 digits', () => {
    expect(() => makeIdCard('4113291985031212')).toThrow();
    expect(() => makeIdCard('4113291985031212X')).toThrow();
  });
});

describe('mainland mobile', () => {
  it('accepts 11 digits starting 13-19', () => {
    expect(isMainlandMobile('13812345678')).toBe(true);
    expect(isMainlandMobile('19912345678')).toBe(true);
  });

  it('rejects 12x prefixes, wrong length, spaces and +86', () => {
    expect(isMainlandMobile('12812345678')).toBe(false);
    expect(isMainlandMobile('1381234567')).toBe(false);
    expect(isMainlandMobile('138123456789')).toBe(false);
    expect(isMainlandMobile('138 1234 5678')).toBe(false);
    expect(isMainlandMobile('+8613812345678')).toBe(false);
  });
});
