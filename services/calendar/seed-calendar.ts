import { CN_DAYS } from '../../calendar/data/cn';
import type { TCalendarDay } from '../../calendar/working-days';
import type { Db } from '../../prisma/client';

/**
 * Writes the shipped holiday schedule into CalendarDay so it can be edited there. Re-runnable: a date that already
 * has a row keeps it, so an edit is never overwritten. Returns how many rows were added.
 */
export async function seedCalendar(db: Db, days: readonly TCalendarDay[] = CN_DAYS): Promise<number> {
  const { count } = await db.calendarDay.createMany({
    data: days.map((d) => ({ date: new Date(`${d.date}T00:00:00Z`), kind: d.kind, name: d.name })),
    skipDuplicates: true,
  });
  return count;
}
