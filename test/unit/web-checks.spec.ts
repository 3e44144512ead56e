import { isMainlandMobile as serverMobile } from '../../src/common/phone';
import { isValidIdCard as serverIdCard, makeIdCard } from '../../src/common/id-card';
import { passwordProblem as serverPassword } from '../../src/common/password-policy';
import { isMainlandMobile, normalizePhone } from '../../web/src/shared/phone';
import { idCardProblem, isValidIdCard } from '../../web/src/shared/id-card';
import { passwordProblem } from '../../web/src/shared/password-policy';

/**
 * The worker's page checks phone, ID number and password in the browser with the same rules as
 * the server: each rule is run on both sides over the same inputs and must agree on every one.
 */

function rnd(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('browser checks agree with the server', () => {
  it('mainland mobile numbers', () => {
    const r = rnd(7);
    const samples = ['13800000001', '19912345678', '12800000001', '1380000000', '138000000011', '+8613800000001', '138 0000 0001', 'abcdefghijk', ''];
    for (let i = 0; i < 2000; i++) samples.push(String(Math.floor(r() * 1e12)).padStart(11, '1').slice(0, 10 + Math.floor(r() * 3)));
    for (const p of samples) expect([p, isMainlandMobile(p)]).toEqual([p, serverMobile(p)]);
    expect(normalizePhone('+86 138-0000-0001')).toBe('13800000001');
  });

  it('ID numbers (GB 11643): check character, birth date, format', () => {
    const now = new Date('2026-12-01T04:00:00Z');
    const r = rnd(11);
    const samples: string[] = ['', 'x', '41132919900101123', '41132919900230123X', makeIdCard('41132919900101123').toLowerCase()];
    for (let i = 0; i < 3000; i++) {
      const y = 1890 + Math.floor(r() * 140);
      const m = 1 + Math.floor(r() * 13);
      const d = 1 + Math.floor(r() * 31);
      const body = `411329${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(Math.floor(r() * 1000)).padStart(3, '0')}`.slice(0, 17);
      const good = makeIdCard(body.padEnd(17, '0'));
      samples.push(good, good.slice(0, 17) + '0123456789X'[Math.floor(r() * 11)]);
    }
    for (const id of samples) expect([id, isValidIdCard(id, now)]).toEqual([id, serverIdCard(id, now)]);
    expect(idCardProblem('41132919900101123', now)).toContain('18位');
    expect(idCardProblem(makeIdCard('41132920300101123'), now)).toContain('出生日期');
  });

  it('passwords: accepted exactly when the server accepts them, with a reason when not', () => {
    const samples = ['Demo@2026', 'demo2026', 'DEMO@2026', 'Ab1!', 'abcdefgh', 'Abcdefgh', 'Abcdefg1', 'abcdefg1!', '密码密码Ab12', 'A'.repeat(129) + 'a1', ''];
    const chars = 'aB3@ 中';
    const r = rnd(3);
    for (let i = 0; i < 2000; i++) samples.push(Array.from({ length: Math.floor(r() * 14) }, () => chars[Math.floor(r() * chars.length)]).join(''));
    for (const pw of samples) expect([pw, passwordProblem(pw) === null]).toEqual([pw, serverPassword(pw) === null]);
    expect(passwordProblem('abc')).toContain('太短');
    expect(passwordProblem('abcdefgh')).toContain('太简单');
  });
});
