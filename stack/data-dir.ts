import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../lib/errors';

/**
 * Makes sure the data folder exists and is writable before anything is started in it. Missing levels are made one at
 * a time: Node 20's recursive mkdir spins forever on some pseudo-filesystems (/proc) instead of failing.
 */
export function ensureDataDir(dir: string): string {
  try {
    const missing: string[] = [];
    for (let level = path.resolve(dir); !existsSync(level); level = path.dirname(level)) missing.unshift(level);
    for (const level of missing) mkdirSync(level);
    accessSync(dir, constants.W_OK);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(
      `数据目录 ${dir} 无法创建或不可写 (${code}) / the data folder is missing or not writable: fix its permissions or set DUBAN_DATA_DIR`,
    );
  }
  return dir;
}
