import type { Readable } from 'node:stream';
import type { TFileStoreDeps } from './store-file';

/** A stored upload as its readers need it. */
export type TStoredFileInfo = { id: string; name: string; size: number; sha256: string; contentType: string; uploaderId: string; createdAt: Date };

const STORED_FILE_INFO = { id: true, name: true, size: true, sha256: true, contentType: true, uploaderId: true, createdAt: true } as const;

/**
 * One upload by its id, with its content as a stream (which the caller must consume or destroy); null when there is
 * no such stored upload. Whether the person asking may read it is the caller's to decide, before opening.
 */
export async function openFile(deps: Pick<TFileStoreDeps, 'db' | 'backend'>, id: string): Promise<(TStoredFileInfo & { body: Readable }) | null> {
  const file = await deps.db.storedFile.findFirst({ where: { id, storedAt: { not: null } }, select: STORED_FILE_INFO });
  if (!file) return null;
  const body = await deps.backend.read(file.sha256);
  // A stored row always has its content (storeFile puts it first); its absence is damage to the store, not a 404.
  if (!body) throw new Error(`文件内容缺失 / the content of stored file ${id} is missing from the ${deps.backend.kind} store`);
  return { ...file, body };
}
