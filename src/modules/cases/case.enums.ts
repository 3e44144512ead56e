import { registerEnumType } from '@nestjs/graphql';

export enum CaseStatus {
  RECEIVED = 'RECEIVED',
  FILED = 'FILED',
  RECTIFICATION_ORDERED = 'RECTIFICATION_ORDERED',
  PENALTY_DECIDED = 'PENALTY_DECIDED',
  TRANSFERRED_TO_POLICE = 'TRANSFERRED_TO_POLICE',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  valuesMap: {
    RECEIVED: { description: '受理: opened, waiting for the filing decision (5 working days).' },
    FILED: { description: '立案: under investigation (60 working days, +30 once when extended).' },
    REJECTED: { description: '不予立案.' },
  },
});

export enum CaseSource {
  COMPLAINT = 'COMPLAINT',
  REPORT = 'REPORT',
  INSPECTION = 'INSPECTION',
  WAGE_CLAIM = 'WAGE_CLAIM',
  SUPERVISION = 'SUPERVISION',
}
registerEnumType(CaseSource, { name: 'CaseSource' });

export enum CaseOutcome {
  PAID_IN_FULL = 'PAID_IN_FULL',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  NO_VIOLATION = 'NO_VIOLATION',
  TRANSFERRED = 'TRANSFERRED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CaseOutcome, { name: 'CaseOutcome' });

export enum LinkReason {
  EMPLOYER_REGISTERED = 'EMPLOYER_REGISTERED',
  PROJECT_SITE = 'PROJECT_SITE',
  WORKER_ORIGIN = 'WORKER_ORIGIN',
  ASSISTANCE = 'ASSISTANCE',
  /** Set by transferCase on the unit that handed the case over; not for linkUnit. */
  TRANSFERRED_FROM = 'TRANSFERRED_FROM',
}
registerEnumType(LinkReason, {
  name: 'LinkReason',
  description: 'Why a unit other than the handling unit\'s line can see a case (一地办案，多地监管).',
  valuesMap: { TRANSFERRED_FROM: { description: 'The unit that handled the case before it was transferred (移送); set automatically.' } },
});

export enum SupervisionStatus {
  OPEN = 'OPEN',
  REPORTED = 'REPORTED',
}
registerEnumType(SupervisionStatus, { name: 'SupervisionStatus' });

/** The order of a case list. */
export enum CaseOrder {
  NEWEST = 'NEWEST',
  URGENCY = 'URGENCY',
}
registerEnumType(CaseOrder, {
  name: 'CaseOrder',
  description: 'How `cases` orders its rows (each keyset-paged on its own sort key).',
  valuesMap: {
    NEWEST: { description: 'Newest opened first (the default).' },
    URGENCY: {
      description:
        'By urgency: the active deadline (acceptance while RECEIVED, handling after filing) soonest first, so overdue cases come first; cases without a running deadline last; ties by id.',
    },
  },
});

/** Statuses in which the case is still being handled (an open case). */
export const OPEN_STATUSES = [
  CaseStatus.RECEIVED,
  CaseStatus.FILED,
  CaseStatus.RECTIFICATION_ORDERED,
  CaseStatus.PENALTY_DECIDED,
  CaseStatus.TRANSFERRED_TO_POLICE,
];

/** Statuses whose clock is the 60/90 working-day handling deadline. */
export const INVESTIGATION_STATUSES = [CaseStatus.FILED, CaseStatus.RECTIFICATION_ORDERED, CaseStatus.PENALTY_DECIDED];
