/**
 * Mainland mobile numbers, checked in the browser by the same rule as the server
 * (src/common/phone.ts): 11 digits starting 13-19, no spaces, no +86.
 */
const MOBILE_RE = /^1[3-9]\d{9}$/;

export function isMainlandMobile(s: string): boolean {
  return MOBILE_RE.test(s);
}

/** What a worker may type: spaces, dashes and a leading +86 are dropped. */
export function normalizePhone(s: string): string {
  return s.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}
