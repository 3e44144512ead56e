import { AppError, ErrorCode } from '../../src/common/errors';
import { assertMove, canMove } from '../../src/modules/cases/case-state-machine';
import { CaseStatus } from '../../src/modules/cases/case.enums';

/**
 * The case status machine of issue 3, written out here on its own (not read from TRANSITIONS):
 * RECEIVED → FILED | REJECTED; FILED → RECTIFICATION_ORDERED | PENALTY_DECIDED |
 * TRANSFERRED_TO_POLICE | CLOSED; RECTIFICATION_ORDERED → PENALTY_DECIDED | TRANSFERRED_TO_POLICE |
 * CLOSED; PENALTY_DECIDED → TRANSFERRED_TO_POLICE | CLOSED; TRANSFERRED_TO_POLICE → CLOSED.
 */
const ALL = [
  'RECEIVED',
  'FILED',
  'RECTIFICATION_ORDERED',
  'PENALTY_DECIDED',
  'TRANSFERRED_TO_POLICE',
  'CLOSED',
  'REJECTED',
] as const;

const ALLOWED = new Set([
  'RECEIVED>FILED',
  'RECEIVED>REJECTED',
  'FILED>RECTIFICATION_ORDERED',
  'FILED>PENALTY_DECIDED',
  'FILED>TRANSFERRED_TO_POLICE',
  'FILED>CLOSED',
  'RECTIFICATION_ORDERED>PENALTY_DECIDED',
  'RECTIFICATION_ORDERED>TRANSFERRED_TO_POLICE',
  'RECTIFICATION_ORDERED>CLOSED',
  'PENALTY_DECIDED>TRANSFERRED_TO_POLICE',
  'PENALTY_DECIDED>CLOSED',
  'TRANSFERRED_TO_POLICE>CLOSED',
]);

const PAIRS = ALL.flatMap((from) => ALL.map((to) => [from, to, ALLOWED.has(`${from}>${to}`)] as const));

describe('case status machine', () => {
  it('knows exactly the seven statuses of the contract', () => {
    expect(Object.values(CaseStatus).sort()).toEqual([...ALL].sort());
  });

  it.each(PAIRS.filter(([, , ok]) => ok))('%s → %s is allowed', (from, to) => {
    expect(canMove(from as CaseStatus, to as CaseStatus)).toBe(true);
    expect(() => assertMove(from as CaseStatus, to as CaseStatus)).not.toThrow();
  });

  it.each(PAIRS.filter(([, , ok]) => !ok))('%s → %s is refused with CONFLICT naming the current status', (from, to) => {
    expect(canMove(from as CaseStatus, to as CaseStatus)).toBe(false);
    let thrown: unknown;
    try {
      assertMove(from as CaseStatus, to as CaseStatus);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe(ErrorCode.CONFLICT);
    expect((thrown as AppError).message).toContain(from);
  });

  it('covers all 49 ordered pairs, 12 of them allowed', () => {
    expect(PAIRS).toHaveLength(49);
    expect(PAIRS.filter(([, , ok]) => ok)).toHaveLength(ALLOWED.size);
    expect(ALLOWED.size).toBe(12);
  });

  it('CLOSED and REJECTED are final; nothing moves back to RECEIVED; no status moves to itself', () => {
    for (const s of ALL) {
      expect(canMove('CLOSED' as CaseStatus, s as CaseStatus)).toBe(false);
      expect(canMove('REJECTED' as CaseStatus, s as CaseStatus)).toBe(false);
      expect(canMove(s as CaseStatus, 'RECEIVED' as CaseStatus)).toBe(false);
      expect(canMove(s as CaseStatus, s as CaseStatus)).toBe(false);
    }
  });
});
