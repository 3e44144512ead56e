import { readFileSync } from 'node:fs';
import { makeCreditCode } from '../../src/common/credit-code';
import { shanghaiDate } from '../../src/common/time';
import { newWorkerInput } from './people';
import { addDays, serverDay, TestApp, unique, Who } from './test-app';

/**
 * Wage claims (issue 4) through the real GraphQL API, for integration tests. Every claim gets a
 * unique employer name and idempotency key unless told otherwise; workers are registered per test
 * file, so that files sharing one database never touch each other's rows.
 * Operations run as someone through `t.as(who)` (test-app.ts), which also accepts a `Worker`.
 */

// ------------------------------------------------------------------ documents

export const CLAIM_FIELDS = `
  id number status employerName employerCreditCode projectName
  workplaceUnit { code level } routedUnit { code level name }
  amountOwed periodFrom periodTo workersAffected description
  claimantName claimantPhone submittedAt responseDueAt
  caseNumber caseStatus
  updates { at message }`;

export const SUBMIT = `mutation($i: SubmitWageClaimInput!) { submitWageClaim(input: $i) { ${CLAIM_FIELDS} } }`;
export const ACCEPT = `mutation($id: ID!) { acceptWageClaim(claimId: $id) { ${CLAIM_FIELDS} case { id number } } }`;
export const REJECT = `mutation($id: ID!, $reason: String!) { rejectWageClaim(claimId: $id, reason: $reason) { ${CLAIM_FIELDS} } }`;
export const WITHDRAW = `mutation($id: ID!) { withdrawWageClaim(claimId: $id) { ${CLAIM_FIELDS} } }`;
export const CLAIM = `query($id: ID!) { wageClaim(id: $id) { ${CLAIM_FIELDS} case { id number status } } }`;
export const MY_CLAIMS = `query($first: Int, $after: String) {
  myWageClaims(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${CLAIM_FIELDS} } } }
}`;
export const STAFF_CLAIMS = `query($first: Int, $after: String, $filter: WageClaimFilter) {
  wageClaims(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${CLAIM_FIELDS} } }
  }
}`;
export const CASE = `query($id: ID!) { case(id: $id) {
  id number status source workersAffected amountOwed amountRecovered handlingDueAt
  handlingUnit { code } workplaceUnit { code } employer { name creditCode }
  links { unit { code } reason } events { type note }
  claims { id number status employerName claimantName claimantPhone amountOwed workersAffected caseNumber }
} }`;
const CASE_RESULT = `{ id number status amountOwed amountRecovered workersAffected handlingDueAt }`;
export const OPEN_CASE = `mutation($i: OpenCaseInput!) { r: openCase(input: $i) ${CASE_RESULT} }`;
export const FILE_CASE = `mutation($id: ID!, $ids: [ID!]!) { r: fileCase(caseId: $id, inspectorIds: $ids) ${CASE_RESULT} }`;
export const REJECT_CASE = `mutation($id: ID!, $reason: String!) { r: rejectCase(caseId: $id, reason: $reason) ${CASE_RESULT} }`;
export const ORDER = `mutation($id: ID!, $due: Date!, $amount: Money!) { r: orderRectification(caseId: $id, dueDate: $due, amountToPay: $amount) ${CASE_RESULT} }`;
export const PAY = `mutation($id: ID!, $amount: Money!, $workers: Int!) { r: recordPayment(caseId: $id, amount: $amount, workersPaid: $workers) ${CASE_RESULT} }`;
export const CLOSE = `mutation($id: ID!, $outcome: CaseOutcome!, $summary: String!) { r: closeCase(caseId: $id, outcome: $outcome, summary: $summary) ${CASE_RESULT} }`;

// ------------------------------------------------------------------ deadlines

const chineseDays = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

/**
 * The deadline of `n` working days after the instant `from`, computed independently of the server
 * from the published schedule (chinese-days): a working day is a make-up workday, or Monday to
 * Friday and not a holiday; the day of `from` (Shanghai) never counts; due at 23:59:59.999+08:00.
 */
export function expectedDueAt(from: string, n: number): string {
  let day = shanghaiDate(new Date(from));
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const working = day in chineseDays.workdays || (weekday !== 0 && weekday !== 6 && !(day in chineseDays.holidays));
    if (working) left--;
  }
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString();
}

// ------------------------------------------------------------------ people and sessions

export interface Worker {
  id: string;
  phone: string;
  password: string;
  realName: string;
  idCardNumber: string;
}

/** Registers a worker whose ID number says home county `region`. */
export async function registerWorker(t: TestApp, region = '411329', realName = '赵测试'): Promise<Worker> {
  const input = { ...newWorkerInput(region), realName };
  const { registerWorker: r } = await t.anonymous.ok(
    `mutation($i: RegisterWorkerInput!) { registerWorker(input: $i) { accessToken user { id } } }`,
    { i: input },
  );
  return { id: r.user.id, ...input };
}

/** Ids of staff accounts by username. */
export async function staffIds(t: TestApp, usernames: string[]): Promise<string[]> {
  const rows: { id: string; username: string }[] = await t.ds.query(`SELECT id, username FROM app_user WHERE username = ANY($1::text[])`, [usernames]);
  return usernames.map((u) => {
    const row = rows.find((r) => r.username === u);
    if (!row) throw new Error(`no account ${u}`);
    return row.id;
  });
}

// ------------------------------------------------------------------ claims

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid unified social credit code (GB 32100) no other test uses. */
export function newCreditCode(region = '411329'): string {
  let body = `91${region}`;
  for (let i = 0; i < 9; i++) body += CREDIT_CHARS[Math.floor(Math.random() * CREDIT_CHARS.length)];
  return makeCreditCode(body);
}

/** The same code with a wrong check character. */
export function badCheckChar(code: string): string {
  const wrong = CREDIT_CHARS[(CREDIT_CHARS.indexOf(code[17]) + 1) % CREDIT_CHARS.length];
  return code.slice(0, 17) + wrong;
}

/** A SubmitWageClaimInput that passes every rule (dates relative to the server's today). */
export function claimInput(t: TestApp, patch: Record<string, unknown> = {}): Record<string, any> {
  return {
    employerName: `测试欠薪劳务有限公司${unique()}`,
    workplaceUnitCode: '411329305212',
    amountOwed: '4500.50',
    periodFrom: serverDay(t, -90),
    periodTo: serverDay(t, -30),
    workersAffected: 2,
    description: '包工头拖欠我们两个月的工资，多次讨要都没有结果。',
    idempotencyKey: unique('key-'),
    ...patch,
  };
}

/** Submits a claim as `worker`; throws if refused. */
export async function submitClaim(t: TestApp, worker: Worker, patch: Record<string, unknown> = {}) {
  const { submitWageClaim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, patch) });
  return submitWageClaim;
}

/** Rows a worker has written: claims, and the updates of those claims. */
export async function claimRows(t: TestApp, workerId: string): Promise<{ claims: number; updates: number }> {
  const [row] = await t.ds.query(
    `SELECT (SELECT count(*)::int FROM wage_claim WHERE claimant_id = $1) AS claims,
            (SELECT count(*)::int FROM wage_claim_update u JOIN wage_claim w ON w.id = u.claim_id WHERE w.claimant_id = $1) AS updates`,
    [workerId],
  );
  return { claims: row.claims, updates: row.updates };
}

/** Every claim of a staff list (all pages of 100), in the order served. */
export async function allStaffClaims(t: TestApp, who: Who, filter: Record<string, unknown> = {}): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { wageClaims }: any = await t.as(who).ok(STAFF_CLAIMS, { first: 100, after, filter });
    nodes.push(...wageClaims.edges.map((e: any) => e.node));
    if (!wageClaims.pageInfo.hasNextPage) return nodes;
    after = wageClaims.pageInfo.endCursor;
  }
}

/** The phone as staff must see it: first 3, four asterisks, last 4. */
export function maskedPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** The name as staff must see it: the first character, then one asterisk per further character. */
export function maskedName(name: string): string {
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** An OpenCaseInput for a case in 樊集乡 (or `handlingUnitCode`) against `employer`. */
export function caseInput(employer: { name: string; creditCode?: string | null }, patch: Record<string, unknown> = {}) {
  return {
    title: unique('欠薪案件-'),
    source: 'COMPLAINT',
    handlingUnitCode: '411329305',
    workplaceUnitCode: '411329305212',
    employer: { name: employer.name, creditCode: employer.creditCode ?? null },
    workersAffected: 3,
    amountOwed: '12800.00',
    description: '拖欠农民工工资，测试用案件',
    ...patch,
  };
}
