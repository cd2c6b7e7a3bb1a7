import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CN_DAYS } from '../../calendar/data/cn';
import { calendarFromDays, isWorkingDay } from '../../calendar/working-days';
import { createLoadCalendar } from '../../activities/calendar/load-calendar';
import { seedCalendar } from '../../services/calendar/seed-calendar';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('calendar stored in the database', () => {
  it('serves the shipped schedule on an empty table', async () => {
    const days = await createLoadCalendar({ db: t.db }).loadCalendar();
    expect(days).toHaveLength(CN_DAYS.length);
  });

  it('seeding twice adds the days once and keeps an edit', async () => {
    expect(await seedCalendar(t.db)).toBe(CN_DAYS.length);
    await t.db.calendarDay.update({ where: { date: new Date('2026-10-07T00:00:00Z') }, data: { kind: 'workday', name: '调整' } });
    expect(await seedCalendar(t.db)).toBe(0);
    const cal = calendarFromDays(await createLoadCalendar({ db: t.db }).loadCalendar());
    expect(isWorkingDay('2026-10-07', cal)).toBe(true);
    expect(isWorkingDay('2026-10-06', cal)).toBe(false);
  });

  it('a row added for a new date takes effect', async () => {
    await t.db.calendarDay.create({ data: { date: new Date('2026-12-31T00:00:00Z'), kind: 'holiday', name: '测试' } });
    const cal = calendarFromDays(await createLoadCalendar({ db: t.db }).loadCalendar());
    expect(isWorkingDay('2026-12-31', cal)).toBe(false);
  });
});
