import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TConfig } from '../lib/config';
import { newSecretKey, parseSecretKey } from '../lib/secret-box';

/**
 * The embedded stack's DUBAN_SECRET_KEY when none is set: generated once and kept in the data folder (mode 0600),
 * beside the database whose secrets it encrypts; a deployment sets its own.
 */
export function withEmbeddedSecretKey(config: TConfig): TConfig {
  if (config.secretKey || config.DATABASE_URL) return config;
  const file = path.join(config.dataDir, 'secret-key');
  if (!existsSync(file)) writeFileSync(file, `${newSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  const key = parseSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte key`);
  return { ...config, secretKey: key };
}
