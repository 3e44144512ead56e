/** Password strength policy for staff accounts. */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const WEAK_MESSAGE =
  '密码至少8位，且包含大写字母、小写字母、数字、符号中的三类 (at least 8 characters with 3 of: upper, lower, digit, symbol)';
const TOO_LONG_MESSAGE = '密码不能超过128位 (at most 128 characters)';

/**
 * Null when `pw` is acceptable: 8-128 characters (Unicode code points) containing at least
 * 3 of 4 classes: lowercase, uppercase, digit, other. Otherwise a short bilingual message.
 */
export function passwordProblem(pw: string): string | null {
  const length = Array.from(pw).length;
  if (length > PASSWORD_MAX_LENGTH) return TOO_LONG_MESSAGE;
  if (length < PASSWORD_MIN_LENGTH) return WEAK_MESSAGE;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
  return classes >= 3 ? null : WEAK_MESSAGE;
}
