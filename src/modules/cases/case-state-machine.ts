import { conflict } from '../../common/errors';
import { CaseStatus } from './case.enums';

/** The only moves a case can make; each is a named mutation. */
export const TRANSITIONS: Record<CaseStatus, CaseStatus[]> = {
  [CaseStatus.RECEIVED]: [CaseStatus.FILED, CaseStatus.REJECTED],
  [CaseStatus.FILED]: [CaseStatus.RECTIFICATION_ORDERED, CaseStatus.PENALTY_DECIDED, CaseStatus.TRANSFERRED_TO_POLICE, CaseStatus.CLOSED],
  [CaseStatus.RECTIFICATION_ORDERED]: [CaseStatus.PENALTY_DECIDED, CaseStatus.TRANSFERRED_TO_POLICE, CaseStatus.CLOSED],
  [CaseStatus.PENALTY_DECIDED]: [CaseStatus.TRANSFERRED_TO_POLICE, CaseStatus.CLOSED],
  [CaseStatus.TRANSFERRED_TO_POLICE]: [CaseStatus.CLOSED],
  [CaseStatus.CLOSED]: [],
  [CaseStatus.REJECTED]: [],
};

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** CONFLICT naming the current status when the move is not allowed. */
export function assertMove(from: CaseStatus, to: CaseStatus): void {
  if (!canMove(from, to)) throw conflict(`the case is ${from}; it cannot move to ${to}`);
}
