import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** What a GraphQL error looks like on the wire, as far as the tests read it. */
export interface WsError {
  message: string;
  extensions?: { code?: string };
}

/**
 * One graphql-ws subscription against a running server, collecting what arrives: the `data` of
 * every `next` message in order, the errors of an `error` message (or of a `next` that carried
 * some), and whether the server completed it.
 */
export class WsSubscription<T = any> {
  readonly received: T[] = [];
  readonly errors: WsError[] = [];
  completed = false;
  /** Resolves once the server acknowledged the connection. */
  connected!: Promise<void>;
  private waiters: (() => void)[] = [];
  private unsubscribe: () => void = () => undefined;

  private constructor(private readonly client: Client) {}

  /**
   * Subscribes over `ws://<host>/graphql`, authenticated with `token` in the connection params
   * (`{ authorization: 'Bearer <token>' }`) when one is given. `httpUrl` is the server's base URL.
   */
  static start<T = any>(httpUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): WsSubscription<T> {
    let acknowledged!: () => void;
    const connected = new Promise<void>((resolve) => (acknowledged = resolve));
    const client = createClient({
      on: { connected: () => acknowledged() },
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      lazy: false,
      retryAttempts: 0,
      // A failed connection surfaces through the sink; nothing else to log.
      onNonLazyError: () => undefined,
    });
    const sub = new WsSubscription<T>(client);
    sub.connected = connected;
    sub.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (msg) => {
          if (msg.errors?.length) sub.errors.push(...(msg.errors as unknown as WsError[]));
          if (msg.data) sub.received.push(msg.data as T);
          sub.wake();
        },
        error: (err) => {
          sub.errors.push(...toErrors(err));
          sub.wake();
        },
        complete: () => {
          sub.completed = true;
          sub.wake();
        },
      },
    );
    return sub;
  }

  /**
   * Resolves with the first item received (so far or later) that matches, or rejects after
   * `timeoutMs`: a bound for a wait, never an assertion on timing.
   */
  async waitFor(match: (item: T) => boolean, timeoutMs = 10_000, what = 'a matching event'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.received)}, errors ${JSON.stringify(this.errors)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once an error arrived or the subscription ended, or rejects after `timeoutMs`. */
  async ended(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.errors.length && !this.completed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the subscription to end');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.client.dispose();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** graphql-ws reports an `error` message as an array of GraphQL errors, a failed socket as an Error or CloseEvent. */
function toErrors(err: unknown): WsError[] {
  if (Array.isArray(err)) return err as WsError[];
  if (err instanceof Error) return [{ message: err.message }];
  const close = err as { code?: number; reason?: string };
  return [{ message: `socket closed${close?.code ? ` (${close.code} ${close.reason ?? ''})` : ''}` }];
}
