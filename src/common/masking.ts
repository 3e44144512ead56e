/** Display masks for personal data. Use these in responses and logs; never log plain values. */

/** `410***********1234`: first 3 and last 4 kept, length preserved; short input fully masked. */
export function maskIdCard(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** `138****5678`: first 3 and last 4 kept, length preserved; short input fully masked. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** `张三` -> `张*`, `欧阳娜娜` -> `欧***`; a one-character name becomes `*`. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `**** **** 1234`: only the last 4 digits shown; the length is hidden. Spaces/dashes ignored. */
export function maskBankAccount(account: string): string {
  const compact = account.replace(/[\s-]/g, '');
  if (compact.length <= 4) return '****';
  return `**** **** ${compact.slice(-4)}`;
}
