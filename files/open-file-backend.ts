import path from 'node:path';
import type { TConfig } from '../lib/config';
import { filesDir, type TFileBackend } from './backend';
import { createFilesystemBackend } from './filesystem-backend';
import { createS3Backend } from './s3-backend';

/** The backend the configuration names: FILES_URL's bucket, else the folder `files/` under DUBAN_DATA_DIR. */
export function openFileBackend(config: Pick<TConfig, 'dataDir' | 'FILES_URL'>): TFileBackend {
  const spoolDir = path.join(filesDir(config.dataDir), 'tmp');
  return config.FILES_URL ? createS3Backend(config.FILES_URL, spoolDir) : createFilesystemBackend(filesDir(config.dataDir), spoolDir);
}
