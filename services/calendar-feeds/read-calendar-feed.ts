import { z } from 'zod';
import { addWorkingDays, calendarFromDays, daysBetween, shanghaiDate, type TCalendar } from '../../calendar/working-days';
import { ZEscalationLadderSchema, type TEscalationLadder } from '../../domain/ladder';
import { reportLabel } from '../../domain/schedule';
import { AppError } from '../../lib/errors';
import { appLink } from '../../lib/config';
import type { Db } from '../../prisma/client';
import { renderIcs, type TIcsAlarm, type TIcsEvent } from '../../report/render-ics';
import { sha256 } from '../auth/secrets';
import { readCalendarDays } from '../calendar/calendar-years';
import { loadDueChanges, periodsOf } from '../measures/periods';

export const ZReadCalendarFeedInputSchema = z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) });
export type TReadCalendarFeedInput = z.infer<typeof ZReadCalendarFeedInputSchema>;

const day = (d: Date): string => shanghaiDate(d);

/** Alarms at the plan's reminder points: 提醒 so many working days before, and 到期提醒 on the day, at its send hour. */
function alarmsFor(date: string, ladder: TEscalationLadder, cal: TCalendar): TIcsAlarm[] {
  const at = ladder.sendHour * 60;
  const out: TIcsAlarm[] = [];
  if (ladder.reminderWorkingDaysBefore > 0) {
    const before = daysBetween(addWorkingDays(date, -ladder.reminderWorkingDaysBefore, cal), date);
    out.push({ minutesFromStart: at - before * 1440, description: `提醒：${ladder.reminderWorkingDaysBefore}个工作日后到期` });
  }
  if (ladder.dueNotice) out.push({ minutesFromStart: at, description: '到期提醒：今日到期' });
  return out;
}

/**
 * A feed's iCalendar text, from the data as it is now: the unit's report due dates (as its item pages show them,
 * after due-date changes and approved extensions), rework deadlines (退回整改), 批示 reply dates and sub-task due
 * dates; a person's feed also their own sub-tasks elsewhere. An unknown or renewed token: 404.
 */
export async function readCalendarFeed(deps: { db: Db; now: () => Date; publicUrl: string }, input: TReadCalendarFeedInput): Promise<string> {
  const feed = await deps.db.calendarFeed.findUnique({
    where: { tokenHash: sha256(input.token) },
    include: { unit: { select: { id: true, name: true } }, person: { select: { name: true, email: true, unitId: true } } },
  });
  if (!feed) throw new AppError('NOT_FOUND');
  const unitId = feed.unitId ?? feed.person?.unitId ?? null;
  const email = feed.person?.email ?? null;
  const assignments = await deps.db.assignment.findMany({
    where: {
      measure: { status: 'active' },
      status: { notIn: ['done', 'cancelled'] },
      OR: [...(unitId ? [{ unitId }] : []), ...(email ? [{ subtasks: { some: { assigneeEmail: email } } }] : [])],
    },
    include: {
      measure: { include: { plan: { select: { schedule: true, ladder: true } } } },
      reports: { orderBy: { submittedAt: 'desc' }, select: { id: true, period: true, review: true, reworkDue: true } },
      extensions: { where: { status: 'approved' }, orderBy: { requestedAt: 'asc' }, select: { period: true, requestedDue: true } },
      instructionReplies: { where: { repliedAt: null }, include: { instruction: { select: { id: true, replyBy: true } } } },
      subtasks: { where: { doneAt: null }, orderBy: { due: 'asc' } },
    },
    orderBy: { assignedAt: 'asc' },
  });
  const [dueChanges, days] = await Promise.all([loadDueChanges(deps.db, assignments.map((a) => a.measureId)), readCalendarDays(deps.db)]);
  const cal = calendarFromDays(days);
  const host = new URL(deps.publicUrl).host;
  const events: TIcsEvent[] = [];
  for (const a of assignments) {
    const own = a.unitId === unitId;
    const ladder = ZEscalationLadderSchema.catch(ZEscalationLadderSchema.parse({})).parse(a.measure.plan.ladder);
    const url = appLink(deps.publicUrl, `/items/${a.id}`);
    const name = `${a.measure.ref} ${a.measure.title}`;
    const event = (uid: string, date: string, summary: string, sequence: number): TIcsEvent => ({
      uid: `${uid}@${host}`,
      date,
      summary: `【督办】${summary}`,
      description: `${name}\n${url}`,
      url,
      sequence,
      alarms: alarmsFor(date, ladder, cal),
    });
    if (own) {
      const changes = dueChanges.get(a.measureId) ?? [];
      // The latest report of each period decides: sent (awaiting review or accepted) is off the calendar, returned
      // is rework owed by its own deadline instead.
      const latest = new Map<string, (typeof a.reports)[number]>();
      for (const r of a.reports) if (!latest.has(r.period)) latest.set(r.period, r);
      for (const p of periodsOf({ startedAt: a.assignedAt, measure: a.measure, dueChanges: changes })) {
        const report = latest.get(p.key);
        if (report && (report.review !== 'returned' || report.reworkDue)) continue;
        const extended = a.extensions.filter((e) => e.period === p.key);
        const due = extended.length ? day(extended[extended.length - 1]!.requestedDue) : p.due;
        const moves = changes.filter((c) => c.period === p.key).length + extended.length;
        events.push(event(`due-${a.id}-${p.key}`, due, `${name}：${reportLabel(p.key)}截止`, moves));
      }
      for (const r of latest.values()) {
        if (r.review === 'returned' && r.reworkDue) events.push(event(`rework-${r.id}`, day(r.reworkDue), `退回整改：${name}（${reportLabel(r.period)}）`, 0));
      }
      for (const reply of a.instructionReplies) {
        events.push(event(`instruction-${reply.instruction.id}-${a.id}`, day(reply.instruction.replyBy), `批示落实情况回复：${name}`, 0));
      }
    }
    for (const s of a.subtasks) {
      if (!own && s.assigneeEmail?.toLowerCase() !== email?.toLowerCase()) continue;
      events.push(event(`subtask-${s.id}`, day(s.due), `分解任务：${s.title}（${s.assigneeName}）`, 0));
    }
  }
  events.sort((x, y) => x.date.localeCompare(y.date) || x.uid.localeCompare(y.uid));
  const owner = feed.unit?.name ?? feed.person?.name ?? '';
  return renderIcs({ name: `督办：${owner}`, events, now: deps.now() });
}
