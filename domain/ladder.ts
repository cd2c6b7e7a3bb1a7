import { z } from 'zod';
import { addWorkingDays, shanghaiMidnight, type TCalendar } from '../calendar/working-days';
import type { TMessageKey } from '../lib/messages';

/** Reminder and escalation thresholds, in working days, per plan (Plan.ladder). */
export const ZEscalationLadderSchema = z
  .object({
    reminderWorkingDaysBefore: z.number().int().min(0).max(30).default(3).describe('提醒: working days before the due date; 0 turns it off'),
    dueNotice: z.boolean().default(true).describe('到期提醒 on the due day'),
    urgeAfterWorkingDays: z.number().int().min(1).max(60).default(1).describe('催办 to the unit’s contacts'),
    superviseAfterWorkingDays: z.number().int().min(1).max(60).default(3).describe('督办 to the unit’s supervising leader'),
    coordinatorAfterWorkingDays: z.number().int().min(1).max(60).default(7).describe('escalation to the plan’s coordinator'),
    sendHour: z.number().int().min(0).max(23).default(9).describe('hour of the day (Asia/Shanghai) at which notices go out'),
  })
  .refine(
    (l) => l.urgeAfterWorkingDays < l.superviseAfterWorkingDays && l.superviseAfterWorkingDays < l.coordinatorAfterWorkingDays,
    // A key of lib/messages: the edge says it in its reader's language (the workflows' bundle does not carry them).
    { message: 'thresholdsMustRise' satisfies TMessageKey },
  );
export type TEscalationLadder = z.infer<typeof ZEscalationLadderSchema>;
export type TEscalationLadderInput = z.input<typeof ZEscalationLadderSchema>;

export const NOTICE_STEPS = ['reminder', 'due'] as const;
export const ESCALATION_STEPS = ['urge', 'supervise', 'coordinator'] as const;
export type TNoticeStep = (typeof NOTICE_STEPS)[number];
export type TEscalationStep = (typeof ESCALATION_STEPS)[number];
export type TStep = TNoticeStep | TEscalationStep;

/** Escalation level number as Assignment.escalationLevel stores it. */
export const ESCALATION_LEVEL: Record<TEscalationStep, number> = { urge: 1, supervise: 2, coordinator: 3 };

export type TStepAt = { step: TStep; date: string; at: number };

/** The steps for one report due on `due`, in order, with the day and the instant each fires. */
export function stepsFor(due: string, ladder: TEscalationLadder, cal: TCalendar): TStepAt[] {
  const at = (date: string) => shanghaiMidnight(date) + ladder.sendHour * 3_600_000;
  const steps: { step: TStep; date: string }[] = [];
  if (ladder.reminderWorkingDaysBefore > 0) {
    steps.push({ step: 'reminder', date: addWorkingDays(due, -ladder.reminderWorkingDaysBefore, cal) });
  }
  if (ladder.dueNotice) steps.push({ step: 'due', date: due });
  steps.push({ step: 'urge', date: addWorkingDays(due, ladder.urgeAfterWorkingDays, cal) });
  steps.push({ step: 'supervise', date: addWorkingDays(due, ladder.superviseAfterWorkingDays, cal) });
  steps.push({ step: 'coordinator', date: addWorkingDays(due, ladder.coordinatorAfterWorkingDays, cal) });
  return steps.map((s) => ({ ...s, at: at(s.date) }));
}

export function isEscalation(step: TStep): step is TEscalationStep {
  return (ESCALATION_STEPS as readonly string[]).includes(step);
}
