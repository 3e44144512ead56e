import { createHash, createHmac, randomBytes } from 'crypto';
import { inspect } from 'util';
import { maskBankAccount, maskIdCard, maskName, maskPhone } from '../../src/common/masking';
import { PiiCipher } from '../../src/common/pii';

const KEY = Buffer.alloc(32, 7);
const ID = '411329198503121238';

/** Flips one bit in the base64url segment at `index` of a token. */
function tamper(token: string, index: number): string {
  const parts = token.split('.');
  const buf = Buffer.from(parts[index], 'base64url');
  buf[0] ^= 1;
  parts[index] = buf.toString('base64url');
  return parts.join('.');
}

describe('PiiCipher', () => {
  const pii = new PiiCipher(KEY);

  it('round-trips plaintext, including Chinese and empty strings', () => {
    for (const plain of [ID, '王建国', '']) expect(pii.decrypt(pii.encrypt(plain))).toBe(plain);
  });

  it('produces a compact v1 token that does not contain the plaintext', () => {
    const token = pii.encrypt(ID);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(ID);
  });

  it('uses a fresh IV so ciphertext differs each time', () => {
    const a = pii.encrypt(ID);
    const b = pii.encrypt(ID);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('detects tampering with IV, tag or ciphertext', () => {
    const token = pii.encrypt(ID);
    for (const i of [1, 2, 3]) expect(() => pii.decrypt(tamper(token, i))).toThrow();
  });

  it('rejects a token under another key or with a wrong version or shape', () => {
    const token = pii.encrypt(ID);
    expect(() => new PiiCipher(randomBytes(32)).decrypt(token)).toThrow();
    expect(() => pii.decrypt(token.replace(/^v1/, 'v2'))).toThrow();
    expect(() => pii.decrypt('v1.abc')).toThrow();
    expect(() => pii.decrypt('not a token')).toThrow();
  });

  it('never puts plaintext in error messages', () => {
    const other = new PiiCipher(randomBytes(32));
    const token = pii.encrypt(ID);
    expect(() => other.decrypt(token)).toThrow('PII token failed authentication');
    expect(() => other.decrypt(`v1.${ID}`)).toThrow('malformed PII token');
  });

  it('lookupHash is stable, hex, input-dependent and key-dependent', () => {
    const h = pii.lookupHash(ID);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new PiiCipher(KEY).lookupHash(ID)).toBe(h);
    expect(pii.lookupHash('410102199001010012')).not.toBe(h);
    expect(new PiiCipher(Buffer.alloc(32, 8)).lookupHash(ID)).not.toBe(h);
  });

  it('lookupHash is not a plain SHA-256/HMAC under the master key (derived lookup key)', () => {
    const h = pii.lookupHash(ID);
    expect(h).not.toBe(createHash('sha256').update(ID).digest('hex'));
    expect(h).not.toBe(createHmac('sha256', KEY).update(ID).digest('hex'));
  });

  it('accepts the same key as Buffer, 64-hex or base64 string', () => {
    const token = pii.encrypt(ID);
    expect(new PiiCipher(KEY.toString('hex')).decrypt(token)).toBe(ID);
    expect(new PiiCipher(KEY.toString('base64')).decrypt(token)).toBe(ID);
    expect(new PiiCipher(KEY.toString('base64url')).lookupHash(ID)).toBe(pii.lookupHash(ID));
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new PiiCipher(Buffer.alloc(16))).toThrow();
    expect(() => new PiiCipher(randomBytes(16).toString('base64'))).toThrow();
    expect(() => new PiiCipher('a'.repeat(63))).toThrow();
    expect(() => new PiiCipher('not a key!')).toThrow();
  });

  it('does not expose key material when logged', () => {
    expect(inspect(pii)).not.toContain(KEY.toString('hex'));
    expect(JSON.stringify({ pii })).toBe('{"pii":"PiiCipher"}');
  });
});

describe('masking', () => {
  it('maskIdCard keeps first 3 and last 4, 18 chars total', () => {
    expect(maskIdCard(ID)).toBe('411***********1238');
    expect(maskIdCard(ID)).toHaveLength(18);
  });

  it('maskPhone shows 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('maskName keeps the first char and masks each remaining char', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王建国')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('张')).toBe('*');
  });

  it('maskBankAccount shows only the last 4 digits', () => {
    expect(maskBankAccount('6222021234567891234')).toBe('**** **** 1234');
    expect(maskBankAccount('6222 0212 3456 7890')).toBe('**** **** 7890');
    expect(maskBankAccount('123')).toBe('****');
  });

  it('masks very short inputs completely', () => {
    expect(maskIdCard('1234')).toBe('****');
    expect(maskPhone('1381')).toBe('****');
  });
});
