import { passwordProblem } from '../../src/common/password-policy';

describe('password policy', () => {
  it('accepts 8+ chars with 3 of 4 classes', () => {
    expect(passwordProblem('Abcdefg1')).toBeNull(); // upper, lower, digit
    expect(passwordProblem('abcdefg1!')).toBeNull(); // lower, digit, symbol
    expect(passwordProblem('ABCDEFG!1')).toBeNull(); // upper, symbol, digit
    expect(passwordProblem('Abcdefg!')).toBeNull(); // upper, lower, symbol
  });

  it('counts non-ASCII characters and spaces as symbols', () => {
    expect(passwordProblem('abcdefg1劳')).toBeNull();
    expect(passwordProblem('abcd efg1')).toBeNull();
  });

  it('rejects 7 characters even with all 4 classes', () => {
    expect(passwordProblem('Abcde1!')).not.toBeNull();
  });

  it('rejects only 2 classes however long', () => {
    expect(passwordProblem('abcdefghijklmnop1234')).not.toBeNull();
    expect(passwordProblem('ABCDEFGHIJKLMNOPQRS!')).not.toBeNull();
    expect(passwordProblem('12345678')).not.toBeNull();
  });

  it('rejects more than 128 characters, accepts exactly 128', () => {
    const ok = 'Aa1' + 'x'.repeat(125);
    expect(passwordProblem(ok)).toBeNull();
    expect(passwordProblem(ok + 'x')).toMatch(/128/);
  });

  it('returns a bilingual message', () => {
    const msg = passwordProblem('short');
    expect(msg).toContain('密码至少8位');
    expect(msg).toContain('at least 8 characters');
  });
});
