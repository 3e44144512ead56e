import { ArgumentsHost, Catch, Injectable } from '@nestjs/common';
import { GqlArgumentsHost, GqlExceptionFilter } from '@nestjs/graphql';
import { AppError } from '../errors';
import { AuditLog } from './audit.interceptor';

/**
 * Hands every resolver error to Apollo untouched, so that formatError (the one API edge) maps
 * it (Nest would otherwise log expected AppErrors as server errors), and records a failed or
 * refused mutation in the audit log.
 */
@Catch()
@Injectable()
export class GraphqlPassthroughFilter implements GqlExceptionFilter {
  constructor(private readonly audit: AuditLog) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<unknown> {
    if (host.getType<string>() !== 'graphql') throw exception;
    const gql = GqlArgumentsHost.create(host);
    await this.audit.record(gql, exception instanceof AppError ? exception.code : 'ERROR');
    return exception;
  }
}
