import type { TCalendarDay } from '../../calendar/working-days';
import { readCalendarDays } from '../../services/calendar/calendar-years';
import type { TActivityDeps } from '../deps';

export function createLoadCalendar({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    /** Serialisable days; the workflow builds its TCalendar with calendarFromDays. */
    loadCalendar: (): Promise<TCalendarDay[]> => readCalendarDays(db),
  };
}
