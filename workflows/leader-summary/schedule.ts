import { z } from 'zod';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** China keeps UTC+8 all year, so a Shanghai wall-clock time is plain arithmetic: no time-zone database in workflows. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export const ZSummaryCadenceSchema = z.object({
  weekday: z.number().int().min(1).max(7).default(1).describe('ISO weekday the summary goes out on, Asia/Shanghai: 1 = Monday'),
  hour: z.number().int().min(0).max(23).default(8).describe('hour of the day it goes out, Asia/Shanghai'),
  everyWeeks: z.number().int().min(1).max(52).default(1).describe('1: weekly'),
});
export type TSummaryCadence = z.infer<typeof ZSummaryCadenceSchema>;

/**
 * When the next summary is due, on the workflow's (virtual) time. The first one is the next `weekday` at `hour` in
 * Shanghai strictly after `nowMs`; later ones follow the previous by `everyWeeks` weeks. After an outage that skipped
 * several, only the latest missed one is sent (at once), so a leader never gets a burst of stale summaries.
 */
export function nextSummaryAt(nowMs: number, cadence: TSummaryCadence, lastAtMs?: number): number {
  const period = cadence.everyWeeks * 7 * DAY_MS;
  if (lastAtMs !== undefined) {
    let next = lastAtMs + period;
    while (next + period <= nowMs) next += period;
    return next;
  }
  const today = Math.floor((nowMs + SHANGHAI_OFFSET_MS) / DAY_MS);
  for (let day = today; ; day++) {
    // Epoch day 0, 1970-01-01, was a Thursday (ISO weekday 4).
    const weekday = ((day + 3) % 7) + 1;
    const at = day * DAY_MS + cadence.hour * HOUR_MS - SHANGHAI_OFFSET_MS;
    if (weekday === cadence.weekday && at > nowMs) return at;
  }
}

/** The Shanghai date of a summary instant: the period key of its emails. */
export function summaryPeriodKey(atMs: number): string {
  return new Date(atMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
