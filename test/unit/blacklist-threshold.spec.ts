import 'reflect-metadata';
import { loadConfig } from '../../src/config/app-config';
import { meetsThreshold } from '../../src/modules/supervision/blacklist.service';
import { TEST_ENV } from '../support/env';

/**
 * The criminal "large amount" (拒不支付劳动报酬罪) that a blacklisting needs: Henan's figures from
 * the default configuration (8,000 yuan for one worker, 40,000 yuan for ten or more), checked at,
 * one fen below and one fen above each bound.
 */
describe('meetsThreshold (blacklisting needs arrears at the criminal threshold)', () => {
  const henan = loadConfig({ ...TEST_ENV, DATA_DIR: '/nonexistent' }).criminalThresholds['41'];
  const meets = (workersAffected: number, amountOwed: string) => meetsThreshold({ workersAffected, amountOwed }, henan);

  it("Henan's thresholds are 8,000 yuan for one worker and 40,000 yuan for ten or more", () => {
    expect(henan).toEqual({ oneWorker: 8000, tenWorkers: 40000 });
  });

  it.each([
    ['7999.99', false],
    ['8000.00', true],
    ['8000.01', true],
    ['0.00', false],
  ])('one worker owed %s yuan: %s', (amount, expected) => {
    expect(meets(1, amount)).toBe(expected);
  });

  it.each([
    [10, '39999.99', false],
    [10, '40000.00', true],
    [10, '40000.01', true],
    [11, '39999.99', false],
    [11, '40000.00', true],
    [150, '40000.00', true],
  ])('%i workers owed %s yuan in total: %s', (workers, amount, expected) => {
    expect(meets(workers, amount)).toBe(expected);
  });

  it('a case recording no worker count is judged as one worker', () => {
    expect(meets(0, '7999.99')).toBe(false);
    expect(meets(0, '8000.00')).toBe(true);
  });

  it('reads amounts as stored (no decimals, or twelve integer digits) exactly', () => {
    expect(meets(1, '8000')).toBe(true);
    expect(meets(1, '7999.9')).toBe(false);
    expect(meets(10, '999999999999.99')).toBe(true);
  });

  it('uses the figures it is given (another province, or the national default)', () => {
    const fallback = { oneWorker: 20000, tenWorkers: 100000 };
    expect(meetsThreshold({ workersAffected: 1, amountOwed: '19999.99' }, fallback)).toBe(false);
    expect(meetsThreshold({ workersAffected: 1, amountOwed: '20000.00' }, fallback)).toBe(true);
    expect(meetsThreshold({ workersAffected: 10, amountOwed: '99999.99' }, fallback)).toBe(false);
    expect(meetsThreshold({ workersAffected: 10, amountOwed: '100000.00' }, fallback)).toBe(true);
  });
});
