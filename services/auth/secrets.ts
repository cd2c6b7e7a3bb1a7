import { createHash, randomBytes } from 'node:crypto';

/** A secret for a cookie, an API token or a sign-in link: 256 random bits. Only its sha256 is stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
