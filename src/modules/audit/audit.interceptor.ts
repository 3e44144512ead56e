import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AuditService } from './audit.service';
import { AuditKind, AuditScope, runAudited } from '../../common/audit/audit-scope';
import { AppError } from '../../common/errors';
import { RequestContext } from '../access/request-context';

/** Argument names that identify what a mutation acts on (values of other arguments are never kept). */
const TARGET_ARGS = ['caseId', 'claimId', 'orderId', 'requestId', 'employerId', 'entryId', 'userId', 'incidentId', 'partyId', 'applicationId'];
/** Mutations that are login attempts (their rows are of kind LOGIN). */
const LOGINS = new Set(['login', 'refreshSession']);
const log = new Logger('Audit');

/** Operations of one request that already have their row, by response path. */
const audited = new WeakMap<object, Set<string>>();

const pathOf = (info: GraphQLResolveInfo) => responsePathAsArray(info.path).join('.');
const outcomeOf = (err: unknown) => (err instanceof AppError ? err.code : 'INTERNAL_SERVER_ERROR');

/**
 * 等保 2.0: every mutation leaves one audit row (who, their unit, the operation, the target ids,
 * OK or the error code), written in the mutation's own transaction (see `transaction()`); a
 * refused or failed one, which changed nothing, in a transaction of its own. The operation answers
 * once its row is linked into the chain (`AuditService.chained`). Arguments are not
 * recorded: they carry personal data. Queries leave a READ row when they hand out personal data
 * unmasked. If the row cannot be written, the operation fails.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly audit: AuditService) {}

  /** A scope for a root Query or Mutation field; none for anything else. */
  scopeFor(gql: Pick<GqlExecutionContext, 'getInfo' | 'getArgs' | 'getContext'>): AuditScope | null {
    const info = gql.getInfo<GraphQLResolveInfo>();
    const parent = info?.parentType?.name;
    if (parent !== 'Mutation' && parent !== 'Query') return null;
    const ctx = gql.getContext<RequestContext>();
    const kind: AuditKind = parent === 'Query' ? 'READ' : LOGINS.has(info.fieldName) ? 'LOGIN' : 'MUTATION';
    const actor = ctx.user ? { id: ctx.user.id, unitCode: ctx.user.unitCode } : null;
    const scope = new AuditScope(kind, info.fieldName, actor, this.audit.writer);
    const args = gql.getArgs() as Record<string, unknown>;
    const input = (args.input ?? {}) as Record<string, unknown>;
    for (const k of TARGET_ARGS) {
      const v = args[k] ?? input[k];
      if (typeof v === 'string') scope.target(v);
    }
    return scope;
  }

  /**
   * Records a mutation that failed before or while it ran (the exception filter calls this for
   * refusals by the guard, which run before any interceptor); once per operation.
   */
  async record(gql: Pick<GqlExecutionContext, 'getInfo' | 'getArgs' | 'getContext'>, outcome: string, scope = this.scopeFor(gql)): Promise<void> {
    if (!scope || scope.kind === 'READ' || scope.written) return;
    const marks = this.marks(gql);
    const key = pathOf(gql.getInfo());
    if (marks.has(key)) return;
    marks.add(key);
    await this.audit.writeAlone(scope, outcome).catch((e: Error) => log.error(`audit write failed for a refused ${scope.operation}: ${e.message}`));
  }

  /** Runs the operation inside its audit scope and writes the row that no transaction wrote. */
  async run<T>(gql: GqlExecutionContext, scope: AuditScope, operation: () => Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await runAudited(scope, operation);
    } catch (err) {
      // Its transaction committed the row, then something failed: the row is linked all the same.
      if (scope.written) await this.audit.chained();
      await this.record(gql, outcomeOf(err), scope);
      throw err;
    }
    this.marks(gql).add(pathOf(gql.getInfo()));
    // The row committed with the command's transaction: the answer waits until it is in the chain.
    if (scope.written) await this.audit.chained();
    // A mutation that wrote through no transaction, or a read that revealed personal data: its row alone.
    else if (scope.kind !== 'READ' || scope.revealedCount > 0) await this.audit.writeAlone(scope, 'OK');
    return value;
  }

  private marks(gql: Pick<GqlExecutionContext, 'getContext'>): Set<string> {
    const ctx = gql.getContext<object>();
    let set = audited.get(ctx);
    if (!set) audited.set(ctx, (set = new Set()));
    return set;
  }
}

/** Starts the audit scope of every root Query and Mutation field. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const scope = this.audit.scopeFor(gql);
    if (!scope) return next.handle();
    return from(this.audit.run(gql, scope, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
