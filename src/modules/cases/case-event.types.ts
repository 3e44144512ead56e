import { CaseOutcome } from './case.enums';

/**
 * What can happen to a case: the `type` stored in `case_event` and sent as `CaseEvent.type`
 * (a String in the schema, so the strings here are the contract and never change; add, never
 * rename).
 */
export enum CaseEventType {
  // the lifecycle (CasesService)
  OPENED = 'OPENED',
  FILED = 'FILED',
  REJECTED = 'REJECTED',
  RECTIFICATION_ORDERED = 'RECTIFICATION_ORDERED',
  PAYMENT_RECORDED = 'PAYMENT_RECORDED',
  PENALTY_DECIDED = 'PENALTY_DECIDED',
  TRANSFERRED_TO_POLICE = 'TRANSFERRED_TO_POLICE',
  EXTENDED = 'EXTENDED',
  CLOSED = 'CLOSED',
  NOTE = 'NOTE',
  // links and transfer
  LINKED = 'LINKED',
  UNLINKED = 'UNLINKED',
  TRANSFERRED = 'TRANSFERRED',
  // supervision orders and assistance requests (SupervisionService)
  SUPERVISION_ORDERED = 'SUPERVISION_ORDERED',
  SUPERVISION_REPORTED = 'SUPERVISION_REPORTED',
  ASSISTANCE_REQUESTED = 'ASSISTANCE_REQUESTED',
  ASSISTANCE_ANSWERED = 'ASSISTANCE_ANSWERED',
  // wage claims
  CLAIM_ATTACHED = 'CLAIM_ATTACHED',
  // the overdue sweep
  OVERDUE = 'OVERDUE',
  // arrears incidents and the blacklist procedure
  ARREARS_INCIDENT_RECORDED = 'ARREARS_INCIDENT_RECORDED',
  ARREARS_INCIDENT_CONFIRMED = 'ARREARS_INCIDENT_CONFIRMED',
  BLACKLIST_PROPOSED = 'BLACKLIST_PROPOSED',
  BLACKLIST_PARTY_ADDED = 'BLACKLIST_PARTY_ADDED',
  BLACKLIST_PARTY_REMOVED = 'BLACKLIST_PARTY_REMOVED',
  BLACKLIST_STATEMENT = 'BLACKLIST_STATEMENT',
  BLACKLIST_STATEMENT_ANSWERED = 'BLACKLIST_STATEMENT_ANSWERED',
  BLACKLISTED = 'BLACKLISTED',
  BLACKLIST_REPAIR_APPLIED = 'BLACKLIST_REPAIR_APPLIED',
  BLACKLIST_REPAIR_DECIDED = 'BLACKLIST_REPAIR_DECIDED',
  BLACKLIST_REMOVED = 'BLACKLIST_REMOVED',
}

/**
 * The facts each type of event carries for the modules that follow cases (CaseHooks: the
 * worker's timeline, warnings, the published results), besides its note. `undefined`: the event
 * carries none. Not stored: `case_event` keeps the note, which says the same for people.
 */
export interface CaseEventDetails {
  [CaseEventType.OPENED]: undefined;
  /** The handling deadline, a Shanghai date (YYYY-MM-DD). */
  [CaseEventType.FILED]: { dueDate: string };
  /** The reason given, trimmed (the claims of the case are rejected with it). */
  [CaseEventType.REJECTED]: { reason: string };
  /** The payment order: its due date (YYYY-MM-DD) and amount (yuan, 2 decimals). */
  [CaseEventType.RECTIFICATION_ORDERED]: { dueDate: string; amount: string };
  /** This payment and the total recovered so far (yuan, 2 decimals). */
  [CaseEventType.PAYMENT_RECORDED]: { amount: string; total: string };
  [CaseEventType.PENALTY_DECIDED]: undefined;
  [CaseEventType.TRANSFERRED_TO_POLICE]: undefined;
  [CaseEventType.EXTENDED]: undefined;
  [CaseEventType.CLOSED]: { outcome: CaseOutcome };
  [CaseEventType.NOTE]: undefined;
  [CaseEventType.LINKED]: undefined;
  [CaseEventType.UNLINKED]: undefined;
  /** The name of the unit that handles the case now. */
  [CaseEventType.TRANSFERRED]: { unitName: string };
  [CaseEventType.SUPERVISION_ORDERED]: undefined;
  [CaseEventType.SUPERVISION_REPORTED]: undefined;
  [CaseEventType.ASSISTANCE_REQUESTED]: undefined;
  [CaseEventType.ASSISTANCE_ANSWERED]: undefined;
  [CaseEventType.CLAIM_ATTACHED]: undefined;
  [CaseEventType.OVERDUE]: undefined;
  [CaseEventType.ARREARS_INCIDENT_RECORDED]: undefined;
  [CaseEventType.ARREARS_INCIDENT_CONFIRMED]: undefined;
  [CaseEventType.BLACKLIST_PROPOSED]: undefined;
  [CaseEventType.BLACKLIST_PARTY_ADDED]: undefined;
  [CaseEventType.BLACKLIST_PARTY_REMOVED]: undefined;
  [CaseEventType.BLACKLIST_STATEMENT]: undefined;
  [CaseEventType.BLACKLIST_STATEMENT_ANSWERED]: undefined;
  [CaseEventType.BLACKLISTED]: undefined;
  [CaseEventType.BLACKLIST_REPAIR_APPLIED]: undefined;
  [CaseEventType.BLACKLIST_REPAIR_DECIDED]: undefined;
  [CaseEventType.BLACKLIST_REMOVED]: undefined;
}

/** One type of event as a command writes it: the note for people, the detail its type requires. */
export type CaseEventOf<T extends CaseEventType> = { type: T; note?: string | null } & (CaseEventDetails[T] extends undefined
  ? { detail?: undefined }
  : { detail: CaseEventDetails[T] });

/**
 * An event as written: a union discriminated by `type`, so that `{ type: FILED }` without its
 * `detail.dueDate`, or with the detail of another type, does not compile; readers that switch on
 * `type` get the detail of that type.
 */
export type NewCaseEvent = { [T in CaseEventType]: CaseEventOf<T> }[CaseEventType];

/** The types whose events carry no detail (what writers outside the case commands may write). */
export type PlainCaseEventType = { [T in CaseEventType]: CaseEventDetails[T] extends undefined ? T : never }[CaseEventType];
