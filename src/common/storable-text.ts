/**
 * Text PostgreSQL cannot store: NUL (U+0000, refused by every text column) and lone UTF-16
 * surrogates (not Unicode scalar values: the driver would write U+FFFD in their place, so the
 * stored text would differ from what was sent).
 */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The dotted path (from `prefix`) of the first string in `value` that is not storable, looking
 * through arrays (no index in the path: fields are named, not positions) and plain objects; null
 * when every string is fine.
 */
export function unstorableTextPath(value: unknown, prefix: string): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : prefix;
  if (Array.isArray(value)) {
    for (const item of value) {
      const at = unstorableTextPath(item, prefix);
      if (at !== null) return at;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const at = unstorableTextPath(item, prefix ? `${prefix}.${key}` : key);
      if (at !== null) return at;
    }
  }
  return null;
}
