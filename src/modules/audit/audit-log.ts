import { Injectable, Logger } from '@nestjs/common';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { AuditService } from './audit.service';
import { AuditKind, AuditScope, runAudited } from '../../common/audit/audit-scope';
import { AppError } from '../../common/errors';
import { RequestContext } from '../access/request-context';

/** Argument names that identify what a mutation acts on (values of other arguments are never kept). */
const TARGET_ARGS = ['caseId', 'claimId', 'orderId', 'requestId', 'employerId', 'entryId', 'userId', 'incidentId', 'partyId', 'applicationId'];
/** Mutations that are login attempts (their rows are of kind LOGIN). */
const LOGINS = new Set(['login', 'refreshSession']);
const log = new Logger('Audit');

const outcomeOf = (err: unknown) => (err instanceof AppError ? err.code : 'INTERNAL_SERVER_ERROR');

/**
 * 等保 2.0: every mutation leaves one audit row (who, their unit, the operation, the target ids,
 * OK or the error code), written in the mutation's own transaction (see `transaction()`); a
 * refused or failed one, which changed nothing, in a transaction of its own. The operation answers
 * once its row is linked into the chain (`AuditService.chained`). Arguments are not
 * recorded: they carry personal data. Queries leave a READ row when they hand out personal data
 * unmasked. If the row cannot be written, the operation fails.
 *
 * Every root Query and Mutation field of the schema is wrapped in its scope (`auditRootFields`),
 * outside Nest's guards, pipes and filters: a refusal by a guard is recorded like any failure, and
 * no interceptor chain (rxjs and two AsyncResource bindings per field) runs on every request.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly audit: AuditService) {}

  /** Wraps each root Query and Mutation field's resolver in its audit scope; returns the schema. */
  auditRootFields(schema: GraphQLSchema): GraphQLSchema {
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const resolve = field.resolve;
        if (!resolve) continue;
        field.resolve = (parent, args, ctx: RequestContext, info) =>
          this.run(this.scopeFor(args, ctx, info), async () => resolve(parent, args, ctx, info));
      }
    }
    return schema;
  }

  /** The scope of a root Query or Mutation field; its actor is the caller once the guard has identified them. */
  scopeFor(args: Record<string, unknown>, ctx: RequestContext, info: GraphQLResolveInfo): AuditScope {
    const kind: AuditKind = info.parentType.name === 'Query' ? 'READ' : LOGINS.has(info.fieldName) ? 'LOGIN' : 'MUTATION';
    const caller = () => (ctx.user ? { id: ctx.user.id, unitCode: ctx.user.unitCode } : null);
    const scope = new AuditScope(kind, info.fieldName, caller, this.audit.writer);
    const input = (args.input ?? {}) as Record<string, unknown>;
    for (const k of TARGET_ARGS) {
      const v = args[k] ?? input[k];
      if (typeof v === 'string') scope.target(v);
    }
    return scope;
  }

  /** Runs the operation inside its audit scope and writes the row that no transaction wrote. */
  async run<T>(scope: AuditScope, operation: () => Promise<T>): Promise<T> {
    let value: T | undefined;
    let thrown = false;
    let failure: unknown = null;
    try {
      value = await runAudited(scope, operation);
      // Nest's exception filter hands a refusal back as the resolver's value; GraphQL raises it.
      if (value instanceof Error) failure = value;
    } catch (err) {
      thrown = true;
      failure = err;
    }
    // The row committed with the command's transaction (whatever failed after it): the answer
    // waits until it is in the chain.
    if (scope.written) await this.audit.chained();
    // Refused or failed, nothing changed: the row alone.
    else if (failure !== null) {
      if (scope.kind !== 'READ') {
        await this.audit.writeAlone(scope, outcomeOf(failure)).catch((e: Error) => log.error(`audit write failed for a refused ${scope.operation}: ${e.message}`));
      }
    }
    // A mutation that wrote through no transaction, or a read that revealed personal data: its row alone.
    else if (scope.kind !== 'READ' || scope.revealedCount > 0) await this.audit.writeAlone(scope, 'OK');
    if (thrown) throw failure;
    return value as T;
  }
}
