import type { Readable } from 'node:stream';
import { openFileBackend } from '../../files/open-file-backend';
import type { TConfig } from '../../lib/config';
import type { Db } from '../../prisma/client';
import { deleteFile } from './delete-file';
import { openFile, type TStoredFileInfo } from './open-file';
import { storeFile, type TFileStoreDeps, type TStoredFile, type TStoreFileInput } from './store-file';
import { sweepFiles, type TSweepResult } from './sweep-files';

/**
 * The file store as its callers (upload routes, report attachments, 考核 evidence, 异议) use it: by file id only. No
 * operation takes a hash, so a file's content can only be reached through an upload's id, after the caller's access
 * check.
 */
export type TFileStore = {
  /**
   * The limit of an upload that names none, in bytes. A route that also lets its multipart parser cap a part must cap
   * it above this (maxBytes + 1), or a file cut off at the cap would arrive looking complete and be stored.
   */
  readonly maxBytes: number;
  store(source: AsyncIterable<Uint8Array>, input: TStoreFileInput): Promise<TStoredFile>;
  open(id: string): Promise<(TStoredFileInfo & { body: Readable }) | null>;
  delete(id: string): Promise<boolean>;
  sweep(options?: { olderThan?: Date }): Promise<TSweepResult>;
  close(): void;
};

export function createFileStore(deps: TFileStoreDeps): TFileStore {
  return {
    maxBytes: deps.maxBytes,
    store: (source, input) => storeFile(deps, source, input),
    open: (id) => openFile(deps, id),
    delete: (id) => deleteFile(deps, id),
    sweep: (options) => sweepFiles(deps, options),
    close: () => deps.backend.close(),
  };
}

/** The store the configuration names (FILES_URL, else DUBAN_DATA_DIR/files), with FILES_MAX_MB as its limit. */
export function openFileStore(db: Db, config: Pick<TConfig, 'dataDir' | 'FILES_URL' | 'filesMaxBytes'>): TFileStore {
  return createFileStore({ db, backend: openFileBackend(config), maxBytes: config.filesMaxBytes });
}
