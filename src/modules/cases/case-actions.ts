import { registerEnumType } from '@nestjs/graphql';
import type { Action, AppAbility } from '../access/ability.factory';
import { canMove } from './case-state-machine';
import { CaseStatus, INVESTIGATION_STATUSES, OPEN_STATUSES } from './case.enums';

/** The commands on a case, one per mutation, as the console offers them. */
export enum CaseAction {
  FILE = 'FILE',
  REJECT = 'REJECT',
  TRANSFER = 'TRANSFER',
  LINK_UNIT = 'LINK_UNIT',
  UNLINK_UNIT = 'UNLINK_UNIT',
  ORDER_RECTIFICATION = 'ORDER_RECTIFICATION',
  RECORD_PAYMENT = 'RECORD_PAYMENT',
  DECIDE_PENALTY = 'DECIDE_PENALTY',
  TRANSFER_TO_POLICE = 'TRANSFER_TO_POLICE',
  EXTEND_DEADLINE = 'EXTEND_DEADLINE',
  CLOSE = 'CLOSE',
  ADD_NOTE = 'ADD_NOTE',
  ISSUE_SUPERVISION_ORDER = 'ISSUE_SUPERVISION_ORDER',
  REPORT_ON_SUPERVISION_ORDER = 'REPORT_ON_SUPERVISION_ORDER',
  REQUEST_ASSISTANCE = 'REQUEST_ASSISTANCE',
}

registerEnumType(CaseAction, {
  name: 'CaseAction',
  description: '案件操作: a command on a case, named after its mutation.',
  valuesMap: {
    FILE: { description: '立案 (fileCase)' },
    REJECT: { description: '不予立案 (rejectCase)' },
    TRANSFER: { description: '移送 (transferCase)' },
    LINK_UNIT: { description: '关联单位 (linkUnit)' },
    UNLINK_UNIT: { description: '取消关联 (unlinkUnit)' },
    ORDER_RECTIFICATION: { description: '责令整改 (orderRectification)' },
    RECORD_PAYMENT: { description: '登记支付 (recordPayment)' },
    DECIDE_PENALTY: { description: '行政处罚 (decidePenalty)' },
    TRANSFER_TO_POLICE: { description: '移送公安 (transferToPolice)' },
    EXTEND_DEADLINE: { description: '延长办案期限 (extendDeadline)' },
    CLOSE: { description: '结案 (closeCase)' },
    ADD_NOTE: { description: '添加备注 (addCaseNote)' },
    ISSUE_SUPERVISION_ORDER: { description: '督办 (issueSupervisionOrder)' },
    REPORT_ON_SUPERVISION_ORDER: { description: '督办回复 (reportOnSupervisionOrder), on an order still open' },
    REQUEST_ASSISTANCE: { description: '发起协查 (requestAssistance)' },
  },
});

/** What the rules of a case look at: its status, its flags and the CASL subject of its units. */
export interface CaseFacts {
  status: CaseStatus;
  extended: boolean;
  transferredIn: boolean;
}

/**
 * Each command: the CASL action the server checks (ability.factory.ts) and the state it needs,
 * stated with the same status machine and status lists the commands use (cases.service.ts,
 * supervision.service.ts). `test/integration/case-allowed-actions.spec.ts` holds the two together:
 * every action offered succeeds, every action withheld is refused.
 */
const RULES: Record<CaseAction, { ability: Action; when: (c: CaseFacts, can: (a: Action) => boolean) => boolean }> = {
  FILE: { ability: 'lead', when: (c) => canMove(c.status, CaseStatus.FILED) },
  REJECT: { ability: 'lead', when: (c) => canMove(c.status, CaseStatus.REJECTED) },
  // A case transferred in once moves again only by 指定管辖 of a supervisor above both units.
  TRANSFER: { ability: 'relink', when: (c, can) => OPEN_STATUSES.includes(c.status) && (!c.transferredIn || can('designate')) },
  LINK_UNIT: { ability: 'relink', when: () => true },
  UNLINK_UNIT: { ability: 'relink', when: () => true },
  ORDER_RECTIFICATION: { ability: 'act', when: (c) => canMove(c.status, CaseStatus.RECTIFICATION_ORDERED) },
  RECORD_PAYMENT: { ability: 'act', when: (c) => [...INVESTIGATION_STATUSES, CaseStatus.TRANSFERRED_TO_POLICE].includes(c.status) },
  DECIDE_PENALTY: { ability: 'act', when: (c) => canMove(c.status, CaseStatus.PENALTY_DECIDED) },
  TRANSFER_TO_POLICE: { ability: 'act', when: (c) => canMove(c.status, CaseStatus.TRANSFERRED_TO_POLICE) },
  EXTEND_DEADLINE: { ability: 'lead', when: (c) => INVESTIGATION_STATUSES.includes(c.status) && !c.extended },
  CLOSE: { ability: 'lead', when: (c) => canMove(c.status, CaseStatus.CLOSED) },
  ADD_NOTE: { ability: 'note', when: () => true },
  ISSUE_SUPERVISION_ORDER: { ability: 'supervise', when: (c) => OPEN_STATUSES.includes(c.status) },
  REPORT_ON_SUPERVISION_ORDER: { ability: 'act', when: () => true },
  REQUEST_ASSISTANCE: { ability: 'act', when: (c) => OPEN_STATUSES.includes(c.status) },
};

/** The commands this caller may run on this case now (`subject`: the case's CASL subject). */
export function allowedCaseActions(ability: AppAbility, c: CaseFacts, subject: Record<string, unknown>): CaseAction[] {
  const can = (a: Action) => ability.can(a, subject);
  return (Object.keys(RULES) as CaseAction[]).filter((a) => can(RULES[a].ability) && RULES[a].when(c, can));
}
