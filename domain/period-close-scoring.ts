import { addDays, shanghaiMidnight } from '../calendar/working-days';

/** The instant a period closes: the first moment after its due day in Shanghai. */
export const periodClosedAt = (closedDue: string) => shanghaiMidnight(addDays(closedDue, 1));

/**
 * When a measure rescores its plan for a period that has closed, and as of which instant (histories from before
 * CLOSE_OWES_SCORES_PATCH; since, the close owes the plan its scores and the worker's score keeper pays).
 *
 * Every measure of a plan usually shares its due dates, so at a period's close all of them (2,000 at a large launch)
 * wake at the same instant. Each recomputing the whole plan would be O(measures²) work at once, all of it yielding the
 * same scores. Instead all score as of the same instant, the close (the first moment after the due day in Shanghai),
 * each at its own moment spread over `spreadMs` by a hash of its measure id (part of the workflow's input, so a replay
 * computes the same moment), and ask the activity to compute nothing when the plan's stored scores are already that
 * current. So the few whose moments fall within the first computation compute; the rest do one indexed lookup.
 */
export function periodCloseScoring(closedDue: string, measureId: string, spreadMs: number): { asOf: number; at: number } {
  const asOf = periodClosedAt(closedDue);
  return { asOf, at: asOf + (spreadMs > 0 ? fnv1a(measureId) % spreadMs : 0) };
}

/** 32-bit FNV-1a: a stable, well-spread hash with no dependencies, safe in workflow code. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
