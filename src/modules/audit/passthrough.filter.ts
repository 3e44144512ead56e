import { ArgumentsHost, Catch, Injectable } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { answerHttpError } from '../../common/http/http-edge';

/**
 * Hands every resolver error to Apollo untouched, so that formatError (the one API edge) maps
 * it (Nest would otherwise log expected AppErrors as server errors); the audit row of a refused
 * or failed operation is written around the resolver (AuditLog). Outside GraphQL (an unknown
 * route, a body that cannot be parsed, a controller) it answers the request with the error's
 * HTTP status. It never throws: what a global filter throws is left unhandled by Nest.
 */
@Catch()
@Injectable()
export class GraphqlPassthroughFilter implements GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'graphql') return answerHttpError(exception, host.switchToHttp().getResponse<Response>());
    return exception;
  }
}
