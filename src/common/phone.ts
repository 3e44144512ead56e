/** Mainland China mobile numbers: 11 digits starting 13-19. */

const MOBILE_RE = /^1[3-9]\d{9}$/;

/** True for an 11-digit mainland mobile number (no spaces, no +86 prefix). */
export function isMainlandMobile(s: string): boolean {
  return MOBILE_RE.test(s);
}
