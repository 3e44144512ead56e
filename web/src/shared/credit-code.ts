/**
 * 统一社会信用代码 (GB 32100) in the browser: the server's own check, not a copy, so that a code
 * the form accepts is a code the server accepts.
 */
export { isValidCreditCode, normalizeCreditCode } from '../../../src/common/credit-code';
