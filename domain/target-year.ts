import { z } from 'zod';
import { cnDate } from './dates';

/** What a re-base keeps of a target as the plan wrote it (services/plans/launch-dates stores it in Target.original). */
export const ZTargetOriginalSchema = z.object({ by: z.string().nullable() }).loose().nullable().catch(null);

/** A year (2020) or ISO date (2020-06-30) as the plan would write it: 2020年, 2020年6月30日. */
const yearOrDateText = (by: string) => (/^\d{4}$/.test(by) ? `${by}年` : cnDate(by));

/**
 * A target as shown once its plan was re-based: the years in its words moved by as many years as its date was (到2020年
 * becomes 到2028年 when 2018 is re-based to 2026), and the plan's own date to show beside it (原定2020年); `original` is
 * null for a target its launch did not move. One rule for the review page, the unit's item page, the notices and the reports.
 */
export function shownTarget(target: { text: string; by: string | null; original?: unknown }): { text: string; original: string | null } {
  const was = ZTargetOriginalSchema.parse(target.original)?.by ?? null;
  if (!was || !target.by || was === target.by) return { text: target.text, original: null };
  const years = Number(target.by.slice(0, 4)) - Number(was.slice(0, 4));
  return { text: target.text.replace(/(\d{4})(?=年)/g, (y) => String(Number(y) + years)), original: yearOrDateText(was) };
}

/** The same in the words of a Chinese document (notices, emails): 到2028年，…（原定2020年）. */
export function targetLine(target: { text: string; by: string | null; original?: unknown }): string {
  const shown = shownTarget(target);
  return shown.original ? `${shown.text}（原定${shown.original}）` : shown.text;
}

/** The year (or date) the plan itself tied a target to, once a re-base moved it (2020年); null when nothing moved it. */
export function originalBy(target: { by: string | null; original?: unknown }): string | null {
  const was = ZTargetOriginalSchema.parse(target.original)?.by ?? null;
  return was && target.by && was !== target.by ? yearOrDateText(was) : null;
}

/**
 * The year (or date) a target is due by, as a report prints it: 2028年, and once its plan was re-based the plan's own
 * beside it, 2028年（原定2020年）; null for a target tied to no year. The indicator table, its chart and page read it.
 */
export function targetByText(target: { by: string | null; original?: unknown }): string | null {
  if (!target.by) return null;
  const was = originalBy(target);
  return was ? `${yearOrDateText(target.by)}（原定${was}）` : yearOrDateText(target.by);
}
