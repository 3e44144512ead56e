import { ensureWebBuilt } from '../../src/web/web-build';

/** The browser tests need the built pages: build them once when missing or stale. */
export function buildWebForTests(): void {
  ensureWebBuilt((m) => console.warn(m));
}
