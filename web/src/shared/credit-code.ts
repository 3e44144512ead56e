import { isValidCreditCode, normalizeCreditCode } from '../../../src/common/credit-code';

/**
 * The browser checks a unified social credit code with the server's own GB 32100 code
 * (src/common/credit-code.ts, shared, not copied), so a typo is caught before the form is sent.
 * Returns what is wrong in Chinese, or null when the code is valid.
 */
export function creditCodeProblem(input: string): string | null {
  const code = normalizeCreditCode(input);
  if (!code) return null;
  if (code.length !== 18) return `统一社会信用代码应为18位（当前${code.length}位）`;
  if (/[IOZSV]/.test(code)) return '统一社会信用代码不含字母 I、O、Z、S、V';
  if (!/^[0-9A-Z]{2}\d{6}/.test(code)) return '统一社会信用代码第3至8位应为行政区划代码（数字）';
  if (!isValidCreditCode(code)) return '统一社会信用代码校验位不正确，请核对';
  return null;
}

export { isValidCreditCode, normalizeCreditCode };
