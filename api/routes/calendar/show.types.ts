import { z } from 'zod';
import { ZCalendarDaySchema, ZCalendarYearNumberSchema } from '../../../services/calendar/calendar-years';

export const ZCalendarParamsSchema = z.object({ year: ZCalendarYearNumberSchema });

export const ZCalendarYearViewSchema = z.object({
  year: z.number().int(),
  source: z.string().nullable().describe('the notice the year follows, 手工编辑, or the shipped schedule; null when none'),
  provisional: z.boolean().describe('not yet the State Council’s published schedule'),
  set: z.boolean().describe('set by a coordinator; false while the schedule shipped with Duban applies'),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  days: z.array(ZCalendarDaySchema).describe('holidays and make-up working days; every other Monday–Friday is a working day'),
});
