import { CN_DAYS } from '../../calendar/data/cn';
import { mergeCalendarDays, type TCalendarDay } from '../../calendar/working-days';
import type { Db } from '../../prisma/client';
import type { TActivityDeps } from '../deps';

/** The shipped schedule with every CalendarDay row laid over it: an edited row wins over the shipped day. */
export async function readCalendarDays(db: Db): Promise<TCalendarDay[]> {
  const rows = await db.calendarDay.findMany({ orderBy: { date: 'asc' } });
  const edited = rows.map((r) => ({ date: r.date.toISOString().slice(0, 10), kind: r.kind, name: r.name }));
  return mergeCalendarDays(CN_DAYS, edited);
}

export function createLoadCalendar({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    /** Serialisable days; the workflow builds its TCalendar with calendarFromDays. */
    loadCalendar: (): Promise<TCalendarDay[]> => readCalendarDays(db),
  };
}
