import { z } from 'zod';
import { isIsoDate } from '../calendar/working-days';

export const ZIsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date yyyy-mm-dd')
  .refine(isIsoDate, 'a real date')
  .describe('ISO date, Asia/Shanghai');

/** A plan's or a calendar's year: the range every entry point accepts (CLI, API, pages). */
export const ZYearSchema = z.coerce.number().int().min(2000).max(2100);

/** 2026-07-15 → 2026年7月15日, as Chinese official writing dates a day. */
export function cnDate(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

/** The ISO date of a year, month and day, or null when there is no such day (2 月 30 日). */
export function isoDateOf(year: number, month: number, day: number): string | null {
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
