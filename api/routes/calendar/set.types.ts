import { z } from 'zod';
import { ZCalendarDaySchema } from '../../../services/calendar/calendar-years';
import { ZCalendarYearViewSchema } from './show.types';

export const ZSetCalendarBodySchema = z
  .object({
    notice: z.string().min(1).max(20_000).optional().describe('the State Council’s notice (国务院办公厅关于…部分节假日安排的通知), pasted as text'),
    days: z.array(ZCalendarDaySchema).max(200).optional().describe('the year’s holidays and make-up working days, instead of a notice'),
    source: z.string().trim().min(1).max(200).optional().describe('where the days come from; default 手工编辑, or the notice’s title'),
    provisional: z.boolean().default(false).describe('the days are not yet the published schedule (with days only)'),
  })
  .strict()
  .refine((b) => (b.notice === undefined) !== (b.days === undefined), { message: '请给出通知全文或逐日安排之一 / give either notice or days' });
export type TSetCalendarBody = z.infer<typeof ZSetCalendarBodySchema>;

export const ZCalendarChangeSchema = z.object({
  calendar: ZCalendarYearViewSchema,
  changeId: z.string().describe('the audit record of the change'),
  announcedBy: z.string().describe('the workflow that tells every open measure to count on the new calendar'),
});
