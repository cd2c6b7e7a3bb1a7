import { parseHolidayNotice } from '../../calendar/parse-notice';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { broadcastWorkflowId } from '../../workflows/broadcast/definitions';
import type { TServiceDeps } from '../deps';
import { setCalendarYear, type TCalendarActor, type TCalendarYearView, type TSetCalendarYear } from './calendar-years';

export type TCalendarChange = { view: TCalendarYearView; changeId: string; announcedBy: string };

/**
 * 设置工作日历: sets a year's calendar; every open measure is told to count on it from now on by the broadcast its
 * saving announced (setCalendarYear, through the outbox), which the worker starts once Temporal can be reached — a
 * calendar saved while Temporal is down is told when it is back. Returns that broadcast's id.
 */
export async function changeCalendarYear(deps: Pick<TServiceDeps, 'db'>, input: TSetCalendarYear, actor: TCalendarActor): Promise<TCalendarChange> {
  const { view, changeId } = await setCalendarYear(deps.db, input, actor);
  return { view, changeId, announcedBy: broadcastWorkflowId(changeId) };
}

/**
 * The days of the State Council's notice for a year (and those it fixes at the end of the year before, or the start
 * of the next), or a UserError listing every line it could not read, so the coordinator fixes the text and nothing
 * half-read is saved.
 */
export function calendarFromNotice(text: string, year?: number): Omit<TSetCalendarYear, 'provisional'> & { provisional: false } {
  const parsed = parseHolidayNotice(text, year === undefined ? {} : { year });
  if (!parsed.ok) {
    const lines = parsed.problems.map((p) => (p.line > 0 ? `第 ${p.line} 行：${p.message}` : p.message));
    throw new AppError('UNPROCESSABLE', say('noticeUnreadable', { n: lines.length, first: lines[0]! }), lines);
  }
  return { year: parsed.year, days: parsed.days, otherYearDays: parsed.elsewhere, source: noticeTitle(text, parsed.year), provisional: false };
}

/** The notice's own title when it carries one, so the calendar page says which document the year follows. */
function noticeTitle(text: string, year: number): string {
  const title = new RegExp(`国务院办公厅关于${year}年部分节假日安排的通知`).exec(text);
  return title ? title[0] : `${year}年部分节假日安排的通知`;
}
