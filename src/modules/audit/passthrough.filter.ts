import { ArgumentsHost, Catch, Injectable } from '@nestjs/common';
import { GqlArgumentsHost, GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { AppError } from '../../common/errors';
import { answerHttpError } from '../../common/http/http-edge';
import { AuditLog } from './audit.interceptor';

/**
 * Hands every resolver error to Apollo untouched, so that formatError (the one API edge) maps
 * it (Nest would otherwise log expected AppErrors as server errors), and records a failed or
 * refused mutation in the audit log. Outside GraphQL (an unknown route, a body that cannot be
 * parsed, a controller) it answers the request with the error's HTTP status: this filter is
 * global and async, and a rejection from it is left unhandled by Nest, which used to end the
 * process on the first such request.
 */
@Catch()
@Injectable()
export class GraphqlPassthroughFilter implements GqlExceptionFilter {
  constructor(private readonly audit: AuditLog) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<unknown> {
    if (host.getType<string>() !== 'graphql') return answerHttpError(exception, host.switchToHttp().getResponse<Response>());
    const gql = GqlArgumentsHost.create(host);
    await this.audit.record(gql, exception instanceof AppError ? exception.code : 'ERROR');
    return exception;
  }
}
