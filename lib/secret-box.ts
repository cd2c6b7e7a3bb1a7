import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** How DUBAN_SECRET_KEY is written: 32 random bytes, as 64 hex digits or base64 (`openssl rand -base64 32`). */
export const SECRET_KEY_FORM = '32 bytes as 64 hex digits or base64, e.g. `openssl rand -base64 32`';

/** The key DUBAN_SECRET_KEY names, or null when it is not 32 bytes written as hex or base64. */
export function parseSecretKey(raw: string): Buffer | null {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : null;
  return key?.length === 32 ? key : null;
}

export function newSecretKey(): string {
  return randomBytes(32).toString('base64');
}

const VERSION = 'v1';

/** `plain` encrypted with AES-256-GCM under `key`: a fresh 96-bit IV each time, the tag kept with it. */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** What `seal` encrypted; throws when the key is another or the text was altered (GCM's tag does not match). */
export function unseal(key: Buffer, sealed: string): string {
  const [version, data = ''] = sealed.split('.');
  if (version !== VERSION) throw new Error(`unknown sealed form ${version}`);
  const bytes = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
