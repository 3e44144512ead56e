import { CASE_OPS } from './cases';
import { newCreditCode, staffIds } from './claims';
import { serverDay, TestApp, unique, Who } from './test-app';

/**
 * Grid supervision (issue 5) through the real GraphQL API: the employer register, inspections,
 * warnings, the blacklist and statistics. Every employer gets a fresh credit code and name, so
 * that test files sharing one database never touch each other's rows. Operations run as someone
 * through `t.as(who)`, whose logins follow the server's clock: these tests travel it by years.
 */

/** Demo units (see /work/shared/demo-data.md). */
export const XINYE = '411329';
export const FANJI = '411329305';
export const YANGZHUANG = '411329305212';
export const WANGZHUANG = '411329101';

// ------------------------------------------------------------------ documents

export const EMPLOYER_FIELDS = `id name creditCode riskLevel blacklisted registeredUnit { code } grid { code }`;
export const REGISTER_EMPLOYER = `mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { ${EMPLOYER_FIELDS} } }`;
export const ASSIGN_GRID = `mutation($id: ID!, $grid: String!) { assignEmployerToGrid(employerId: $id, gridCode: $grid) { ${EMPLOYER_FIELDS} } }`;
export const EMPLOYER = `query($id: ID!) { employer(id: $id) { ${EMPLOYER_FIELDS} } }`;
export const EMPLOYERS = `query($first: Int, $after: String, $unit: String, $q: String) {
  employers(first: $first, after: $after, unitCode: $unit, search: $q) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EMPLOYER_FIELDS} } }
  }
}`;
export const RECORD_INSPECTION = `mutation($i: RecordInspectionInput!) {
  recordInspection(input: $i) { id inspectedAt findings violationFound employer { id riskLevel } grid { code } inspector { username } }
}`;
export const WARNINGS = `query($unit: String!) {
  warnings(unitCode: $unit) { id level reasons raisedAt resolvedAt unit { code } employer { id name riskLevel } }
}`;
export const ENTRY_FIELDS = `id status reason proposedAt objectionDueAt listedAt expiresAt removedAt removalReason employer { id blacklisted } case { id number }
  basis facts legalBasis decisionNumber listingUnit { code }
  notice { servedAt facts reasons legalBasis rights statementDueAt }
  statement { text receivedAt answer accepted answeredAt }
  parties { id role name idCardMasked addedAt }
  incident { id kind confirmedAt }
  repairApplications { id applicant commitment correctedAt appliedAt decisionDueAt decidedAt granted decisionReason }`;
export const PROPOSE = `mutation($e: ID!, $c: ID!, $r: String!, $facts: String, $incident: ID, $parties: [BlacklistPartyInput!]) {
  proposeBlacklisting(employerId: $e, caseId: $c, reason: $r, facts: $facts, incidentId: $incident, parties: $parties) { ${ENTRY_FIELDS} }
}`;
export const CONFIRM = `mutation($id: ID!, $no: String) { confirmBlacklisting(entryId: $id, decisionNumber: $no) { ${ENTRY_FIELDS} } }`;
export const REMOVE = `mutation($id: ID!, $r: String!) { removeFromBlacklist(entryId: $id, reason: $r) { ${ENTRY_FIELDS} } }`;
export const BLACKLIST = `query($unit: String, $person: String) { blacklist(unitCode: $unit, partyIdCardNumber: $person) { ${ENTRY_FIELDS} } }`;
const INCIDENT_FIELDS = `id kind occurredOn place description recordedAt confirmedAt confirmedUnit { code }`;
export const RECORD_INCIDENT = `mutation($c: ID!, $i: ArrearsIncidentInput!) { recordArrearsIncident(caseId: $c, input: $i) { ${INCIDENT_FIELDS} } }`;
export const CONFIRM_INCIDENT = `mutation($id: ID!) { confirmArrearsIncident(incidentId: $id) { ${INCIDENT_FIELDS} } }`;
export const INCIDENTS = `query($c: ID!) { arrearsIncidents(caseId: $c) { ${INCIDENT_FIELDS} } }`;
export const ADD_PARTY = `mutation($id: ID!, $p: BlacklistPartyInput!) { addBlacklistParty(entryId: $id, input: $p) { ${ENTRY_FIELDS} } }`;
export const REMOVE_PARTY = `mutation($id: ID!) { removeBlacklistParty(partyId: $id) { ${ENTRY_FIELDS} } }`;
export const STATEMENT = `mutation($id: ID!, $s: String!, $at: DateTime) { recordBlacklistStatement(entryId: $id, statement: $s, receivedAt: $at) { ${ENTRY_FIELDS} } }`;
export const ANSWER = `mutation($id: ID!, $a: String!, $ok: Boolean!) { answerBlacklistStatement(entryId: $id, answer: $a, accepted: $ok) { ${ENTRY_FIELDS} } }`;
const REPAIR_FIELDS = `id applicant commitment correctedAt appliedAt decisionDueAt decidedAt granted decisionReason`;
export const APPLY_REPAIR = `mutation($id: ID!, $who: String!, $pledge: String!) { applyForBlacklistRemoval(entryId: $id, applicant: $who, commitment: $pledge) { ${REPAIR_FIELDS} } }`;
export const DECIDE_REPAIR = `mutation($id: ID!, $ok: Boolean!, $r: String!) { decideBlacklistRemoval(applicationId: $id, granted: $ok, reason: $r) { ${REPAIR_FIELDS} } }`;

/** A valid resident ID number (GB 11643) born in Xinye in 1980, with a random sequence. */
export function partyIdCard(): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const body = `4113291980${two(1 + rnd(12))}${two(1 + rnd(28))}${String(rnd(1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** A legal representative to name in a proposal (the decision must name one). */
export function legalRep(name = '张建军', idCardNumber = partyIdCard()) {
  return { name, role: 'LEGAL_REPRESENTATIVE', idCardNumber };
}
export const PUBLISHED = `query($search: String, $first: Int, $after: String) {
  publishedBlacklist(search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id employerName creditCode listingUnit { code name } decisionNumber basis reason facts listedAt expiresAt parties { name role } } }
  }
}`;
const STATS_FIELDS = `unit { code } casesOpen casesOverdue casesClosed claimsPending amountOwed amountRecovered workersAffected`;
export const UNIT_STATS = `query($unit: String!, $from: Date, $to: Date) { unitStats(unitCode: $unit, from: $from, to: $to) { ${STATS_FIELDS} } }`;
export const CHILD_STATS = `query($unit: String!, $from: Date, $to: Date) { childUnitStats(unitCode: $unit, from: $from, to: $to) { ${STATS_FIELDS} } }`;
export const CASE_EVENTS = `query($id: ID!) { case(id: $id) { id number status overdue amountOwed amountRecovered events { type note at } } }`;
const OPEN_CASE = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id number employer { id } } }`;

// ------------------------------------------------------------------ employers

export interface Employer {
  id: string;
  name: string;
  creditCode: string;
  riskLevel: string;
  blacklisted: boolean;
  registeredUnit: { code: string } | null;
  grid: { code: string } | null;
}

/** Registers an employer (default: as sup.xinye, registered in 樊集乡, in grid 杨庄村); throws if refused. */
export async function registerEmployer(
  t: TestApp,
  patch: { as?: Who; name?: string; creditCode?: string; registeredUnitCode?: string; gridCode?: string | null } = {},
): Promise<Employer> {
  const input = {
    name: patch.name ?? unique('网格测试建筑有限公司'),
    creditCode: patch.creditCode ?? newCreditCode(),
    registeredUnitCode: patch.registeredUnitCode ?? FANJI,
    gridCode: patch.gridCode === undefined ? YANGZHUANG : patch.gridCode,
  };
  const { registerEmployer: e } = await t.as(patch.as ?? 'sup.xinye').ok(REGISTER_EMPLOYER, { i: input });
  return e;
}

/** An employer as `as` (default sup.henan, who sees all of Henan) sees it now. */
export async function employerNow(t: TestApp, id: string, as: Who = 'sup.henan'): Promise<Employer> {
  return (await t.as(as).ok(EMPLOYER, { id })).employer;
}

export interface WarningRow {
  id: string;
  level: string;
  reasons: string[];
  raisedAt: string;
  resolvedAt: string | null;
  unit: { code: string };
  employer: { id: string; name: string; riskLevel: string };
}

/** The open warning of one employer in `warnings(unitCode)` as `as`, or undefined. */
export async function openWarning(t: TestApp, employerId: string, unitCode = FANJI, as: Who = 'sup.xinye'): Promise<WarningRow | undefined> {
  const { warnings } = await t.as(as).ok(WARNINGS, { unit: unitCode });
  return (warnings as WarningRow[]).find((w) => w.employer.id === employerId);
}

/** The warning rows of an employer straight from the table (resolved ones too), oldest first. */
export async function warningRows(t: TestApp, employerId: string): Promise<{ level: string; reasons: string[]; resolved_at: Date | null }[]> {
  return t.ds.query(`SELECT level, reasons, resolved_at FROM warning WHERE employer_id = $1 ORDER BY raised_at, id`, [employerId]);
}

/** Records an inspection (default as grid.yangzhuang). */
export async function inspect(t: TestApp, employerId: string, violationFound: boolean, as: Who = 'grid.yangzhuang') {
  const findings = violationFound ? '工地未按月足额发放工资，工资专用账户未开设' : '工资发放台账齐全，未发现违法';
  return (await t.as(as).ok(RECORD_INSPECTION, { i: { employerId, findings, violationFound } })).recordInspection;
}

// ------------------------------------------------------------------ cases

export interface GridCase {
  id: string;
  number: string;
  employerId: string;
}

export interface GridCaseOptions {
  /** Who opens it (default insp.fanji). */
  as?: Who;
  /** Who files it (default lead.fanji) with `inspectors` (default insp.fanji, insp.fanji2). */
  leader?: Who;
  inspectors?: string[];
  handlingUnitCode?: string;
  workplaceUnitCode?: string;
  workersAffected?: number;
  amountOwed?: string;
  title?: string;
}

/** Opens a case against `employer` (its name and credit code; default in 樊集乡, 杨庄村). */
export async function openCaseAgainst(t: TestApp, employer: { name: string; creditCode: string | null }, o: GridCaseOptions = {}): Promise<GridCase> {
  const input = {
    title: o.title ?? unique('网格案件-'),
    source: 'INSPECTION',
    handlingUnitCode: o.handlingUnitCode ?? FANJI,
    workplaceUnitCode: o.workplaceUnitCode ?? YANGZHUANG,
    employer: { name: employer.name, creditCode: employer.creditCode },
    workersAffected: o.workersAffected ?? 3,
    amountOwed: o.amountOwed ?? '12800.00',
    description: '拖欠农民工工资，网格测试用',
  };
  const { openCase } = await t.as(o.as ?? 'insp.fanji').ok(OPEN_CASE, { i: input });
  return { id: openCase.id, number: openCase.number, employerId: openCase.employer.id };
}

/** Files a RECEIVED case (立案). */
export async function fileGridCase(t: TestApp, caseId: string, o: GridCaseOptions = {}): Promise<void> {
  const ids = await staffIds(t, o.inspectors ?? ['insp.fanji', 'insp.fanji2']);
  await t.as(o.leader ?? 'lead.fanji').ok(CASE_OPS.fileCase, { id: caseId, ids });
}

/** A fresh employer and a filed case against it with a payment order due tomorrow (default: one worker, 5,000 yuan, below the blacklist threshold). */
export async function orderedCase(t: TestApp, workersAffected = 1, amountOwed = '5000.00'): Promise<{ e: Employer; c: GridCase & { dueDate: string } }> {
  const e = await registerEmployer(t);
  return { e, c: await openOrderedCase(t, e, { workersAffected, amountOwed }) };
}

/** Opens and files a case against `employer`, then orders payment of the amount owed by `dueInDays` days from the server's today. */
export async function openOrderedCase(
  t: TestApp,
  employer: { name: string; creditCode: string | null },
  o: GridCaseOptions & { dueInDays?: number; actor?: Who } = {},
): Promise<GridCase & { dueDate: string }> {
  const c = await openCaseAgainst(t, employer, o);
  await fileGridCase(t, c.id, o);
  const dueDate = serverDay(t, o.dueInDays ?? 1);
  await t.as(o.actor ?? 'insp.fanji').ok(CASE_OPS.orderRectification, { id: c.id, due: dueDate, amount: o.amountOwed ?? '12800.00' });
  return { ...c, dueDate };
}

// ------------------------------------------------------------------ money and time

/** Yuan string to fen. */
export function fen(yuan: string): bigint {
  const [i, f = ''] = yuan.split('.');
  return BigInt(i) * 100n + BigInt(f.padEnd(2, '0'));
}

/** Fen to a yuan string with two decimals. */
export function yuan(f: bigint): string {
  const sign = f < 0n ? '-' : '';
  const abs = f < 0n ? -f : f;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const DAY = 86_400_000;

/** `from` plus whole calendar months (UTC), as the blacklist's six-month and repair periods count. */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** `from` plus whole calendar years (UTC), as a listing's three years count. */
export function addYears(from: Date, years: number): Date {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * The set-up of a grid-supervision test file: one TestApp for the file, the clock put back after
 * each test (the blacklist tests travel it by months and years), closed at the end. Registers the
 * jest hooks; `use` receives the app once started.
 */
export function gridTestApp(use: (t: TestApp) => void): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await TestApp.start();
    use(app);
  });
  afterEach(() => app?.clock.reset());
  afterAll(() => app?.close());
}
