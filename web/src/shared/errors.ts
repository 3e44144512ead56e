import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { FormInstance } from 'antd';
import { ApiError } from './session';

export interface ErrorInfo {
  message: string;
  code?: string;
  fields: string[];
}

/** The first GraphQL error of whatever a call threw: message, contract code, fields at fault. */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiError) return { message: err.message, code: err.code, fields: err.fields };
  if (CombinedGraphQLErrors.is(err)) {
    const e = err.errors[0];
    const fields = (e?.extensions?.fields as string[] | undefined) ?? [];
    return { message: e?.message ?? err.message, code: e?.extensions?.code as string | undefined, fields };
  }
  if (err instanceof Error) {
    return { message: /fetch|network/i.test(err.message) ? '无法连接服务器，请检查网络后重试' : err.message, code: 'NETWORK', fields: [] };
  }
  return { message: String(err), fields: [] };
}

/**
 * The server's text without the English gloss it appends in parentheses, e.g.
 * "登录已失效，请重新登录 (session expired…)" → "登录已失效，请重新登录". Messages without Chinese are
 * kept as they are.
 */
export function displayMessage(message: string): string {
  const m = /^(.*[\u4e00-\u9fff].*?)\s*\([^()]*[A-Za-z][^()]*\)\s*$/.exec(message);
  return m ? m[1] : message;
}

/**
 * Puts BAD_USER_INPUT errors next to their fields: `extensions.fields` names input fields
 * (`amountOwed`, or a path such as `workers.idNumber`); `fieldMap` maps them to form names where
 * they differ. Returns true when at least one field of the form took the error.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fieldMap: Record<string, (string | number)[] | string> = {}): boolean {
  const info = errorInfo(err);
  if (info.code !== 'BAD_USER_INPUT' || !info.fields.length) return false;
  const known = new Set(
    Object.keys(form.getFieldsValue(true) as object).concat(Object.keys(fieldMap)),
  );
  const errors = info.fields
    .map((f) => {
      const mapped = fieldMap[f] ?? fieldMap[f.split('.').pop()!];
      const name = mapped ?? (known.has(f) ? f : f.split('.').pop()!);
      return { name: (Array.isArray(name) ? name : [name]) as (string | number)[], errors: [displayMessage(info.message)] };
    })
    .filter((e) => known.has(String(e.name[0])));
  if (!errors.length) return false;
  form.setFields(errors);
  return true;
}

export const isConflict = (err: unknown) => errorInfo(err).code === 'CONFLICT';
