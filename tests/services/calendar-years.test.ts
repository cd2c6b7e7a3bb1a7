import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadCalendar } from '../../activities/calendar/load-calendar';
import { CN_2026, CN_DAYS } from '../../calendar/data/cn';
import { calendarFromDays, isWorkingDay } from '../../calendar/working-days';
import { UserError } from '../../lib/errors';
import { calendarNeedingAttention, readCalendarDays, readCalendarYear, setCalendarYear } from '../../services/calendar/calendar-years';
import { calendarFromNotice } from '../../services/calendar/change-calendar-year';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const actor = { id: null, name: '市督查室 王芳', label: 'test' };
const workingOn = async (date: string) => isWorkingDay(date, calendarFromDays(await createLoadCalendar({ db: t.db }).loadCalendar()));

describe('the working-day calendar', () => {
  it('serves the shipped schedule while no year is set, and says 2027 is provisional', async () => {
    expect(await readCalendarDays(t.db)).toEqual([...CN_DAYS]);
    const y2026 = await readCalendarYear(t.db, 2026);
    expect(y2026).toMatchObject({ set: false, provisional: false, source: '国务院办公厅关于2026年部分节假日安排的通知' });
    expect(y2026.days).toEqual([...CN_2026]);
    expect(await readCalendarYear(t.db, 2027)).toMatchObject({ set: false, provisional: true });
    expect(await readCalendarYear(t.db, 2031)).toMatchObject({ set: false, provisional: true, source: null, days: [] });
  });

  it('points coordinators at this year when it has no schedule, and at next year from October while it is provisional', async () => {
    expect(await calendarNeedingAttention(t.db, '2026-09-30')).toBeNull();
    expect(await calendarNeedingAttention(t.db, '2026-10-01')).toEqual({ year: 2027, missing: false });
    expect(await calendarNeedingAttention(t.db, '2027-03-01')).toEqual({ year: 2027, missing: false });
    expect(await calendarNeedingAttention(t.db, '2028-01-02')).toEqual({ year: 2028, missing: true });
  });

  it('an edited row still overrides the shipped day in a year nobody set', async () => {
    await t.db.calendarDay.create({ data: { date: new Date('2026-12-31T00:00:00Z'), kind: 'holiday', name: '本地调整' } });
    expect(await workingOn('2026-12-31')).toBe(false);
    await t.db.calendarDay.delete({ where: { date: new Date('2026-12-31T00:00:00Z') } });
  });

  it('setting a year replaces the shipped days of that year only: a provisional holiday left out becomes a working day', async () => {
    expect(await workingOn('2027-06-09')).toBe(false); // shipped, provisional 端午
    const { view, changeId } = await setCalendarYear(
      t.db,
      {
        year: 2027,
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        provisional: false,
        days: [
          { date: '2027-06-07', kind: 'holiday', name: '端午节' },
          { date: '2027-06-05', kind: 'workday', name: '端午节调休上班' },
        ],
      },
      actor,
    );
    expect(view).toMatchObject({ year: 2027, set: true, provisional: false, updatedBy: '市督查室 王芳' });
    expect(view.days.map((d) => d.date)).toEqual(['2027-06-05', '2027-06-07']);
    expect(await workingOn('2027-06-09')).toBe(true);
    expect(await workingOn('2027-06-07')).toBe(false);
    expect(await workingOn('2027-06-05')).toBe(true); // a Saturday worked
    expect(await workingOn('2026-10-07')).toBe(false); // 2026 untouched
    const audit = await t.db.auditEvent.findUniqueOrThrow({ where: { id: BigInt(changeId) } });
    expect(audit).toMatchObject({ action: 'calendar.year_set', subjectType: 'calendar', subjectId: '2027', actorLabel: 'test' });
    expect((audit.data as { added: string[] }).added).toEqual(['2027-06-05 workday', '2027-06-07 holiday']);
    expect((audit.data as { removed: string[] }).removed).toContain('2027-06-09 holiday');
  });

  it('a notice that fixes the last days of the year before writes them there too, and says so', async () => {
    // As 2019's notice did for Monday 31 December 2018 (and Saturday the 29th, worked): here 2031's, for 2030.
    const notice = `国务院办公厅关于2031年部分节假日安排的通知
一、元旦：2030年12月30日至2031年1月1日放假调休，共3天。2030年12月28日（星期六）上班。
二、春节：1月22日至28日放假调休，共7天。`;
    expect(await workingOn('2030-12-30')).toBe(true);
    const { changeId } = await setCalendarYear(t.db, calendarFromNotice(notice), actor);
    expect(await workingOn('2030-12-30')).toBe(false);
    expect(await workingOn('2030-12-31')).toBe(false);
    expect(await workingOn('2030-12-28')).toBe(true);
    expect(await workingOn('2031-01-01')).toBe(false);
    // 2030 gains the days without becoming a year set as a whole; 2031 is set from its notice.
    expect(await readCalendarYear(t.db, 2030)).toMatchObject({ set: false, days: [expect.objectContaining({ date: '2030-12-28', kind: 'workday' }), expect.anything(), expect.anything()] });
    expect((await readCalendarYear(t.db, 2031)).days.every((d) => d.date.startsWith('2031-'))).toBe(true);
    const audit = await t.db.auditEvent.findUniqueOrThrow({ where: { id: BigInt(changeId) } });
    expect((audit.data as { otherYears: string[] }).otherYears).toEqual(['2030-12-28 workday', '2030-12-30 holiday', '2030-12-31 holiday']);
  });

  it('refuses days outside the year, a date twice, and a weekday marked as a make-up working day, saving nothing', async () => {
    const before = await readCalendarYear(t.db, 2027);
    const attempt = setCalendarYear(
      t.db,
      {
        year: 2027,
        source: '手工编辑',
        provisional: false,
        days: [
          { date: '2026-12-31', kind: 'holiday', name: '元旦' },
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-04', kind: 'workday', name: '元旦调休上班' },
        ],
      },
      actor,
    );
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    const err = (await attempt.catch((e: unknown) => e)) as UserError;
    expect(err.details).toEqual([
      '2026-12-31 不在 2027 年内 / 2026-12-31 is not in 2027',
      '2027-01-01 出现了不止一次 / 2027-01-01 is listed twice',
      '2027-01-04 是工作日，无需标为调休上班 / 2027-01-04 is a weekday: only a Saturday or Sunday can be a make-up working day',
    ]);
    expect(await readCalendarYear(t.db, 2027)).toEqual(before);
  });
});
