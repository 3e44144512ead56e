/**
 * Field-level encryption for personal data (ID numbers, phones, bank accounts).
 * Two keys are derived from one 32-byte master key with HKDF-SHA256: "pii-encrypt" for
 * AES-256-GCM and "pii-lookup" for a deterministic HMAC used in unique look-ups.
 * Error messages never include plaintext or key material.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

/** Decodes a 32-byte key from a Buffer, a 64-char hex string, or a base64/base64url string. */
function decodeKey(key: Buffer | string): Buffer {
  let buf: Buffer;
  if (Buffer.isBuffer(key)) buf = key;
  else if (/^[0-9a-fA-F]{64}$/.test(key)) buf = Buffer.from(key, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(key)) buf = Buffer.from(key, 'base64');
  else throw new Error('PII key must be 32 bytes as a Buffer, 64 hex chars or base64');
  if (buf.length !== 32) throw new Error('PII key must be exactly 32 bytes');
  return buf;
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}

/** AES-256-GCM encryption plus HMAC look-up hashing for PII columns. */
export class PiiCipher {
  readonly #encKey: Buffer;
  readonly #lookupKey: Buffer;

  constructor(key: Buffer | string) {
    const master = decodeKey(key);
    this.#encKey = derive(master, 'pii-encrypt');
    this.#lookupKey = derive(master, 'pii-lookup');
  }

  /** Encrypts to `v1.<iv>.<tag>.<ciphertext>` (base64url parts); a fresh random IV every call. */
  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    cipher.setAAD(Buffer.from(VERSION));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** Decrypts a token from `encrypt`. Throws if malformed, tampered with, or under another key. */
  decrypt(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => B64URL_RE.test(p))) {
      throw new Error('malformed PII token');
    }
    const iv = Buffer.from(parts[1], 'base64url');
    const tag = Buffer.from(parts[2], 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('malformed PII token');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#encKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(VERSION));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('PII token failed authentication');
    }
  }

  /**
   * Deterministic HMAC-SHA256 (hex) for equality look-ups and unique indexes.
   * Normalize first (e.g. `normalizeIdCard`) so equal values hash equally.
   */
  lookupHash(plain: string): string {
    return createHmac('sha256', this.#lookupKey).update(plain, 'utf8').digest('hex');
  }

  /** Keeps key material out of logs and console.log output. */
  toJSON(): string {
    return 'PiiCipher';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'PiiCipher {}';
  }
}
