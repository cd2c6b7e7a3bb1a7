import { setTimeout as sleep } from 'node:timers/promises';
import type { TFileStore } from '../services/files/file-store';
import { FILE_SWEEP } from '../services/files/sweep-files';

export type TFileSweeperLog = { warn: (message: string, meta?: Record<string, unknown>) => void };

/**
 * The worker's file sweeper: every `intervalMs`, removes what uploads cut short by a crash left in the file store
 * (services/files/sweep-files), until `stop`. Several workers may sweep the same store at once: each removal is
 * decided under the content's lock.
 */
export function startFileSweeper(files: TFileStore, log: TFileSweeperLog, intervalMs = FILE_SWEEP.intervalMs): { stop: () => Promise<void> } {
  const controller = new AbortController();
  const running = (async () => {
    while (!controller.signal.aborted) {
      // Stopping cuts the wait short: the rejection it causes is the signal to end, not an error.
      await sleep(intervalMs, undefined, { signal: controller.signal }).catch(() => {});
      if (controller.signal.aborted) break;
      try {
        const swept = await files.sweep();
        if (swept.abandonedUploads + swept.orphanedContent + swept.staleSpoolFiles > 0) {
          log.warn('清理了中断上传的残留 / removed what interrupted uploads left behind', swept);
        }
      } catch (err) {
        // The database or the object store is away: whatever is left stays until the next pass.
        log.warn(`清理上传残留失败，稍后重试 / sweeping the file store failed, retrying later: ${(err as Error).message}`);
      }
    }
  })();
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}
