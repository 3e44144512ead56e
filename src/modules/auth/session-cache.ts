import { performance } from 'node:perf_hooks';
import type { CurrentUser } from '../access/current-user';

/** A session (logout) or every session of an account (token reuse, deactivation) has ended. */
export interface Revocation {
  sessionId?: string;
  userId?: string;
}

/** What the cache needs to know of the revocations' bus (BusStatus). */
export interface RevocationFeed {
  /** Changes whenever messages may have been missed (the connection was lost). */
  readonly epoch: number;
  /** Whether every revocation announced more than a moment ago has been received. */
  readonly trusted: boolean;
}

/** Taken before a session is read from the database; the read is kept only if nothing was revoked meanwhile. */
export interface Ticket {
  readonly generation: number;
  readonly epoch: number;
}

interface Entry {
  user: Readonly<CurrentUser>;
  expiresAt: number;
}

/**
 * The callers of live sessions, by session id, so that an authenticated request needs no query
 * to know who calls: bounded (least recently used out first), each entry kept at most `ttlMs`.
 * Revocations drop entries (`revoke`, fed by SessionRevocations from every instance). The cache
 * answers only while the feed is trusted, and empties itself when the feed's epoch changes
 * (revocations may have been missed); meanwhile every request reads the database.
 *
 * A read that started before a revocation must not put the revoked session back: `ticket()`
 * before the read notes the revocation generation and the feed's epoch, and `put` keeps the
 * read only if neither changed (any revocation meanwhile, of whatever session, means a re-read).
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private epoch: number;

  constructor(
    private readonly feed: RevocationFeed,
    private readonly options: { size: number; ttlMs: number },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.epoch = feed.epoch;
  }

  /** The caller of a live session, when known; undefined means "read the database". */
  get(sessionId: string): Readonly<CurrentUser> | undefined {
    if (!this.usable()) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    this.entries.delete(sessionId);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(sessionId, entry); // most recently used last
    return entry.user;
  }

  /** Before reading a session from the database; null when whatever is read will not be kept. */
  ticket(): Ticket | null {
    return this.usable() ? { generation: this.generation, epoch: this.epoch } : null;
  }

  /** Keeps what was read for `ticket`, unless a revocation or a lost connection came in between. */
  put(ticket: Ticket | null, sessionId: string, user: CurrentUser): void {
    if (!ticket || !this.usable() || ticket.generation !== this.generation || ticket.epoch !== this.epoch) return;
    const { sessionId: _, ...rest } = user;
    const frozen = Object.freeze({ ...rest, unitPath: Object.freeze([...user.unitPath]) as string[] });
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { user: frozen, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.size) this.entries.delete(this.entries.keys().next().value!);
  }

  /** A session, or every session of an account, has ended. */
  revoke(r: Revocation): void {
    this.generation++;
    if (r.sessionId) this.entries.delete(r.sessionId);
    if (r.userId) for (const [sid, e] of this.entries) if (e.user.id === r.userId) this.entries.delete(sid);
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private usable(): boolean {
    if (this.options.size === 0) return false;
    if (this.feed.epoch !== this.epoch) {
      this.entries.clear();
      this.epoch = this.feed.epoch;
      this.generation++;
    }
    return this.feed.trusted;
  }
}
