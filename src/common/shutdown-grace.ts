import type { Server } from 'node:http';
import { INestApplication, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/** How often a draining server closes the keep-alive connections that have become idle. */
const IDLE_SWEEP_MS = 100;

/** What drain needs of a subscription's WebSocket (a `ws` WebSocket). */
interface Closable {
  close(code: number, reason: string): void;
}

/**
 * The WebSockets of the open subscriptions (graphql-ws's onConnect and onClose keep it, see
 * graphql.options.ts). A drain closes them first, as going away (1001), so that their clients
 * subscribe again on another instance; an open one would hold the server's close forever.
 */
export const subscriptionSockets = new Set<Closable>();

/**
 * SIGTERM or SIGINT: the HTTP server stops accepting connections, subscriptions are closed and
 * in-flight requests finish;
 * only then does the application close (GraphQL, events, the database last) and the process
 * exits 0. Should in-flight work hang, it exits 1 once SHUTDOWN_GRACE_SECONDS have passed, so an
 * orchestrator's own kill never has to. The drain comes first because closing the application
 * first would stop Apollo, whose own drain cuts requests still running after 10 s.
 */
export function closeOnSignals(app: INestApplication, config: AppConfig, log = new Logger('Shutdown')): void {
  let received = false;
  const close = async (signal: NodeJS.Signals): Promise<void> => {
    if (received) return;
    received = true;
    log.log(`${signal}: finishing in-flight requests (at most ${config.SHUTDOWN_GRACE_SECONDS} s)`);
    setTimeout(() => {
      log.error(`still busy ${config.SHUTDOWN_GRACE_SECONDS} s after ${signal}: exiting`);
      process.exit(1);
    }, config.SHUTDOWN_GRACE_SECONDS * 1000).unref();
    try {
      await drain(app.getHttpServer());
      await app.close();
    } catch (e) {
      log.error(`shutdown failed: ${(e as Error).name}`);
      process.exit(1);
    }
    process.exit(0);
  };
  for (const signal of SIGNALS) process.on(signal, close);
}

/**
 * Resolves once the server is closed: no new connections, and every open one has ended.
 * Subscriptions are closed at once; a keep-alive connection as soon as it is idle (between two
 * requests); one with a request in flight once the answer has been sent.
 */
export function drain(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    for (const socket of subscriptionSockets) socket.close(1001, 'Going away');
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
  });
}
