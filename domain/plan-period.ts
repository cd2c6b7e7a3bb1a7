import { z } from 'zod';
import type { TMessageKey } from '../lib/messages';
import { ZIsoDateSchema } from './dates';

/**
 * The period a plan runs: from its issue (or its launch, if later) to the end of the latest year its targets or
 * deadlines name. Its years are the years the plan is assessed in (scoring/), and its end is the final due date of
 * every measure that names none of its own (domain/final-due).
 */

/** Why an end of the period is where it is. */
export const ZPeriodReasonSchema = z
  .object({
    kind: z
      .enum(['plan', 'issue-year', 'first-year', 'launch', 'catch-up', 'rebase', 'coordinator'])
      .describe(
        'plan: the plan’s own words (text, ref); issue-year: the plan names no year, so the end of its issue year; first-year: ' +
          'the first year given at import; launch: the day it was launched, later than its issue; catch-up: launched as is, it ends ' +
          'no earlier than its first reporting date after the launch; rebase: its own date shifted by whole years; coordinator: set in review',
      ),
    text: z.string().max(400).nullable().default(null).describe('the words the date was read from: 到2020年, 2018年12月29日'),
    ref: z.string().max(100).nullable().default(null).describe('the item they stand in, null outside the numbered items'),
  })
  .describe('why an end of the period is where it is');
export type TPeriodReason = z.infer<typeof ZPeriodReasonSchema>;

export const ZPlanPeriodSchema = z
  .object({
    from: ZIsoDateSchema.describe('the first day of the plan'),
    to: ZIsoDateSchema.describe('its last day: the end of the latest year its targets or deadlines name'),
    fromReason: ZPeriodReasonSchema.nullable().default(null),
    toReason: ZPeriodReasonSchema.nullable().default(null),
    original: z
      .object({ from: ZIsoDateSchema, to: ZIsoDateSchema })
      .nullable()
      .default(null)
      .describe('the plan’s own period, when its launch moved it (re-based, or launched as is past its end)'),
  })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'periodEndsBeforeStart' satisfies TMessageKey });
export type TPlanPeriod = z.infer<typeof ZPlanPeriodSchema>;
export type TPlanPeriodInput = z.input<typeof ZPlanPeriodSchema>;

/** The years of a period, first to last: the years a plan is assessed in. */
export function periodYears(period: { from: string; to: string }): number[] {
  const first = Number(period.from.slice(0, 4));
  const last = Number(period.to.slice(0, 4));
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date moved by whole years. A month's last day stays its month's last day (2020-02-29 → 2021-02-28 → 2024-02-29), so
 * moving there and back returns the date it started from.
 */
export function shiftDate(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const to = y + years;
  const day = d === lastDayOf(y, m) ? lastDayOf(to, m) : Math.min(d, lastDayOf(to, m));
  return `${to}-${pad(m)}-${pad(day)}`;
}

/** A target's year (2020) or date (2020-06-30), moved by whole years. */
export function shiftYearOrDate(by: string, years: number): string {
  return /^\d{4}$/.test(by) ? String(Number(by) + years) : shiftDate(by, years);
}

/** The period as the plan itself states it (parser/plan-period), or null when it states neither end. */
export type TStatedPeriod = {
  from: { date: string; text: string; ref: string | null } | null;
  to: { date: string; text: string; ref: string | null; kind: 'named' | 'title' | 'issue-year' };
} | null;

/**
 * The period a newly imported plan starts with. `firstYear` is the year the plan starts in: the one given at import,
 * else its issue year. From its issue date, or 1 January of the first year when that is not its issue year; to the end
 * of the latest year it names, never before the end of its first year. `conflict` names a year the plan's own words
 * set before the first year given, which the review page says (the first year wins, the plan's words stay as written).
 */
export function importedPeriod(
  stated: TStatedPeriod,
  firstYear: number,
): { period: TPlanPeriod; conflict: { text: string; ref: string | null; year: number } | null } {
  const fromStated = stated?.from && Number(stated.from.date.slice(0, 4)) === firstYear ? stated.from : null;
  const from = fromStated ? fromStated.date : `${firstYear}-01-01`;
  const fromReason: TPeriodReason = fromStated
    ? { kind: 'plan', text: fromStated.text, ref: fromStated.ref }
    : { kind: 'first-year', text: null, ref: null };
  const yearEnd = `${firstYear}-12-31`;
  const to = stated?.to;
  if (to && to.kind !== 'issue-year' && to.date >= yearEnd) {
    return { period: { from, to: to.date, fromReason, toReason: { kind: 'plan', text: to.text, ref: to.ref }, original: null }, conflict: null };
  }
  const conflict = to && to.kind !== 'issue-year' && to.date < from ? { text: to.text, ref: to.ref, year: Number(to.date.slice(0, 4)) } : null;
  const toReason: TPeriodReason = { kind: fromStated ? 'issue-year' : 'first-year', text: null, ref: null };
  return { period: { from, to: yearEnd, fromReason, toReason, original: null }, conflict };
}
