import { z } from 'zod';
import { issue } from '../../../lib/messages';
import { ZCalendarDaySchema, type TCalendarActor, type TSetCalendarYear } from '../../../services/calendar/calendar-years';
import { calendarFromNotice } from '../../../services/calendar/change-calendar-year';
import { recordedActor, type TActor } from '../../auth/actor';
import { ZCalendarYearViewSchema } from './show.types';

export const ZSetCalendarBodySchema = z
  .object({
    notice: z.string().min(1).max(20_000).optional().describe('the State Council’s notice (国务院办公厅关于…部分节假日安排的通知), pasted as text'),
    days: z.array(ZCalendarDaySchema).max(200).optional().describe('the year’s holidays and make-up working days, instead of a notice'),
    source: z.string().trim().min(1).max(200).optional().describe('where the days come from; default 手工编辑, or the notice’s title'),
    provisional: z.boolean().default(false).describe('the days are not yet the published schedule (with days only)'),
  })
  .strict()
  .refine((b) => (b.notice === undefined) !== (b.days === undefined), { message: issue('noticeOrDays') });
export type TSetCalendarBody = z.infer<typeof ZSetCalendarBodySchema>;

export const ZCalendarChangeSchema = z.object({
  calendar: ZCalendarYearViewSchema,
  changeId: z.string().describe('the audit record of the change'),
  announcedBy: z.string().describe('the workflow that tells every open measure to count on the new calendar'),
});

/** A year as the API and the calendar page set it: from the notice's text, or day by day. */
export function calendarInputOf(year: number, body: TSetCalendarBody): TSetCalendarYear {
  return body.notice !== undefined
    ? calendarFromNotice(body.notice, year)
    : { year, days: body.days ?? [], source: body.source ?? '手工编辑', provisional: body.provisional };
}

/** Who set it, as the calendar page and its audit record name them: a person, through the web or an API token. */
export const calendarActorOf = (actor: TActor): TCalendarActor => ({ ...recordedActor(actor), name: actor.name });
