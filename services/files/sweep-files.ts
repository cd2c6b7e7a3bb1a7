import { sweepSpool } from '../../files/spool';
import { removeIfUnreferenced } from './delete-file';
import type { TFileStoreDeps } from './store-file';

/**
 * How long a half-done upload is left alone before the sweep takes it for dead (an upload of 20 MB over a slow phone
 * link takes minutes, not an hour), and how often the worker sweeps.
 */
export const FILE_SWEEP = { graceMs: 60 * 60_000, intervalMs: 15 * 60_000 };

export type TSweepResult = {
  /** Rows of uploads that died between recording their row and putting their content. */
  abandonedUploads: number;
  /** Content no row refers to: its upload's row swept, or a deletion that could not reach the store. */
  orphanedContent: number;
  /** Spooled uploads whose process died while receiving them. */
  staleSpoolFiles: number;
};

const BATCH = 500;

/**
 * Removes what a crash left behind before `olderThan` (default: the grace period ago): rows without content, content
 * without rows, spooled uploads.
 */
export async function sweepFiles(deps: Pick<TFileStoreDeps, 'db' | 'backend'>, options: { olderThan?: Date } = {}): Promise<TSweepResult> {
  const cutoff = options.olderThan ?? new Date(Date.now() - FILE_SWEEP.graceMs);
  const { count: abandonedUploads } = await deps.db.storedFile.deleteMany({ where: { storedAt: null, createdAt: { lt: cutoff } } });

  let orphanedContent = 0;
  const removeOrphans = async (candidates: string[]) => {
    const referenced = await deps.db.storedFile.findMany({ where: { sha256: { in: candidates } }, select: { sha256: true }, distinct: ['sha256'] });
    const kept = new Set(referenced.map((r) => r.sha256));
    // Checked again under each content's lock: an upload of the same content may be recording its row right now.
    for (const sha256 of candidates.filter((s) => !kept.has(s))) if (await removeIfUnreferenced(deps, sha256)) orphanedContent += 1;
  };
  let candidates: string[] = [];
  for await (const object of deps.backend.list()) {
    if (object.modifiedAt >= cutoff) continue;
    candidates.push(object.sha256);
    if (candidates.length === BATCH) {
      await removeOrphans(candidates);
      candidates = [];
    }
  }
  if (candidates.length > 0) await removeOrphans(candidates);

  const staleSpoolFiles = await sweepSpool(deps.backend.spoolDir, cutoff);
  return { abandonedUploads, orphanedContent, staleSpoolFiles };
}
