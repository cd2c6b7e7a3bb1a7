import { z } from 'zod';
import { addWorkingDays, shanghaiMidnight, type TCalendar } from '../calendar/working-days';
import { ZIsoDateSchema } from './dates';
import type { TEscalationLadder } from './ladder';

/*
 * 分解: a lead unit splits its assignment into sub-tasks for its own sections or staff, each due no later than the
 * assignment. Each is reminded to the person named, and an overdue one is told to the unit's own contacts: sub-tasks
 * never escalate outside the unit.
 */

/* Not z.email(): its pattern cannot run in the workflows' shared, frozen zod (domain/acknowledgement). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const requestId = z.string().min(8).max(200);

const subtask = {
  title: z.string().trim().min(1).max(200).describe('what the section or person is to do'),
  assignee: z
    .strictObject({
      name: z.string().trim().min(1).max(100),
      email: z.string().trim().max(200).regex(EMAIL, { message: '邮箱格式不正确 / not an email address' }).optional(),
      phone: z.string().trim().min(3).max(40).optional(),
    })
    .describe('the person (or section head) it is given to; reminded by email when one is given, else through the unit’s contacts'),
  due: ZIsoDateSchema.describe('no later than the assignment’s due date'),
};
export const ZSubtaskBodySchema = z.strictObject({ ...subtask, idempotencyKey: requestId.optional() });
export type TSubtaskBody = z.infer<typeof ZSubtaskBodySchema>;
export const ZAddSubtaskSchema = z.strictObject({ assignmentId: z.string().min(1), ...subtask, requestedBy: z.string().min(1), idempotencyKey: requestId });
export type TAddSubtask = z.infer<typeof ZAddSubtaskSchema>;

const done = { note: z.string().trim().min(1).max(2000).optional().describe('what was done') };
export const ZSubtaskDoneBodySchema = z.strictObject(done);
export type TSubtaskDoneBody = z.infer<typeof ZSubtaskDoneBodySchema>;
export const ZSubtaskDoneSchema = z.strictObject({
  assignmentId: z.string().min(1),
  subtaskId: z.string().min(1),
  ...done,
  requestedBy: z.string().min(1),
  idempotencyKey: requestId,
});
export type TSubtaskDone = z.infer<typeof ZSubtaskDoneSchema>;

/** What the measure keeps of a sub-task: whose it is, when it is due, whether it is done. */
export type TSubtaskState = { id: string; assignmentId: string; due: string; done: boolean };

/** Reminded to its person on the due day; told to the unit's contacts the working day after, if still open. */
export const SUBTASK_STEPS = ['subtask-due', 'subtask-overdue'] as const;
export type TSubtaskStep = (typeof SUBTASK_STEPS)[number];
/** Three parts, as every step key has (domain/measure-rules stepOfKey). */
export const subtaskStepKey = (subtaskId: string, assignmentId: string, step: TSubtaskStep) => `${assignmentId}/subtask:${subtaskId}/${step}`;

export function subtaskSteps(due: string, ladder: TEscalationLadder, cal: TCalendar): { step: TSubtaskStep; at: number }[] {
  const at = (date: string) => shanghaiMidnight(date) + ladder.sendHour * 3_600_000;
  return [
    { step: 'subtask-due', at: at(due) },
    { step: 'subtask-overdue', at: at(addWorkingDays(due, 1, cal)) },
  ];
}

/** A unit's sub-tasks as its report carries them: how many of how many are done. */
export function subtaskProgress(subtasks: readonly TSubtaskState[] | undefined, assignmentId: string): { done: number; total: number } | null {
  const mine = (subtasks ?? []).filter((s) => s.assignmentId === assignmentId);
  return mine.length ? { done: mine.filter((s) => s.done).length, total: mine.length } : null;
}
