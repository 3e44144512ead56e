import { storableTarget } from '../../src/common/audit/audit-scope';

describe('audit target ids are kept as the database stores them (the chain hashes the stored text)', () => {
  it('cuts at 64 code points, never inside a surrogate pair', () => {
    const id = 'a'.repeat(63) + '😀' + 'b';
    expect(storableTarget(id)).toBe('a'.repeat(63) + '😀');
    expect(Buffer.from(storableTarget(id), 'utf8').toString('utf8')).toBe(storableTarget(id));
  });

  it('drops NUL and writes lone surrogates as U+FFFD, as the UTF-8 encoder would', () => {
    const odd = 'x\u0000y\ud800z\udc00';
    expect(storableTarget(odd)).toBe('xy\ufffdz\ufffd');
    expect(Buffer.from(storableTarget(odd), 'utf8').toString('utf8')).toBe(storableTarget(odd));
  });

  it('leaves an ordinary id as it is', () => {
    expect(storableTarget('8d3c9a4e-0000-4000-8000-000000000000')).toBe('8d3c9a4e-0000-4000-8000-000000000000');
  });
});
