import { z } from 'zod';

export const DAY_MS = 86_400_000;

/**
 * The measure's clock. Rules run on virtual time; the workflow maps its real (Temporal) time onto it. With the
 * defaults the mapping is the identity. The demo compresses a day into `dayMs` real milliseconds and may start the
 * virtual year on another date than today.
 */
export const ZClockSchema = z.object({
  dayMs: z.number().positive().default(DAY_MS).describe('real milliseconds one day lasts'),
  realStartMs: z.number().default(0).describe('a real instant …'),
  virtualStartMs: z.number().default(0).describe('… and the virtual instant it stands for'),
});
export type TClock = z.infer<typeof ZClockSchema>;

export const IDENTITY_CLOCK: TClock = { dayMs: DAY_MS, realStartMs: 0, virtualStartMs: 0 };

export function toVirtual(realMs: number, clock: TClock): number {
  return clock.virtualStartMs + ((realMs - clock.realStartMs) * DAY_MS) / clock.dayMs;
}

/** Real milliseconds to wait for `virtualMs` to pass, at least 1. */
export function realDuration(virtualMs: number, clock: TClock): number {
  return Math.max(1, Math.ceil((virtualMs * clock.dayMs) / DAY_MS));
}
