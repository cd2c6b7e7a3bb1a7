import { calendarFromDays, shanghaiDate, workingDaysBetween } from '../../calendar/working-days';
import { toVirtual, ZClockSchema } from '../../domain/clock';
import type { Db } from '../../prisma/client';
import { readCalendarDays } from '../../services/calendar/calendar-years';

/**
 * How a due date stands on a plan's today (on the plan's stored clock): working days left (negative: working days
 * late), and whether the date has passed, which the count alone cannot say on a weekend after a Friday due date.
 */
export type TDueStanding = { workingDaysLeft: number; overdue: boolean };
export type TWorkingDaysLeft = (planClock: unknown, due: string) => TDueStanding;

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
    return due >= today
      ? { workingDaysLeft: workingDaysBetween(today, due, calendar), overdue: false }
      : { workingDaysLeft: -workingDaysBetween(due, today, calendar), overdue: true };
  };
}
