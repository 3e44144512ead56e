/**
 * The server's password rule (src/common/password-policy.ts), explained before the worker submits:
 * 8 to 128 characters with at least 3 of lowercase, uppercase, digits and symbols.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const PASSWORD_RULE = '至少8位，并且包含大写字母、小写字母、数字、符号中的三种，例如 Wang@2026';

/** What is missing, in plain words; null when the password is accepted. */
export function passwordProblem(pw: string): string | null {
  const length = Array.from(pw).length;
  if (length > PASSWORD_MAX_LENGTH) return `密码太长了，最多${PASSWORD_MAX_LENGTH}位`;
  const missing: string[] = [];
  if (!/[a-z]/.test(pw)) missing.push('小写字母');
  if (!/[A-Z]/.test(pw)) missing.push('大写字母');
  if (!/[0-9]/.test(pw)) missing.push('数字');
  if (!/[^a-zA-Z0-9]/.test(pw)) missing.push('符号（如 @ # !）');
  if (length < PASSWORD_MIN_LENGTH) return `密码太短：至少${PASSWORD_MIN_LENGTH}位（现在${length}位）。${PASSWORD_RULE}`;
  if (missing.length > 1) return `密码太简单：还要加上${missing.slice(0, missing.length - 1).join('或')}。${PASSWORD_RULE}`;
  return null;
}
