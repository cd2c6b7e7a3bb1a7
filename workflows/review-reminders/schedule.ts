import { DAY_MS } from '../../domain/clock';

const HOUR_MS = 3_600_000;
/** China keeps UTC+8 all year: a Shanghai wall-clock hour is plain arithmetic. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/**
 * The next reminder instant: `hour` in Shanghai on the day after the previous one, or, on the first run, the next
 * such hour strictly after now. After an outage only the latest missed day is reminded (the letter lists the queue as
 * it stands, so older days would say nothing more).
 */
export function nextReminderAt(nowMs: number, hour: number, lastAtMs?: number): number {
  if (lastAtMs !== undefined) {
    let next = lastAtMs + DAY_MS;
    while (next + DAY_MS <= nowMs) next += DAY_MS;
    return next;
  }
  const today = Math.floor((nowMs + SHANGHAI_OFFSET_MS) / DAY_MS);
  const at = today * DAY_MS + hour * HOUR_MS - SHANGHAI_OFFSET_MS;
  return at > nowMs ? at : at + DAY_MS;
}
