import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import type { Express, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { answerHttpError, HTTP_BODY_LIMIT_BYTES } from './http-edge';

/**
 * The common request, a POST to /graphql with a plain JSON body, goes from node:http straight to
 * Apollo's `executeHTTPGraphQLRequest`; everything else (other paths and methods, a query string,
 * another charset, a compressed, chunked, empty or too large body) goes to Express as before.
 * What Express added to such a request was its router, its middleware stack and body-parser:
 * 40 % of the server's CPU for `{ me { id } }` (bench/README.md, "Fourth round"). The answer is the
 * same either way (test/security/http-edges.spec.ts sends the same requests down both paths); the
 * request and response get Express's prototypes, so that what reads them (the rate limit's
 * `req.ip` behind `trust proxy`, its `res.header`) finds what it did.
 */
export function serveGraphqlDirectly(
  server: Server,
  express: Express,
  apollo: ApolloServer,
  context: (arg: { req: Request }) => object,
  headers: Record<string, string> = {},
): void {
  const direct = (req: IncomingMessage, res: ServerResponse): void => {
    if (!takesDirectly(req)) return void express(req, res);
    const length = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      Object.setPrototypeOf(req, express.request);
      Object.setPrototypeOf(res, express.response);
      const request = req as Request;
      const response = res as Response;
      (request as { res?: Response }).res = response;
      (response as { req?: Request }).req = request;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks, length).toString('utf8'));
      } catch {
        body = undefined;
      }
      // body-parser's strict mode, as on the Express path: an object or an array, else 400.
      if (typeof body !== 'object' || body === null) return answerHttpError({ status: 400 }, response);
      request.body = body;
      execute(apollo, request, response, context).catch((e) => answerHttpError(e, response));
    });
  };
  server.removeListener('request', express);
  server.on('request', direct);
}

/** Whether a request is the plain JSON POST this path takes; the rest goes through Express. */
function takesDirectly(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const h = req.headers;
  if (h['content-encoding'] !== undefined || h['transfer-encoding'] !== undefined) return false;
  const length = Number(h['content-length']);
  if (!(length > 0 && length <= HTTP_BODY_LIMIT_BYTES)) return false;
  const type = h['content-type'];
  return type === 'application/json' || /^application\/json\s*;\s*charset="?utf-8"?\s*$/i.test(type ?? '');
}

async function execute(
  apollo: ApolloServer,
  req: Request,
  res: Response,
  context: (arg: { req: Request }) => object,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: 'POST', headers, search: '', body: req.body };
  const answer = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context({ req }) });
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(answer.body.string));
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}
