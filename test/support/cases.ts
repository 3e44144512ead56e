import { newCreditCode } from './claims';
import { serverDay, TestApp, unique } from './test-app';

/**
 * Cases made through the real GraphQL API as a given demo user, for integration tests. Every case
 * gets its own title and, unless told otherwise, a new employer (fresh credit code), so that test
 * files sharing one database never touch each other's records.
 *
 * Defaults: opened by insp.fanji for 樊集乡 (411329305), labour used in its grid 杨庄村
 * (411329305212), 3 workers, 12800.00 yuan owed; filed by lead.fanji with insp.fanji and
 * insp.fanji2.
 */

export interface OpenCaseOptions {
  /** The user who opens it (default insp.fanji). */
  as?: string;
  title?: string;
  source?: string;
  handlingUnitCode?: string;
  workplaceUnitCode?: string;
  employer?: { name?: string; creditCode?: string | null; registeredUnitCode?: string | null };
  workersAffected?: number;
  amountOwed?: string;
  description?: string;
}

export interface OpenedCase {
  id: string;
  number: string;
  title: string;
  employerId: string;
  creditCode: string | null;
}

export const OPEN_CASE = `mutation($input: OpenCaseInput!) {
  openCase(input: $input) { id number title status employer { id name creditCode } }
}`;
export const FILE_CASE = `mutation($id: ID!, $ids: [ID!]!) { fileCase(caseId: $id, inspectorIds: $ids) { id status } }`;

/**
 * Every case command as a document with fixed variable names ($id is the case id): Case results
 * select `id status amountRecovered handlingUnit { code }`.
 */
const CASE_RESULT = `{ id status amountRecovered handlingUnit { code } }`;
export const CASE_OPS = {
  fileCase: `mutation($id: ID!, $ids: [ID!]!) { r: fileCase(caseId: $id, inspectorIds: $ids) ${CASE_RESULT} }`,
  rejectCase: `mutation($id: ID!, $reason: String!) { r: rejectCase(caseId: $id, reason: $reason) ${CASE_RESULT} }`,
  transferCase: `mutation($id: ID!, $to: String!, $reason: String!) { r: transferCase(caseId: $id, toUnitCode: $to, reason: $reason) ${CASE_RESULT} }`,
  linkUnit: `mutation($id: ID!, $unit: String!, $reason: LinkReason!) { r: linkUnit(caseId: $id, unitCode: $unit, reason: $reason) ${CASE_RESULT} }`,
  unlinkUnit: `mutation($id: ID!, $unit: String!) { r: unlinkUnit(caseId: $id, unitCode: $unit) ${CASE_RESULT} }`,
  orderRectification: `mutation($id: ID!, $due: Date!, $amount: Money!, $note: String) { r: orderRectification(caseId: $id, dueDate: $due, amountToPay: $amount, note: $note) ${CASE_RESULT} }`,
  recordPayment: `mutation($id: ID!, $amount: Money!, $workers: Int!, $note: String) { r: recordPayment(caseId: $id, amount: $amount, workersPaid: $workers, note: $note) ${CASE_RESULT} }`,
  decidePenalty: `mutation($id: ID!, $fine: Money!, $basis: String!) { r: decidePenalty(caseId: $id, fine: $fine, basis: $basis) ${CASE_RESULT} }`,
  transferToPolice: `mutation($id: ID!, $reason: String!) { r: transferToPolice(caseId: $id, reason: $reason) ${CASE_RESULT} }`,
  extendDeadline: `mutation($id: ID!, $reason: String!) { r: extendDeadline(caseId: $id, reason: $reason) ${CASE_RESULT} }`,
  closeCase: `mutation($id: ID!, $outcome: CaseOutcome!, $summary: String!) { r: closeCase(caseId: $id, outcome: $outcome, summary: $summary) ${CASE_RESULT} }`,
  addCaseNote: `mutation($id: ID!, $note: String!) { r: addCaseNote(caseId: $id, note: $note) ${CASE_RESULT} }`,
  issueSupervisionOrder: `mutation($id: ID!, $instructions: String!, $due: Date!) {
    r: issueSupervisionOrder(caseId: $id, instructions: $instructions, dueDate: $due) { id status overdue dueAt report reportedAt issuingUnit { code } }
  }`,
  reportOnSupervisionOrder: `mutation($orderId: ID!, $report: String!) {
    r: reportOnSupervisionOrder(orderId: $orderId, report: $report) { id status overdue report reportedAt }
  }`,
  requestAssistance: `mutation($id: ID!, $unit: String!, $request: String!) {
    r: requestAssistance(caseId: $id, unitCode: $unit, request: $request) { id request dueAt answer answeredAt toUnit { code } }
  }`,
  answerAssistance: `mutation($requestId: ID!, $answer: String!) {
    r: answerAssistance(requestId: $requestId, answer: $answer) { id answer answeredAt toUnit { code } }
  }`,
} as const;

/** The OpenCaseInput the helpers send (exported for tests that want to vary one field). */
/**
 * Every case command with valid arguments, aimed at case `id` (and, for the two commands on them,
 * at supervision order `order` and assistance request `request`); `linkTo` is the unit linkUnit names.
 */
export function everyCaseCommand(
  t: TestApp,
  a: { id: string; order: string; request: string; inspectorIds: string[]; linkTo: string },
): [string, string, Record<string, unknown>][] {
  const { id, inspectorIds: ids } = a;
  return [
    ['fileCase', CASE_OPS.fileCase, { id, ids }],
    ['rejectCase', CASE_OPS.rejectCase, { id, reason: '不予立案' }],
    ['transferCase', CASE_OPS.transferCase, { id, to: '411329101', reason: '移送' }],
    ['linkUnit', CASE_OPS.linkUnit, { id, unit: a.linkTo, reason: 'WORKER_ORIGIN' }],
    ['unlinkUnit', CASE_OPS.unlinkUnit, { id, unit: '410102' }],
    ['orderRectification', CASE_OPS.orderRectification, { id, due: serverDay(t, 10), amount: '100.00' }],
    ['recordPayment', CASE_OPS.recordPayment, { id, amount: '100.00', workers: 1 }],
    ['decidePenalty', CASE_OPS.decidePenalty, { id, fine: '100.00', basis: '依据' }],
    ['transferToPolice', CASE_OPS.transferToPolice, { id, reason: '涉罪' }],
    ['extendDeadline', CASE_OPS.extendDeadline, { id, reason: '延期' }],
    ['closeCase', CASE_OPS.closeCase, { id, outcome: 'NO_VIOLATION', summary: '结案' }],
    ['addCaseNote', CASE_OPS.addCaseNote, { id, note: '备注' }],
    ['issueSupervisionOrder', CASE_OPS.issueSupervisionOrder, { id, instructions: '督办', due: serverDay(t, 15) }],
    ['requestAssistance', CASE_OPS.requestAssistance, { id, unit: '411302', request: '协查' }],
    ['reportOnSupervisionOrder', CASE_OPS.reportOnSupervisionOrder, { orderId: a.order, report: '报告' }],
    ['answerAssistance', CASE_OPS.answerAssistance, { requestId: a.request, answer: '答复' }],
  ];
}

export function openCaseInput(opts: OpenCaseOptions = {}): Record<string, unknown> {
  const employer = {
    name: opts.employer?.name ?? `测试建筑有限公司${unique()}`,
    creditCode: opts.employer?.creditCode === undefined ? newCreditCode() : opts.employer.creditCode,
    ...(opts.employer?.registeredUnitCode !== undefined ? { registeredUnitCode: opts.employer.registeredUnitCode } : {}),
  };
  return {
    title: opts.title ?? unique('案件-'),
    source: opts.source ?? 'COMPLAINT',
    handlingUnitCode: opts.handlingUnitCode ?? '411329305',
    workplaceUnitCode: opts.workplaceUnitCode ?? '411329305212',
    employer,
    workersAffected: opts.workersAffected ?? 3,
    amountOwed: opts.amountOwed ?? '12800.00',
    description: opts.description ?? '拖欠农民工工资，测试用',
  };
}

/** Opens a case (status RECEIVED) through `openCase`; throws if the API refuses. */
export async function openCase(t: TestApp, opts: OpenCaseOptions = {}): Promise<OpenedCase> {
  const input = openCaseInput(opts);
  const { openCase: c } = await t.as(opts.as ?? 'insp.fanji').ok(OPEN_CASE, { input });
  return { id: c.id, number: c.number, title: c.title, employerId: c.employer.id, creditCode: c.employer.creditCode };
}

const userIds = new WeakMap<TestApp, Map<string, string>>();

/** The id of an account, from `me` (cached per test app). */
export async function userId(t: TestApp, username: string): Promise<string> {
  let cache = userIds.get(t);
  if (!cache) userIds.set(t, (cache = new Map()));
  const known = cache.get(username);
  if (known) return known;
  const { me } = await t.as(username).ok(`{ me { id } }`);
  cache.set(username, me.id);
  return me.id;
}

export interface FileOptions {
  /** The squad leader who files it (default lead.fanji). */
  leader?: string;
  /** Usernames of the inspectors to assign (default insp.fanji and insp.fanji2). */
  inspectors?: string[];
}

/** Files (立案) a RECEIVED case through `fileCase`; throws if the API refuses. */
export async function fileCase(t: TestApp, caseId: string, opts: FileOptions = {}): Promise<void> {
  const ids = await Promise.all((opts.inspectors ?? ['insp.fanji', 'insp.fanji2']).map((u) => userId(t, u)));
  await t.as(opts.leader ?? 'lead.fanji').ok(FILE_CASE, { id: caseId, ids });
}

/** Opens and files a case (status FILED). */
export async function openFiledCase(t: TestApp, opts: OpenCaseOptions & FileOptions = {}): Promise<OpenedCase> {
  const c = await openCase(t, opts);
  await fileCase(t, c.id, opts);
  return c;
}

export interface CaseState {
  status: string;
  number: string;
  handlingUnit: string;
  amountOwed: string;
  amountRecovered: string;
  extended: boolean;
  /** Event types, oldest first. */
  events: string[];
  links: { unit: string; reason: string }[];
}

/** What a case looks like now, read as `as` (default sup.henan, who sees every case in Henan). */
export async function caseState(t: TestApp, caseId: string, as = 'sup.henan'): Promise<CaseState> {
  const { case: c } = await t.as(as).ok(`query($id: ID!) { case(id: $id) {
      status number handlingUnit { code } amountOwed amountRecovered extended
      events { type } links { unit { code } reason }
    } }`, { id: caseId });
  return {
    status: c.status,
    number: c.number,
    handlingUnit: c.handlingUnit.code,
    amountOwed: c.amountOwed,
    amountRecovered: c.amountRecovered,
    extended: c.extended,
    events: c.events.map((e: { type: string }) => e.type),
    links: c.links.map((l: { unit: { code: string }; reason: string }) => ({ unit: l.unit.code, reason: l.reason })),
  };
}

/**
 * Opens a case and brings it to `status` by the shortest way (as the leader, default lead.fanji):
 * REJECTED by rejectCase; FILED by fileCase; RECTIFICATION_ORDERED, PENALTY_DECIDED,
 * TRANSFERRED_TO_POLICE and CLOSED (NO_VIOLATION) by their command straight from FILED.
 */
export async function openCaseInStatus(t: TestApp, status: string, opts: OpenCaseOptions & FileOptions = {}): Promise<OpenedCase> {
  const c = await openCase(t, opts);
  const lead = t.as(opts.leader ?? 'lead.fanji');
  if (status === 'RECEIVED') return c;
  if (status === 'REJECTED') {
    await lead.ok(CASE_OPS.rejectCase, { id: c.id, reason: '不属于本机关管辖' });
    return c;
  }
  await fileCase(t, c.id, opts);
  const next: Record<string, [string, Record<string, unknown>] | null> = {
    FILED: null,
    RECTIFICATION_ORDERED: [CASE_OPS.orderRectification, { id: c.id, due: serverDay(t, 30), amount: '1000.00' }],
    PENALTY_DECIDED: [CASE_OPS.decidePenalty, { id: c.id, fine: '5000.00', basis: '劳动保障监察条例第二十六条' }],
    TRANSFERRED_TO_POLICE: [CASE_OPS.transferToPolice, { id: c.id, reason: '涉嫌拒不支付劳动报酬罪' }],
    CLOSED: [CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary: '经查无违法行为' }],
  };
  if (!(status in next)) throw new Error(`openCaseInStatus: unknown status ${status}`);
  const step = next[status];
  if (step) await lead.ok(step[0], step[1]);
  return c;
}
