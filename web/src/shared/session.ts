/**
 * The console's session: the tokens from `login`, kept in localStorage so that a reload or a
 * second tab stays logged in; the access token is refreshed shortly before it expires (and once
 * more when the server answers UNAUTHENTICATED), so that nobody is logged out in the middle of a
 * form; `logout` revokes the refresh token on the server. Calls go straight to /graphql with
 * fetch, not through Apollo, so that the refresh can never wait on itself.
 */

export type Role = 'WORKER' | 'GRID_ASSISTANT' | 'INSPECTOR' | 'SQUAD_LEADER' | 'SUPERVISOR' | 'ADMIN';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: { code: string; name: string; level: string } | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Expiry of the access token, epoch milliseconds (from its `exp`). */
  accessExpiresAt: number;
  user: SessionUser;
}

/** A GraphQL error as the server sends it (code and, for BAD_USER_INPUT, the fields). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

const USER_FIELDS = 'user { id username displayName role unit { code name level } }';
/** Refresh when less than this is left of the access token (or a third of its life, if shorter). */
const REFRESH_MARGIN_MS = 60_000;

export class SessionStore {
  private session: Session | null;
  private listeners = new Set<() => void>();
  private refreshing: Promise<Session | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storageKey: string,
    private readonly endpoint = '/graphql',
  ) {
    this.session = this.read();
    this.schedule();
    // Outside a browser (the build prerenders the workers' first page) there is no other tab.
    if (typeof window === 'undefined') return;
    window.addEventListener('storage', (e) => {
      if (e.key !== this.storageKey) return;
      this.session = this.read();
      this.schedule();
      this.emit();
    });
  }

  get current(): Session | null {
    return this.session;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): Session | null => this.session;

  async login(username: string, password: string): Promise<Session> {
    const data = await this.call<{ login: Omit<Session, 'accessExpiresAt'> }>(
      `mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken ${USER_FIELDS} } }`,
      { u: username, p: password },
    );
    return this.store(data.login);
  }

  /** A worker signs up with phone, password, real name and ID number, and is signed in at once. */
  async registerWorker(input: { phone: string; password: string; realName: string; idCardNumber: string }): Promise<Session> {
    const data = await this.call<{ registerWorker: Omit<Session, 'accessExpiresAt'> }>(
      `mutation RegisterWorker($i: RegisterWorkerInput!) { registerWorker(input: $i) { accessToken refreshToken ${USER_FIELDS} } }`,
      { i: input },
    );
    return this.store(data.registerWorker);
  }

  /** Any operation as the signed-in user (or anonymously), by fetch: for pages without Apollo. */
  async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const token = await this.accessToken();
    try {
      return await this.call<T>(query, variables, token ?? undefined, signal);
    } catch (err) {
      if (token && err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
        const s = await this.refresh();
        if (s) return this.call<T>(query, variables, s.accessToken, signal);
      }
      throw err;
    }
  }

  /** Revokes the refresh token on the server, then forgets the session here in any case. */
  async logout(): Promise<void> {
    const s = this.session;
    this.clear();
    if (!s) return;
    try {
      await this.call(`mutation Logout($t: String!) { logout(refreshToken: $t) }`, { t: s.refreshToken }, s.accessToken);
    } catch {
      // Already expired or revoked: nothing left to revoke.
    }
  }

  /** An access token that is valid for a while yet, refreshed first if it is about to expire. */
  async accessToken(): Promise<string | null> {
    const s = this.session;
    if (!s) return null;
    if (s.accessExpiresAt - Date.now() > this.margin(s)) return s.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /**
   * Exchanges the refresh token for new tokens (one exchange at a time: refresh tokens rotate, so
   * two parallel exchanges would revoke each other). A refused refresh ends the session.
   */
  refresh(): Promise<Session | null> {
    if (this.refreshing) return this.refreshing;
    const s = this.session;
    if (!s) return Promise.resolve(null);
    this.refreshing = this.call<{ refreshSession: Omit<Session, 'accessExpiresAt'> }>(
      `mutation Refresh($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken ${USER_FIELDS} } }`,
      { t: s.refreshToken },
    )
      .then((d) => this.store(d.refreshSession))
      .catch((err: unknown) => {
        // Another tab may have rotated the token already: take its session if it did.
        const stored = this.read();
        if (stored && stored.refreshToken !== s.refreshToken) {
          this.session = stored;
          this.schedule();
          this.emit();
          return stored;
        }
        if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') this.clear();
        return null;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  clear(): void {
    this.session = null;
    localStorage.removeItem(this.storageKey);
    clearTimeout(this.timer);
    this.emit();
  }

  private margin(s: Session): number {
    const issued = decodeJwt(s.accessToken).iat * 1000;
    const life = s.accessExpiresAt - (Number.isFinite(issued) ? issued : s.accessExpiresAt - 900_000);
    return Math.min(REFRESH_MARGIN_MS, life / 3);
  }

  private store(p: Omit<Session, 'accessExpiresAt'>): Session {
    const session: Session = { ...p, accessExpiresAt: decodeJwt(p.accessToken).exp * 1000 };
    this.session = session;
    localStorage.setItem(this.storageKey, JSON.stringify(session));
    this.schedule();
    this.emit();
    return session;
  }

  /** Refreshes ahead of expiry while the page is open. */
  private schedule(): void {
    clearTimeout(this.timer);
    const s = this.session;
    if (!s) return;
    const wait = Math.max(0, s.accessExpiresAt - Date.now() - this.margin(s));
    this.timer = setTimeout(() => void this.refresh(), Math.min(wait, 2 ** 31 - 1));
  }

  private read(): Session | null {
    try {
      const raw = localStorage.getItem(this.storageKey);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private async call<T>(query: string, variables: Record<string, unknown>, token?: string, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch {
      throw new ApiError('无法连接服务器，请检查网络后重试', 'NETWORK');
    }
    const body = (await res.json().catch(() => ({}))) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string; fields?: string[] } }[];
    };
    const e = body.errors?.[0];
    if (e) throw new ApiError(e.message, e.extensions?.code, e.extensions?.fields);
    if (!body.data) throw new ApiError(`服务器错误 (HTTP ${res.status})`, 'INTERNAL_SERVER_ERROR');
    return body.data;
  }
}

/** The claims of a JWT (not verified: the server does that; the browser only reads `exp`). */
export function decodeJwt(token: string): { exp: number; iat: number; sub?: string } {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return { exp: 0, iat: 0 };
  }
}
