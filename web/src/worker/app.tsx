import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, SessionStore, type Session } from '../shared/session';

/** The worker pages' session (its own storage key, apart from the console's). */
const Store = createContext<SessionStore | null>(null);

export function WorkerProvider({ children }: { children: ReactNode }) {
  const store = useMemo(() => new SessionStore('labor-inspection.worker.session'), []);
  return <Store.Provider value={store}>{children}</Store.Provider>;
}

export function useStore(): SessionStore {
  const s = useContext(Store);
  if (!s) throw new Error('useStore outside WorkerProvider');
  return s;
}

export function useWorkerSession(): Session | null {
  const store = useStore();
  // The prerendered first page (prerender.tsx) is the page of a visitor without a session.
  return useSyncExternalStore(store.subscribe, store.snapshot, () => null);
}

/** The server's words for a failure, without the English gloss; a dropped connection in plain words. */
export function plainError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return '网络不通，请检查手机网络后再试。';
    const m = /^(.*[\u4e00-\u9fff].*?)\s*\([^()]*[A-Za-z][^()]*\)\s*$/.exec(err.message);
    return m ? m[1] : err.message;
  }
  return '出了点问题，请稍后再试。';
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a query now, again when `deps` change, and again when the worker comes back to the page
 * (tab shown or window focused), so that a status changed meanwhile shows without a manual refresh.
 */
export function useQuery<T>(query: string, variables: Record<string, unknown>, deps: unknown[], opts: { refreshOnReturn?: boolean; skip?: boolean } = {}): Loaded<T> {
  const store = useStore();
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: !opts.skip });
  const vars = useRef(variables);
  vars.current = variables;
  const seq = useRef(0);
  const run = useCallback(() => {
    if (opts.skip) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    store.request<T>(query, vars.current).then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (err) => mine === seq.current && setState((s) => ({ data: s.data, error: plainError(err), loading: false })),
    );
  }, [store, query, opts.skip, ...deps]);
  useEffect(run, [run]);
  useEffect(() => {
    if (!opts.refreshOnReturn) return;
    const onShow = () => document.visibilityState === 'visible' && run();
    document.addEventListener('visibilitychange', onShow);
    window.addEventListener('focus', onShow);
    window.addEventListener('pageshow', onShow);
    return () => {
      document.removeEventListener('visibilitychange', onShow);
      window.removeEventListener('focus', onShow);
      window.removeEventListener('pageshow', onShow);
    };
  }, [run, opts.refreshOnReturn]);
  return { ...state, reload: run };
}

/** The frame of every page: a title bar with a way back, the content, the hotline at the foot. */
export function Page({ title, back, children }: { title: string; back?: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · 欠薪求助`;
  }, [title]);
  return (
    <div className="page">
      <header className="bar">
        {back ? (
          <Link className="bar-back" to={back} aria-label="返回">
            ‹ 返回
          </Link>
        ) : (
          <span className="bar-back" />
        )}
        <h1>{title}</h1>
        <span className="bar-back" />
      </header>
      <main className="content">{children}</main>
      <footer className="foot">
        劳动保障咨询投诉电话 <a href="tel:12333">12333</a>
        <span className="foot-links">
          <Link to="/worker">首页</Link> · <Link to="/public">政务公开</Link>
        </span>
      </footer>
    </div>
  );
}

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <p className="muted" role="status">
      {text}
    </p>
  );
}

export function ErrorBox({ text, onRetry }: { text: string; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <p>{text}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

/** A labelled field with its rule explained beneath and its error (from the browser or the server) next to it. */
export function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error?: string | null; children: (id: string, describedBy: string) => ReactNode }) {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
