import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../prisma/client';
import { rescoreOwedPlans, SCORING_PACE } from '../services/scoring/score-plan';

export type TScoreKeeperLog = { warn: (message: string, meta?: Record<string, unknown>) => void };

/**
 * How often plans are rescored: a pass is followed by the rest SCORING_PACE gives, and by at least `idleMs` (the most
 * a report waits to be scored on a quiet system), so reports arriving together share one computation.
 */
export const SCORE_KEEPER_PACE = { idleMs: 1_000, ...SCORING_PACE };

/**
 * The worker's score keeper: rescores the plans that owe scores (services/scoring/score-plan), in passes, until
 * `stop`. Reports, completions and coordinator actions only record that their plan owes scores, in their own
 * statement or transaction, so the person reporting never waits for a plan to be scored and workflows do not wait
 * for it either. What is owed is in the database, so a keeper that stops (or a worker that dies) leaves nothing
 * behind: the next one scores it. With several workers, each keeper claims a plan in the database before scoring it,
 * so a plan is scored by one keeper at a time (services/scoring/score-plan); a dead keeper's claims lapse.
 */
export function startScoreKeeper(db: Db, log: TScoreKeeperLog, pace = SCORE_KEEPER_PACE): { stop: () => Promise<void> } {
  const controller = new AbortController();
  const keeper = randomUUID();
  // Stopping cuts the rest short: the rejection it causes is the signal to end, not an error.
  const rest = (ms: number) => sleep(ms, undefined, { signal: controller.signal }).catch(() => {});
  let failures = 0;
  const running = (async () => {
    while (!controller.signal.aborted) {
      const started = performance.now();
      try {
        const { invalid, failed } = await rescoreOwedPlans(db, keeper);
        for (const i of invalid) log.warn(`计划考核细则无效，未重新计分 / plan not rescored: ${i.message}`, { planId: i.planId });
        for (const f of failed) log.warn(`计划重新计分失败，稍后重试 / rescoring a plan failed, retrying: ${f.message}`, { planId: f.planId });
        failures = failed.length > 0 ? failures + 1 : 0;
      } catch (err) {
        // The database is away: what is owed stays owed; try again, backing off.
        failures += 1;
        log.warn(`重新计分失败，稍后重试 / rescoring failed, retrying: ${(err as Error).message}`, { failures });
      }
      const took = performance.now() - started;
      const backoff = failures > 0 ? Math.min(pace.maxRestMs, pace.idleMs * 2 ** failures) : 0;
      await rest(Math.max(pace.idleMs, backoff, Math.min(pace.maxRestMs, took * pace.restFactor)));
    }
  })();
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}
