/**
 * Resident identity card numbers (GB 11643-1999), checked in the browser by the same rules as the
 * server (src/common/id-card.ts): 17 digits and a check character (ISO 7064 MOD 11-2, 0-9 or X),
 * and a real birth date between 1900-01-01 and today in Asia/Shanghai.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const FORMAT_RE = /^\d{17}[\dX]$/;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function normalizeIdCard(s: string): string {
  return s.trim().toUpperCase();
}

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Why the number is not accepted, in plain words; null when it is. */
export function idCardProblem(s: string, now: Date = new Date()): string | null {
  const id = normalizeIdCard(s);
  if (!id) return '请填写身份证号码';
  if (!FORMAT_RE.test(id)) return `身份证号码是18位（现在${id.length}位），最后一位可以是X`;
  if (checkChar(id.slice(0, 17)) !== id[17]) return '身份证号码有误（最后一位校验码对不上），请逐位核对';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || !isRealDay(year, month, day)) return '身份证号码中的出生日期不对，请核对';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  if (birth > today) return '身份证号码中的出生日期不对，请核对';
  return null;
}

export function isValidIdCard(s: string, now: Date = new Date()): boolean {
  return idCardProblem(s, now) === null;
}
