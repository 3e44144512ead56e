import { replicaUnavailable } from '../../src/common/db/read-router';
import { parseLsn } from '../../src/common/db/replica-health';

describe('read routing helpers', () => {
  it('WAL positions compare as numbers, the high word first', () => {
    expect(parseLsn('0/3001130')).toBe(0x3001130n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('a replica that cannot answer sends the read to the primary; a query that failed on its own does not', () => {
    const unavailable = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('query failed'), { driverError: { code: '40001' } }), // canceled: conflict with recovery
      Object.assign(new Error('connection failure'), { code: '08006' }),
    ];
    for (const err of unavailable) expect([err.message, replicaUnavailable(err)]).toEqual([err.message, true]);
    const own = [
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      Object.assign(new Error('syntax error'), { driverError: { code: '42601' } }),
      new Error('unit 99 does not exist'),
    ];
    for (const err of own) expect([err.message, replicaUnavailable(err)]).toEqual([err.message, false]);
  });
});
