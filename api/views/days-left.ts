import { calendarFromDays, shanghaiDate, workingDaysBetween } from '../../calendar/working-days';
import { toVirtual, ZClockSchema } from '../../domain/clock';
import type { Db } from '../../prisma/client';
import { readCalendarDays } from '../../services/calendar/calendar-years';

/** Working days from a plan's today (on the plan's stored clock) to a due date. */
export type TWorkingDaysLeft = (planClock: unknown, due: string) => number;

/**
 * Working days from a plan's today to a due date: 0 on the due day, the working days still to go before it, and
 * minus the working days overdue after it, counted as the measures count them (on the working-day calendar, from the
 * plan's own clock, which the demo compresses). Reads the calendar once for every item of a page.
 */
export async function loadWorkingDaysLeft(db: Db, now: Date = new Date()): Promise<TWorkingDaysLeft> {
  const calendar = calendarFromDays(await readCalendarDays(db));
  return (planClock, due) => {
    const clock = ZClockSchema.nullable().catch(null).parse(planClock ?? null);
    const today = shanghaiDate(clock ? toVirtual(now.getTime(), clock) : now.getTime());
    return due >= today ? workingDaysBetween(today, due, calendar) : -workingDaysBetween(due, today, calendar);
  };
}
