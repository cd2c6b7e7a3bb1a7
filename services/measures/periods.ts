import { z } from 'zod';
import { shanghaiDate } from '../../calendar/working-days';
import { ZIsoDateSchema } from '../../domain/dates';
import { resolvePeriods, ZReportingScheduleSchema, type TCompletionRule, type TReportingSchedule } from '../../domain/schedule';
import type { Db, Prisma } from '../../prisma/client';

/**
 * A coordinator's due-date change as the measure workflow records it: applyCoordinatorAction writes the audit event
 * `measure.change-due-date` in the same transaction that moves a final period's due onto Measure.due.
 */
const ZDueChangeSchema = z.object({ period: z.string().min(1), due: ZIsoDateSchema, final: z.boolean() });
export type TDueChange = z.infer<typeof ZDueChangeSchema>;

const DUE_CHANGE_ACTION = 'measure.change-due-date';

/** Every measure's due-date changes, oldest first, so the last one of a period is the one in force. */
export async function loadDueChanges(db: Db | Prisma.TransactionClient, measureIds: string[]): Promise<Map<string, TDueChange[]>> {
  const rows = measureIds.length
    ? await db.auditEvent.findMany({
        where: { subjectType: 'measure', subjectId: { in: [...new Set(measureIds)] }, action: DUE_CHANGE_ACTION },
        orderBy: { id: 'asc' },
        select: { subjectId: true, data: true },
      })
    : [];
  const out = new Map<string, TDueChange[]>();
  for (const r of rows) {
    const change = ZDueChangeSchema.safeParse(r.data);
    if (change.success) out.set(r.subjectId, [...(out.get(r.subjectId) ?? []), change.data]);
  }
  return out;
}

export type TPeriodsInput = {
  /** From when the unit reports: periods whose report fell due earlier are not asked of it. */
  startedAt: Date;
  measure: { due: Date; schedule: unknown; plan: { schedule: unknown } };
  dueChanges: TDueChange[];
};

/** The schedule a measure's workflow was started with: the measure's own, else the plan's; null if neither reads. */
function scheduleOf(measure: TPeriodsInput['measure']): TReportingSchedule | null {
  const schedule = ZReportingScheduleSchema.safeParse(measure.schedule ?? measure.plan.schedule);
  return schedule.success ? schedule.data : null;
}

/** When the measure counts as done, by the rule of its schedule (the default rule if none reads). */
export function completionRuleOf(measure: TPeriodsInput['measure']): TCompletionRule {
  return (scheduleOf(measure) ?? ZReportingScheduleSchema.parse({})).completion;
}

/**
 * The reporting periods as the measure workflow holds them: the measure's schedule (else the plan's) up to its final
 * period, each due on the date a coordinator last set for it, if any. A final period's change also moved Measure.due,
 * which would let the schedule grow a period the workflow never had, so the periods end at the one it called final.
 */
export function periodsOf(i: TPeriodsInput): { key: string; start: string; due: string }[] {
  const schedule = scheduleOf(i.measure);
  const finalDue = shanghaiDate(i.measure.due);
  const startDate = shanghaiDate(i.startedAt);
  const resolved = schedule
    ? resolvePeriods(schedule, { startDate: startDate <= finalDue ? startDate : finalDue, finalDue })
    : [{ key: 'final', start: startDate <= finalDue ? startDate : finalDue, due: finalDue }];
  const finalKey = i.dueChanges.findLast((c) => c.final)?.period;
  const end = finalKey === undefined ? -1 : resolved.findIndex((p) => p.key === finalKey);
  const kept = end === -1 ? resolved : resolved.slice(0, end + 1);
  const moved = new Map(i.dueChanges.map((c) => [c.period, c.due]));
  return kept.map((p) => ({ key: p.key, start: p.start, due: moved.get(p.key) ?? p.due }));
}
