import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../uuid';

/** What an audit row records: a mutation, a login attempt, or a read of personal data. */
export type AuditKind = 'MUTATION' | 'LOGIN' | 'READ';

/** One audit row before it is chained (seq, time and hash are added when it is appended). */
export interface AuditEntry {
  kind: AuditKind;
  operation: string;
  userId: string | null;
  unitCode: string | null;
  targets: string[];
  /** OK, or the error code of a refused or failed operation. */
  outcome: string;
  /** A short fact that is no personal data (e.g. "account locked"), or null. */
  detail: string | null;
}

/** Who acts: an account and its unit. */
export interface AuditActor {
  id: string;
  unitCode: string | null;
}

/** Appends one entry to the audit chain inside the given transaction. */
export type AuditWriter = (m: EntityManager, entry: AuditEntry) => Promise<void>;

const MAX_TARGETS = 20;

/**
 * The unit of work of one GraphQL operation: who, what, on which records, with what outcome.
 * Started for every root Query and Mutation field (AuditLog.auditRootFields);
 * `transaction()` writes its row as the last statement of the operation's own transaction.
 */
export class AuditScope {
  private readonly targetIds = new Set<string>();
  private settled: { outcome: string; detail: string | null } | null = null;
  private noted: string | null = null;
  /** Personal data handed to the caller in the clear (READ rows). */
  private revealedIds = new Set<string>();
  /** True once the row is committed: nothing else writes for this operation. */
  written = false;

  /** Set by actAs; otherwise the caller's. */
  private actor: AuditActor | null = null;

  constructor(
    readonly kind: AuditKind,
    readonly operation: string,
    /** The signed-in caller, read when the row is written: the scope starts before the guard identifies them. */
    private readonly caller: () => AuditActor | null,
    private readonly writer: AuditWriter,
  ) {}

  /** The account acting (login learns it only after the look-up). */
  actAs(user: AuditActor): void {
    this.actor = { id: user.id, unitCode: user.unitCode };
  }

  target(...ids: (string | null | undefined)[]): void {
    for (const id of ids) if (id && this.targetIds.size < MAX_TARGETS) this.targetIds.add(storableTarget(id));
  }

  /** A result that is not plain OK, written in the same transaction (e.g. a reused refresh token). */
  settle(outcome: string, detail: string | null = null): void {
    this.settled = { outcome, detail };
  }

  /** A short fact about the outcome (never personal data), kept whatever the outcome. */
  note(detail: string): void {
    this.noted = detail.slice(0, 200);
  }

  /** The caller received personal data of these records unmasked. */
  revealed(...ids: string[]): void {
    for (const id of ids) this.revealedIds.add(id);
    this.target(...ids);
  }

  get revealedCount(): number {
    return this.revealedIds.size;
  }

  entry(outcome = 'OK', detail: string | null = null): AuditEntry {
    const actor = this.actor ?? this.caller();
    return {
      kind: this.kind,
      operation: this.operation,
      userId: actor?.id ?? null,
      unitCode: actor?.unitCode ?? null,
      targets: [...this.targetIds],
      outcome: this.settled?.outcome ?? outcome,
      detail: this.settled?.detail ?? this.noted ?? detail,
    };
  }

  /** Writes the row in `m` (the caller commits); marks it written once `commit` resolves. */
  async writeIn(m: EntityManager, outcome?: string, detail?: string | null): Promise<void> {
    await this.writer(m, this.entry(outcome, detail));
  }
}

const storage = new AsyncLocalStorage<AuditScope>();

/** The audit scope of the operation being run, if any (none in scheduled jobs and scripts). */
export function currentAudit(): AuditScope | undefined {
  return storage.getStore();
}

export function runAudited<T>(scope: AuditScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

/**
 * Runs `work` in one transaction and, when an audited operation is running, writes its audit row
 * as the transaction's last statement: the change and its trace commit together or not at all.
 * Every command uses this instead of `DataSource.transaction`.
 */
export async function transaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  let wrote = false;
  const result = await ds.transaction(async (m) => {
    const value = await work(m);
    if (scope && !scope.written) {
      scope.target(...createdIds(value));
      await scope.writeIn(m);
      wrote = true;
    }
    return value;
  });
  if (wrote) scope!.written = true;
  return result;
}

/** Ids of what a command returns (the record, or records one level down): its targets. */
function createdIds(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  const ids: string[] = [];
  const own = (value as { id?: unknown }).id;
  if (typeof own === 'string' && isUuid(own)) ids.push(own);
  for (const v of Object.values(value as Record<string, unknown>)) {
    const id = v && typeof v === 'object' && !Array.isArray(v) ? (v as { id?: unknown }).id : undefined;
    if (typeof id === 'string' && isUuid(id)) ids.push(id);
  }
  return ids;
}

/**
 * A target id as the database will store it, so that the chain's hash covers exactly the stored
 * text: at most 64 code points (never half of a surrogate pair), NUL dropped and lone surrogates
 * as U+FFFD (what the UTF-8 encoder writes for them). Ids come from the caller's arguments.
 */
export function storableTarget(id: string): string {
  const clean = id.split('\u0000').join('').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return Array.from(clean).slice(0, 64).join('');
}
