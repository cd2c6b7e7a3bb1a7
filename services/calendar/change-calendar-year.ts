import type { Client } from '@temporalio/client';
import { parseHolidayNotice } from '../../calendar/parse-notice';
import { UserError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import { announceToMeasures } from '../measures/announce-to-measures';
import { setCalendarYear, type TCalendarActor, type TCalendarYearView, type TSetCalendarYear } from './calendar-years';

export type TCalendarChange = { view: TCalendarYearView; changeId: string; announcedBy: string };

/**
 * Sets a year's calendar and tells every open measure, through a workflow of its own, to count on it from now on.
 * Saved first: should the announcement fail, saving again (the same days) announces again.
 */
export async function changeCalendarYear(
  db: Db,
  temporal: { client: Client; taskQueue: string },
  input: TSetCalendarYear,
  actor: TCalendarActor,
): Promise<TCalendarChange> {
  const { view, changeId } = await setCalendarYear(db, input, actor);
  const workflowId = await announceToMeasures(temporal, { changeId, message: { kind: 'calendar' } });
  return { view, changeId, announcedBy: workflowId };
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
    throw new UserError(`通知有 ${lines.length} 处无法识别 / the notice could not be read: ${lines[0]}`, 1, lines);
  }
  return { year: parsed.year, days: parsed.days, otherYearDays: parsed.elsewhere, source: noticeTitle(text, parsed.year), provisional: false };
}

/** The notice's own title when it carries one, so the calendar page says which document the year follows. */
function noticeTitle(text: string, year: number): string {
  const title = new RegExp(`国务院办公厅关于${year}年部分节假日安排的通知`).exec(text);
  return title ? title[0] : `${year}年部分节假日安排的通知`;
}
