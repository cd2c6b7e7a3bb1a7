import { accessSync, constants, mkdirSync } from 'node:fs';
import { UserError } from '../lib/errors';

/** Makes sure the data folder exists and is writable before anything is started in it. */
export function ensureDataDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(
      `数据目录 ${dir} 无法创建或不可写 (${code}) / the data folder is missing or not writable: fix its permissions or set DUBAN_DATA_DIR`,
    );
  }
  return dir;
}
