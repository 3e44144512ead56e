import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';

/** The largest request body the server reads (JSON), in bytes and as body-parser spells it. */
export const HTTP_BODY_LIMIT_BYTES = 100 * 1024;
export const HTTP_BODY_LIMIT = `${HTTP_BODY_LIMIT_BYTES / 1024}kb`;

const logger = new Logger('HTTP');

/**
 * What a client is told for each HTTP-level refusal: a fixed sentence per status, so that an
 * answer never echoes the request (parser messages quote the body) nor names internals.
 */
const MESSAGES: Partial<Record<number, string>> = {
  400: 'Malformed request: the body is not valid JSON or its compression is broken',
  404: 'Not found',
  405: 'Method not allowed',
  413: `Request body too large (at most ${HTTP_BODY_LIMIT})`,
  415: 'Unsupported media type or content encoding: send application/json (identity, gzip, deflate or br)',
  431: 'Request headers too large',
};

/** The HTTP status an error stands for: Nest's HttpException, or an http-errors error (body-parser). */
export function httpStatusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { status?: unknown; statusCode?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return status !== undefined && status >= 400 && status <= 599 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}

/**
 * Answers an exception raised outside GraphQL (unknown route, body parsing, a controller) with
 * its status and a small JSON body `{ statusCode, error, message }`. A client error is the
 * client's: it is not logged. A server error is logged by name only (its message may carry
 * data) and answered without internals. Never throws: the caller is an exception filter, and
 * what a filter throws has nowhere left to go.
 */
export function answerHttpError(exception: unknown, res: Response): void {
  const status = httpStatusOf(exception);
  if (status >= 500) {
    const err = exception instanceof Error ? exception : new Error(String(exception));
    logger.error(`${err.name} answered as HTTP ${status}${topFrame(err)}`);
  }
  try {
    if (res.headersSent) {
      res.end();
      return;
    }
    const message = MESSAGES[status] ?? (status >= 500 ? 'Internal server error' : STATUS_CODES[status]);
    if (status === 405) res.setHeader('Allow', GRAPHQL_METHODS.join(', '));
    res.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });
  } catch {
    res.destroy();
  }
}

const GRAPHQL_METHODS = ['GET', 'POST', 'OPTIONS'];

/**
 * In front of the GraphQL endpoint: a method other than GET and POST is 405 (with `Allow`), and
 * a POST whose body is not `application/json` is 415, before anything reads the body. (A JSON
 * POST is what browsers cannot send cross-site without a preflight, so this is also the first
 * line of the CSRF prevention; Apollo's own check stays for GET.)
 */
export function graphqlHttpEdge(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'OPTIONS') {
    res.setHeader('Allow', GRAPHQL_METHODS.join(', '));
    res.status(204).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    next(new HttpException('Method not allowed', HttpStatus.METHOD_NOT_ALLOWED));
    return;
  }
  if (req.method === 'POST' && !isJson(req.headers['content-type'])) {
    next(new HttpException('Unsupported media type', HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    return;
  }
  next();
}

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json';
}

function topFrame(err: Error): string {
  const frame = err.stack?.split('\n').find((l) => l.trim().startsWith('at '));
  return frame ? ` ${frame.trim()}` : '';
}

let guarded = false;

/**
 * An unhandled promise rejection anywhere is logged and the process goes on serving (Node would
 * end it). Logged by name, code and the place it came from, never the message: a driver's
 * message may quote the data of the row at fault.
 */
export function installProcessGuards(): void {
  if (guarded) return;
  guarded = true;
  process.on('unhandledRejection', logUnhandledRejection);
}

export function logUnhandledRejection(reason: unknown): void {
  const err = reason instanceof Error ? reason : null;
  const code = (reason as { code?: unknown } | null)?.code;
  const name = err ? err.name : typeof reason;
  logger.error(`unhandled rejection: ${name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}${err ? topFrame(err) : ''}`);
}
