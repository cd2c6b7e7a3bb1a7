import { z } from 'zod';
import { CN_DAYS, SHIPPED_YEARS } from '../../calendar/data/cn';
import { dayOfWeek, mergeCalendarDays, type TCalendarDay } from '../../calendar/working-days';
import { ZIsoDateSchema, ZYearSchema } from '../../domain/dates';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db, Prisma } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';
import { announceToMeasures } from '../measures/announce-to-measures';

export const ZCalendarYearNumberSchema = ZYearSchema.describe('公历年份 / the year, e.g. 2027');

export const ZCalendarDaySchema = z.object({
  date: ZIsoDateSchema,
  kind: z.enum(['holiday', 'workday']).describe('holiday: 放假; workday: 调休上班 (a weekend day worked)'),
  name: z.string().trim().min(1).max(60).describe('the festival, e.g. 春节 or 春节调休上班'),
});

/** A year's calendar as people read it: where it came from, and whether it is the State Council's published schedule. */
export type TCalendarYearView = {
  year: number;
  /** The notice's title, 手工编辑, or the shipped schedule's description; null when nothing is known for the year. */
  source: string | null;
  provisional: boolean;
  /** Set by a coordinator (CalendarYear); false while the schedule shipped with Duban applies. */
  set: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  days: TCalendarDay[];
};

const yearOf = (date: string) => Number(date.slice(0, 4));
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const yearRange = (year: number) => ({ gte: dateOf(`${year}-01-01`), lt: dateOf(`${year + 1}-01-01`) });
const rowDay = (r: { date: Date; kind: TCalendarDay['kind']; name: string }): TCalendarDay => ({ date: isoDate(r.date), kind: r.kind, name: r.name });

/**
 * Every holiday and 调休 working day the measures count with: a year a coordinator has set is its rows alone; any other
 * year is the shipped schedule, with rows edited in the database laid over it.
 */
export async function readCalendarDays(db: Db | Prisma.TransactionClient): Promise<TCalendarDay[]> {
  const [rows, set] = await Promise.all([
    db.calendarDay.findMany({ orderBy: { date: 'asc' } }),
    db.calendarYear.findMany({ select: { year: true } }),
  ]);
  const setYears = new Set(set.map((y) => y.year));
  return mergeCalendarDays(
    CN_DAYS.filter((d) => !setYears.has(yearOf(d.date))),
    rows.map(rowDay),
  );
}

type TYearMeta = Omit<TCalendarYearView, 'days'>;

/** Where a year's days come from: the coordinator's setting (a CalendarYear row) or else the shipped schedule. */
function yearMeta(year: number, row: { source: string; provisional: boolean; updatedAt: Date; updatedBy: string } | null): TYearMeta {
  if (row) return { year, source: row.source, provisional: row.provisional, set: true, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
  const shipped = SHIPPED_YEARS.find((y) => y.year === year);
  return { year, source: shipped?.source ?? null, provisional: shipped?.provisional ?? true, set: false, updatedAt: null, updatedBy: null };
}

export async function readCalendarYear(db: Db, year: number): Promise<TCalendarYearView> {
  const [row, days] = await Promise.all([
    db.calendarYear.findUnique({ where: { year } }),
    db.calendarDay.findMany({ where: { date: yearRange(year) }, orderBy: { date: 'asc' } }),
  ]);
  const meta = yearMeta(year, row);
  const shipped = meta.set ? [] : (SHIPPED_YEARS.find((y) => y.year === year)?.days ?? []);
  return { ...meta, days: mergeCalendarDays(shipped, days.map(rowDay)) };
}

/**
 * The year whose calendar a coordinator should see to, as of a Shanghai date: this year when it has no published
 * schedule, else next year from October (the State Council publishes in late autumn) while it is still provisional.
 */
export async function calendarNeedingAttention(db: Db, today: string): Promise<{ year: number; missing: boolean } | null> {
  const year = Number(today.slice(0, 4));
  const candidates = Number(today.slice(5, 7)) >= 10 ? [year, year + 1] : [year];
  const rows = await db.calendarYear.findMany({ where: { year: { in: candidates } } });
  for (const y of candidates) {
    const meta = yearMeta(y, rows.find((r) => r.year === y) ?? null);
    if (meta.source === null || meta.provisional) return { year: y, missing: meta.source === null };
  }
  return null;
}

/** What is wrong with a year's days, one line each, in the order of the days; empty when they can be saved. */
export function yearDaysProblems(year: number, days: readonly TCalendarDay[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of days) {
    if (yearOf(d.date) !== year) problems.push(`${d.date} 不在 ${year} 年内 / ${d.date} is not in ${year}`);
    if (seen.has(d.date)) problems.push(`${d.date} 出现了不止一次 / ${d.date} is listed twice`);
    seen.add(d.date);
    const weekday = dayOfWeek(d.date);
    if (d.kind === 'workday' && weekday !== 0 && weekday !== 6) {
      problems.push(`${d.date} 是工作日，无需标为调休上班 / ${d.date} is a weekday: only a Saturday or Sunday can be a make-up working day`);
    }
  }
  return problems;
}

export type TSetCalendarYear = {
  year: number;
  days: readonly TCalendarDay[];
  source: string;
  provisional: boolean;
  /**
   * Days the same notice fixes in the year before or after (2019's notice set 元旦 from Monday 31 December 2018, with
   * Saturday the 29th worked): written into those years too, each over whatever that date had, without setting them.
   */
  otherYearDays?: readonly TCalendarDay[];
};
/** Who sets a year: a person (id), or the command line; the name is shown on the calendar page. */
export type TCalendarActor = { id: string | null; name: string; label: string };

/**
 * A coordinator sets a year's holidays and make-up working days as a whole — typically from the State Council's
 * notice — replacing what was there, shipped or set before. Audited, and announced to the running measures in the
 * same transaction; returns the audit record's id, which names the change and its announcement.
 */
export async function setCalendarYear(
  db: Db,
  input: TSetCalendarYear,
  actor: TCalendarActor,
): Promise<{ view: TCalendarYearView; changeId: string }> {
  const problems = yearDaysProblems(input.year, input.days);
  if (problems.length) throw new AppError('UNPROCESSABLE', say('calendarProblems', { year: input.year, n: problems.length, first: problems[0]! }), problems);
  const before = await readCalendarYear(db, input.year);
  const changeId = await db.$transaction(async (tx) => {
    await tx.calendarDay.deleteMany({ where: { date: yearRange(input.year) } });
    const others = input.otherYearDays ?? [];
    await tx.calendarDay.deleteMany({ where: { date: { in: others.map((d) => dateOf(d.date)) } } });
    await tx.calendarDay.createMany({ data: [...input.days, ...others].map((d) => ({ date: dateOf(d.date), kind: d.kind, name: d.name })) });
    const meta = { source: input.source, provisional: input.provisional, updatedBy: actor.name };
    await tx.calendarYear.upsert({ where: { year: input.year }, create: { year: input.year, ...meta }, update: meta });
    const event = await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'calendar.year_set' satisfies TAuditAction,
        subjectType: 'calendar',
        subjectId: String(input.year),
        data: {
          source: input.source,
          provisional: input.provisional,
          ...dayChanges(before.days, input.days),
          ...(others.length ? { otherYears: others.map((d) => `${d.date} ${d.kind}`) } : {}),
        },
      },
    });
    // Saved with the change: the running measures are told of it once Temporal accepts, whenever that is.
    await announceToMeasures(tx, { changeId: String(event.id), kind: 'calendar' });
    return String(event.id);
  });
  return { view: await readCalendarYear(db, input.year), changeId };
}

/** The dates that changed, for the audit record: what an auditor asks is "which days moved". */
function dayChanges(before: readonly TCalendarDay[], after: readonly TCalendarDay[]) {
  const key = (d: TCalendarDay) => `${d.date} ${d.kind}`;
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  return { added: [...now].filter((k) => !old.has(k)).sort(), removed: [...old].filter((k) => !now.has(k)).sort() };
}
