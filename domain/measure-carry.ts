import { DAY_MS } from './clock';
import type { TReportState } from './measure-state';

/** An answer a measure gives every repeat of its request, and when (workflow time, epoch ms) it was first given. */
export type TKeptAnswer = { at: number; answer: unknown };

/**
 * How long a run keeps answers for the next run. Within a run Temporal itself folds an update repeated under its id;
 * what reaches the next run is a retry that was in flight as the run ended: the API's own retry around a
 * continue-as-new (seconds), or a person re-sending a form or a script retrying a request (minutes to hours). A week
 * covers those with room to spare, and at most the latest 200 answers keep a busy measure's carried input small. A
 * repeat that comes later still is harmless: a report's key is unique in the database for its assignment and
 * submitter, so the projection answers it with the first report; a coordinator's repeat meets the rules again on the
 * measure as it then is.
 */
export const ANSWERS_KEPT = { forMs: 7 * DAY_MS, atMost: 200 } as const;

/** The answers a run passes to the next one: those given within ANSWERS_KEPT of `now`, the latest of them. */
export function answersToCarry(answers: Iterable<readonly [string, TKeptAnswer]>, now: number): [string, TKeptAnswer][] {
  // In the order given, which is the order answered: the latest are last.
  const recent = [...answers].filter(([, kept]) => now - kept.at <= ANSWERS_KEPT.forMs).map(([key, kept]): [string, TKeptAnswer] => [key, kept]);
  return recent.slice(-ANSWERS_KEPT.atMost);
}

/**
 * The reports a run passes to the next one: what the rules read of them and no more. For each unit and period the
 * rules ask whether it reported (any report that counts), when a lead first reported done (its first done report that
 * counts), each unit's latest status (its last report that counts), its rework deadline (its last returned report) and
 * what waits for review: so each unit's first done and latest counted report of a period, its latest returned one and
 * any waiting, in the order received. However often a unit reports, a measure carries at most four per unit and period.
 */
export function reportsToCarry(reports: readonly TReportState[]): TReportState[] {
  const firstDone = new Map<string, TReportState>();
  const latest = new Map<string, TReportState>();
  const returned = new Map<string, TReportState>();
  const waiting: TReportState[] = [];
  for (const r of reports) {
    const key = `${r.assignmentId}/${r.period}`;
    if (r.review === 'pending') waiting.push(r);
    else if (r.review === 'returned') returned.set(key, r);
    else {
      if (r.status === 'done' && !firstDone.has(key)) firstDone.set(key, r);
      latest.set(key, r);
    }
  }
  const kept = new Set([...firstDone.values(), ...latest.values(), ...returned.values(), ...waiting]);
  return reports.filter((r) => kept.has(r));
}
