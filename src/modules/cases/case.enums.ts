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
  description: '案件状态: where a case stands; each move is a named mutation.',
  valuesMap: {
    RECEIVED: { description: '受理: opened, waiting for the filing decision (5 working days).' },
    FILED: { description: '立案: under investigation (60 working days, +30 once when extended).' },
    RECTIFICATION_ORDERED: { description: '责令限期改正/支付: an order to pay or correct by a date was issued (orderRectification).' },
    PENALTY_DECIDED: { description: '行政处罚: a fine was decided (decidePenalty).' },
    TRANSFERRED_TO_POLICE: { description: '移送公安: suspected 拒不支付劳动报酬罪; the handling clock stops until the case is closed.' },
    CLOSED: { description: '结案: closed with an outcome.' },
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
registerEnumType(CaseSource, {
  name: 'CaseSource',
  description: '案件来源: how the case came to the bureau.',
  valuesMap: {
    COMPLAINT: { description: '投诉: a worker\'s complaint about their own wages.' },
    REPORT: { description: '举报: a report by someone else.' },
    INSPECTION: { description: '日常巡查: found on a routine inspection or a grid visit.' },
    WAGE_CLAIM: { description: '欠薪求助: opened by accepting wage claims (acceptWageClaim).' },
    SUPERVISION: { description: '上级督办: handed down by a higher unit.' },
  },
});

export enum CaseOutcome {
  PAID_IN_FULL = 'PAID_IN_FULL',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  NO_VIOLATION = 'NO_VIOLATION',
  TRANSFERRED = 'TRANSFERRED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CaseOutcome, {
  name: 'CaseOutcome',
  description: '结案结果: how a case ended (closeCase).',
  valuesMap: {
    PAID_IN_FULL: { description: '工资已全额支付: the amount recovered reached the amount owed (closeCase refuses it otherwise).' },
    PARTIALLY_PAID: { description: '部分支付.' },
    NO_VIOLATION: { description: '经查无违法行为.' },
    TRANSFERRED: { description: '已移送处理: transferred to another department.' },
    WITHDRAWN: { description: '投诉人撤回: the complainant withdrew.' },
  },
});

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
  valuesMap: {
    EMPLOYER_REGISTERED: { description: '用人单位注册地: set on opening when the employer is registered outside the handling subtree.' },
    PROJECT_SITE: { description: '项目所在地: set on opening when the workplace lies outside the handling subtree.' },
    WORKER_ORIGIN: { description: '劳动者户籍地: a worker\'s home county, set when their claim is accepted into the case.' },
    ASSISTANCE: { description: '协查单位: a unit asked to assist (requestAssistance).' },
    TRANSFERRED_FROM: { description: 'The unit that handled the case before it was transferred (移送); set automatically.' },
  },
});

export enum SupervisionStatus {
  OPEN = 'OPEN',
  REPORTED = 'REPORTED',
}
registerEnumType(SupervisionStatus, {
  name: 'SupervisionStatus',
  description: '督办状态.',
  valuesMap: {
    OPEN: { description: '待报告: the handling unit has not reported yet.' },
    REPORTED: { description: '已报告: reportOnSupervisionOrder was recorded.' },
  },
});

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
