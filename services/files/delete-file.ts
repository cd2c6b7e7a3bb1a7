import { lockContent } from './content-lock';
import type { TFileStoreDeps } from './store-file';

/**
 * Removes one upload; its content goes too when no other upload shares it. False when there was no such upload.
 * Content whose removal fails (the store unreachable) is left to the sweep, the row being gone already.
 */
export async function deleteFile(deps: Pick<TFileStoreDeps, 'db' | 'backend'>, id: string): Promise<boolean> {
  const file = await deps.db.storedFile.findUnique({ where: { id }, select: { sha256: true } });
  if (!file) return false;
  const { deleted, lastCopy } = await deps.db.$transaction(async (tx) => {
    await lockContent(tx, file.sha256);
    const { count } = await tx.storedFile.deleteMany({ where: { id } });
    return { deleted: count > 0, lastCopy: count > 0 && (await tx.storedFile.count({ where: { sha256: file.sha256 } })) === 0 };
  });
  if (lastCopy) await removeIfUnreferenced(deps, file.sha256).catch(() => {});
  return deleted;
}

/** Removes content that no row refers to, under the content's lock; true when it did. */
export async function removeIfUnreferenced(deps: Pick<TFileStoreDeps, 'db' | 'backend'>, sha256: string): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    await lockContent(tx, sha256);
    if ((await tx.storedFile.count({ where: { sha256 } })) > 0) return false;
    await deps.backend.remove(sha256);
    return true;
  });
}
