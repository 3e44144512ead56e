import {
  creditCodeRegionCode,
  isValidCreditCode,
  makeCreditCode,
  normalizeCreditCode,
} from '../../src/common/credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  const example = '91350100M000100Y43'; // public example from the standard's explanatory material
  const xinye = '91411329MA0000001M';
  const zhengzhou = '91410102MA0000002X';

  it('accepts the known-valid public example', () => {
    expect(isValidCreditCode(example)).toBe(true);
  });

  it('rejects the example with any single char changed', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false); // check char
    expect(isValidCreditCode('91350100M000101Y43')).toBe(false); // body char
    expect(isValidCreditCode('92350100M000100Y43')).toBe(false); // first char
  });

  it('makeCreditCode computes check = 31 - (sum mod 31), with 31 mapped to 0', () => {
    expect(makeCreditCode('91350100M000100Y4')).toBe(example);
    expect(makeCreditCode('91411329MA0000001')).toBe(xinye);
    expect(makeCreditCode('91410102MA0000002')).toBe(zhengzhou);
    // body whose weighted sum is a multiple of 31 gets check char '0'
    expect(makeCreditCode('00000000000000000')).toBe('000000000000000000');
  });

  it('generated demo codes validate and expose their region code', () => {
    expect(isValidCreditCode(xinye)).toBe(true);
    expect(isValidCreditCode(zhengzhou)).toBe(true);
    expect(creditCodeRegionCode(xinye)).toBe('411329');
    expect(creditCodeRegionCode(zhengzhou)).toBe('410102');
  });

  it('is case-insensitive and normalizes to uppercase', () => {
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe(example);
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
  });

  it('rejects the excluded letters I, O, Z, S, V even with a recomputed check char', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V']) {
      const body = `91411329MA000000${bad}`;
      expect(() => makeCreditCode(body)).toThrow();
      expect(isValidCreditCode(`${body}0`)).toBe(false);
    }
  });

  it('requires digits at positions 3-8 (region code)', () => {
    expect(() => makeCreditCode('914113A9MA0000001')).toThrow();
    expect(isValidCreditCode('914113A9MA00000010')).toBe(false);
  });

  it('rejects wrong lengths', () => {
    expect(isValidCreditCode(example.slice(0, 17))).toBe(false);
    expect(isValidCreditCode(`${example}0`)).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
  });

  it('creditCodeRegionCode refuses invalid codes', () => {
    expect(() => creditCodeRegionCode('91350100M000100Y44')).toThrow();
  });
});
