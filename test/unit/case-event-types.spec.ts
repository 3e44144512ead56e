import { CaseEventType, NewCaseEvent } from '../../src/modules/cases/case-event.types';
import { CaseOutcome, CaseStatus } from '../../src/modules/cases/case.enums';
import { CaseChange } from '../../src/modules/cases/cases.service';

describe('case event types', () => {
  it('are stored and sent as the strings clients already know (each value is its name)', () => {
    for (const [name, value] of Object.entries(CaseEventType)) expect(value).toBe(name);
    expect(Object.values(CaseEventType).sort()).toEqual(
      [
        'OPENED', 'FILED', 'REJECTED', 'RECTIFICATION_ORDERED', 'PAYMENT_RECORDED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE',
        'EXTENDED', 'CLOSED', 'NOTE', 'LINKED', 'UNLINKED', 'TRANSFERRED', 'SUPERVISION_ORDERED', 'SUPERVISION_REPORTED',
        'ASSISTANCE_REQUESTED', 'ASSISTANCE_ANSWERED', 'CLAIM_ATTACHED', 'OVERDUE', 'ARREARS_INCIDENT_RECORDED',
        'ARREARS_INCIDENT_CONFIRMED', 'BLACKLIST_PROPOSED', 'BLACKLIST_PARTY_ADDED', 'BLACKLIST_PARTY_REMOVED',
        'BLACKLIST_STATEMENT', 'BLACKLIST_STATEMENT_ANSWERED', 'BLACKLISTED', 'BLACKLIST_REPAIR_APPLIED',
        'BLACKLIST_REPAIR_DECIDED', 'BLACKLIST_REMOVED',
      ].sort(),
    );
  });

  it('hand a follower the detail of the type it switches on', () => {
    const said = (e: NewCaseEvent): string => {
      switch (e.type) {
        case CaseEventType.FILED:
          return e.detail.dueDate;
        case CaseEventType.CLOSED:
          return e.detail.outcome;
        default:
          return e.note ?? '';
      }
    };
    expect(said({ type: CaseEventType.FILED, note: '立案', detail: { dueDate: '2026-03-02' } })).toBe('2026-03-02');
    expect(said({ type: CaseEventType.CLOSED, detail: { outcome: CaseOutcome.PAID_IN_FULL } })).toBe('PAID_IN_FULL');
    expect(said({ type: CaseEventType.NOTE, note: '记录' })).toBe('记录');
  });
});

/**
 * What must not compile, checked by `npm run typecheck` (ts-jest only transpiles): each
 * statement carries @ts-expect-error, so the type-check fails the day one of them compiles.
 */
export function mustNotCompile(change: (c: CaseChange) => void): void {
  // @ts-expect-error FILED carries its handling deadline
  change({ event: { type: CaseEventType.FILED, note: '立案' } });
  // @ts-expect-error the detail of another type
  change({ event: { type: CaseEventType.REJECTED, note: 'x', detail: { dueDate: '2026-03-02' } } });
  // @ts-expect-error a NOTE carries no detail
  change({ event: { type: CaseEventType.NOTE, note: 'x', detail: { reason: 'x' } } });
  // @ts-expect-error CLOSED carries a CaseOutcome, not any string
  change({ event: { type: CaseEventType.CLOSED, detail: { outcome: 'PAID' } } });
  // @ts-expect-error event types are CaseEventType, not bare strings
  change({ event: { type: 'OPENED' } });
  // @ts-expect-error a misspelt case_file column
  change({ set: { stauts: CaseStatus.FILED }, event: { type: CaseEventType.NOTE } });
  // @ts-expect-error a column given a value of the wrong type
  change({ set: { filedAt: '2026-03-02' }, event: { type: CaseEventType.NOTE } });
  // @ts-expect-error the number and version are not a command's to change
  change({ set: { version: 3 }, event: { type: CaseEventType.NOTE } });
}
