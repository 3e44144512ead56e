import { Role } from '../../src/modules/access/role.enum';
import { UnitLevel } from '../../src/modules/access/unit-level';
import { CurrentUser } from '../../src/modules/access/current-user';
import { SessionCache } from '../../src/modules/auth/session-cache';

/**
 * The session cache's rules, on a feed the test drives: it answers only while the revocations'
 * bus is trusted, forgets everything when the bus lost its connection, never keeps a read that a
 * revocation overtook, and stays within its size and lifetime.
 */
describe('the session cache', () => {
  const feed = { epoch: 0, trusted: true };
  let now = 0;
  const cache = (size = 3, ttlMs = 1000) => new SessionCache(feed, { size, ttlMs }, () => now);
  const user = (id: string): CurrentUser => ({
    id,
    role: Role.INSPECTOR,
    displayName: `检查员${id}`,
    unitCode: '411329305',
    unitLevel: UnitLevel.TOWNSHIP,
    unitPath: ['41', '4113', '411329', '411329305'],
    sessionId: `s-${id}`,
  });
  /** A read from the database that completes at once. */
  const load = (c: SessionCache, sessionId: string, u: CurrentUser) => c.put(c.ticket(), sessionId, u);

  beforeEach(() => {
    feed.epoch = 0;
    feed.trusted = true;
    now = 0;
  });

  it('answers with what was read, without the session id, frozen', () => {
    const c = cache();
    expect(c.get('s1')).toBeUndefined();
    load(c, 's1', user('u1'));
    const got = c.get('s1')!;
    expect(got).toEqual({ id: 'u1', role: Role.INSPECTOR, displayName: '检查员u1', unitCode: '411329305', unitLevel: UnitLevel.TOWNSHIP, unitPath: ['41', '4113', '411329', '411329305'] });
    expect(Object.isFrozen(got) && Object.isFrozen(got.unitPath)).toBe(true);
  });

  it('a revocation of the session, or of every session of its account, drops it', () => {
    const c = cache();
    load(c, 's1', user('u1'));
    load(c, 's2', user('u2'));
    load(c, 's3', user('u2'));
    c.revoke({ sessionId: 's1' });
    expect(c.get('s1')).toBeUndefined();
    expect(c.get('s2')?.id).toBe('u2');
    c.revoke({ userId: 'u2' });
    expect([c.get('s2'), c.get('s3')]).toEqual([undefined, undefined]);
    expect(c.size).toBe(0);
  });

  it('a read that started before a revocation is not kept (it may have seen the session live)', () => {
    const c = cache();
    const ticket = c.ticket();
    c.revoke({ sessionId: 's1' }); // committed and announced while the read was under way
    c.put(ticket, 's1', user('u1'));
    expect(c.get('s1')).toBeUndefined();
    load(c, 's1', user('u1')); // a read that started after it is kept
    expect(c.get('s1')?.id).toBe('u1');
  });

  it('while the bus is not trusted it answers nothing and keeps nothing', () => {
    const c = cache();
    load(c, 's1', user('u1'));
    feed.trusted = false;
    expect(c.get('s1')).toBeUndefined();
    expect(c.ticket()).toBeNull();
    load(c, 's2', user('u2'));
    feed.trusted = true;
    const ticket = c.ticket();
    feed.trusted = false;
    c.put(ticket, 's3', user('u3')); // the bus stopped being trusted during the read
    feed.trusted = true;
    expect([c.get('s2'), c.get('s3')]).toEqual([undefined, undefined]);
    // A pause without a lost connection missed nothing: what was kept before is good again.
    expect(c.get('s1')?.id).toBe('u1');
  });

  it('a lost connection empties it, and a read that started before the loss is not kept', () => {
    const c = cache();
    load(c, 's1', user('u1'));
    const ticket = c.ticket();
    feed.epoch++; // Redis dropped and came back: revocations may have been missed
    c.put(ticket, 's2', user('u2'));
    expect([c.get('s1'), c.get('s2')]).toEqual([undefined, undefined]);
    expect(c.size).toBe(0);
    load(c, 's2', user('u2'));
    expect(c.get('s2')?.id).toBe('u2');
  });

  it('keeps at most `size` sessions, the least recently used going first, each at most `ttlMs`', () => {
    const c = cache(2, 1000);
    load(c, 's1', user('u1'));
    load(c, 's2', user('u2'));
    expect(c.get('s1')?.id).toBe('u1'); // s2 is now the least recently used
    load(c, 's3', user('u3'));
    expect([c.get('s1')?.id, c.get('s2'), c.get('s3')?.id]).toEqual(['u1', undefined, 'u3']);
    now = 999;
    expect(c.get('s1')?.id).toBe('u1');
    now = 1000;
    expect([c.get('s1'), c.get('s3')]).toEqual([undefined, undefined]);
  });

  it('with size 0 it is off', () => {
    const c = cache(0);
    load(c, 's1', user('u1'));
    expect(c.get('s1')).toBeUndefined();
  });
});
