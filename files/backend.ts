import path from 'node:path';
import type { Readable } from 'node:stream';
import type { TSpooledFile } from './spool';

export type TStoredObject = { sha256: string; modifiedAt: Date };

/**
 * Where the bytes of uploaded files live, each content once under its sha256 (lower-case hex). Only the file store's
 * services (services/files/) use a backend: everyone else holds file ids, so nothing outside can ask for content by
 * its hash.
 */
export type TFileBackend = {
  readonly kind: 'filesystem' | 's3';
  /** A local folder where uploads are received whole before they are put (for either backend). */
  readonly spoolDir: string;
  /** Puts a completely received file in place under its hash, atomically; content already there stays as it is. */
  put(file: TSpooledFile): Promise<void>;
  /** The content, or null when nothing is stored under the hash. The caller must consume or destroy the stream. */
  read(sha256: string): Promise<Readable | null>;
  remove(sha256: string): Promise<void>;
  /** Everything stored, for the sweep; keys that are not a sha256 of this store are never listed. */
  list(): AsyncIterable<TStoredObject>;
  close(): void;
};

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The files folder under the data folder: stored content (filesystem backend) and the spool (both). */
export const filesDir = (dataDir: string): string => path.join(dataDir, 'files');
