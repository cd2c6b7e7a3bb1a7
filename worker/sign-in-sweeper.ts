import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../prisma/client';
import { SIGN_IN_SWEEP_INTERVAL_MS, sweepExpiredSignIns } from '../services/auth/sweep-expired-sign-ins';

export type TSignInSweeperLog = { warn: (message: string, meta?: Record<string, unknown>) => void };

/**
 * Beside the worker: every `intervalMs`, deletes sessions and sign-in links that can no longer be used
 * (services/auth/sweep-expired-sign-ins), until `stop`. Several workers sweeping at once delete the same rows once.
 */
export function startSignInSweeper(db: Db, log: TSignInSweeperLog, intervalMs = SIGN_IN_SWEEP_INTERVAL_MS): { stop: () => Promise<void> } {
  const controller = new AbortController();
  const running = (async () => {
    while (!controller.signal.aborted) {
      // Stopping cuts the wait short: the rejection it causes is the signal to end, not an error.
      await sleep(intervalMs, undefined, { signal: controller.signal }).catch(() => {});
      if (controller.signal.aborted) break;
      try {
        await sweepExpiredSignIns({ db, now: () => new Date() });
      } catch (err) {
        // The database is away: what expired stays until the next pass, and no request accepts it meanwhile.
        log.warn(`清理过期登录失败，稍后重试 / deleting expired sessions failed, retrying later: ${(err as Error).message}`);
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
