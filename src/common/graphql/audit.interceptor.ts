import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { from, Observable } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { RequestContext } from './request-context';

/** Argument names that identify what a mutation acts on (values of other arguments are never kept). */
const TARGET_ARGS = ['caseId', 'claimId', 'orderId', 'requestId', 'employerId', 'entryId', 'incidentId', 'partyId', 'applicationId'];
const log = new Logger('Audit');

/**
 * 等保 2.0: every mutation leaves one append-only audit_log row: who, which operation, on what,
 * with what outcome (OK, or the error code, also for refused calls). Arguments are not recorded:
 * they carry personal data. Case commands also keep their own timeline (case_event).
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records a finished mutation; does nothing for queries and subscriptions. */
  async record(gql: Pick<GqlExecutionContext, 'getInfo' | 'getArgs' | 'getContext'>, outcome: string): Promise<void> {
    if (gql.getInfo()?.parentType?.name !== 'Mutation') return;
    const args = gql.getArgs() as Record<string, unknown>;
    const input = args.input as Record<string, unknown> | undefined;
    const target = TARGET_ARGS.map((k) => args[k] ?? input?.[k]).find((v) => typeof v === 'string') as string | undefined;
    const ctx = gql.getContext<RequestContext>();
    await this.ds
      .query(`INSERT INTO audit_log (at, user_id, action, target, outcome) VALUES ($1, $2, $3, $4, $5)`, [
        this.clock.now(),
        ctx.user?.id ?? null,
        gql.getInfo().fieldName,
        target?.slice(0, 64) ?? null,
        outcome,
      ])
      .catch((e: Error) => log.error(`audit write failed: ${e.message}`));
  }
}

/** Records successful mutations (failures are recorded by GraphqlPassthroughFilter). */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    return next.handle().pipe(mergeMap((value) => from(this.audit.record(gql, 'OK').then(() => value))));
  }
}
