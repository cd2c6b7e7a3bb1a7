import { z } from 'zod';
import { addWorkingDays, shanghaiMidnight, type TCalendar } from '../calendar/working-days';
import { ZIsoDateSchema } from './dates';
import type { TEscalationLadder } from './ladder';

/*
 * 领导批示: a leader of the plan's office (or a coordinator on a leader's behalf) writes an instruction on a measure;
 * each unit it is sent to replies with what it did (落实情况) by its reply deadline. Like every message to a running
 * measure it comes twice: the body a person gives, and the Update's argument with who acts.
 */

const text = z.string().trim().min(1).max(4000);
const requestId = z.string().min(8).max(200).describe('repeat a request with the same id to get the first answer');

/** Working days a unit has to reply when the instruction names no deadline. */
export const DEFAULT_REPLY_DAYS = 5;

const instruction = {
  text: text.describe('the leader’s instruction (批示), as written'),
  replyBy: ZIsoDateSchema.optional().describe('the date the units reply by (落实情况); or replyDays'),
  replyDays: z.number().int().min(1).max(60).optional().describe(`working days from today the units have to reply; default ${DEFAULT_REPLY_DAYS}`),
  unitIds: z.array(z.string().min(1)).min(1).max(50).optional().describe('the units it is sent to, each holding the measure; default every unit that does'),
};
const oneDeadline = (r: { replyBy?: string; replyDays?: number }) => r.replyBy === undefined || r.replyDays === undefined;
const oneDeadlineIssue = { message: '回复期限只能给日期或工作日数之一 / give replyBy or replyDays, not both', path: ['replyBy'] };

export const ZInstructionBodySchema = z
  .strictObject({
    ...instruction,
    onBehalfOf: z.string().min(1).optional().describe('a coordinator writing for a leader of the office: the leader’s person id'),
    requestId: requestId.optional(),
  })
  .refine(oneDeadline, oneDeadlineIssue);
export type TInstructionBody = z.infer<typeof ZInstructionBodySchema>;

/** The measure workflow's Update argument: the leader it is from (`leaderId`) and who wrote it (`actorId`). */
export const ZIssueInstructionSchema = z
  .strictObject({ ...instruction, leaderId: z.string().min(1), actorId: z.string().min(1), requestId })
  .refine(oneDeadline, oneDeadlineIssue);
export type TIssueInstruction = z.infer<typeof ZIssueInstructionSchema>;

const replyLink = z.strictObject({ title: z.string().trim().min(1).max(200), url: z.url({ protocol: /^https?$/ }) });
const replyText = text.describe('落实情况: what the unit did about the instruction');
/** 落实情况 as the unit sends it: its words, links, and files it uploaded for its assignment (checked by the service). */
export const ZInstructionReplyBodySchema = z.strictObject({
  text: replyText,
  attachments: z.array(replyLink).max(20).optional().describe('links to what the unit names as evidence'),
  fileIds: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('files the unit uploaded for its assignment (POST /api/assignments/:id/files), as many as a report may carry'),
});
export type TInstructionReplyBody = z.infer<typeof ZInstructionReplyBodySchema>;
/** The measure workflow's Update argument: the reply's links and files together, as a report records them. */
export const ZReplyInstructionSchema = z.strictObject({
  instructionId: z.string().min(1),
  assignmentId: z.string().min(1),
  text: replyText,
  attachments: z
    .array(z.union([replyLink, z.strictObject({ fileId: z.string().min(1).max(64) })]))
    .max(70)
    .optional(),
  requestedBy: z.string().min(1),
  idempotencyKey: z.string().min(8).max(200),
});
export type TReplyInstruction = z.infer<typeof ZReplyInstructionSchema>;

/** What the measure keeps of an instruction: whom it awaits, by when, and who has replied (workflow time). */
export type TInstructionState = { id: string; replyBy: string; assignmentIds: string[]; replied: Record<string, number> };

/** A 批示 not answered: the unit is reminded on its deadline, the office told the working day after. */
export const INSTRUCTION_STEPS = ['instruction-reminder', 'instruction-office'] as const;
export type TInstructionStep = (typeof INSTRUCTION_STEPS)[number];
/** Three parts, as every step key has (domain/measure-rules stepOfKey): instruction ids hold no '/'. */
export const instructionStepKey = (instructionId: string, assignmentId: string, step: TInstructionStep) => `${assignmentId}/instruction:${instructionId}/${step}`;

/** The instant each reply step fires (the ladder's send hour): the reminder on the deadline, the office the working day after. */
export function instructionSteps(replyBy: string, ladder: TEscalationLadder, cal: TCalendar): { step: TInstructionStep; at: number }[] {
  const at = (date: string) => shanghaiMidnight(date) + ladder.sendHour * 3_600_000;
  return [
    { step: 'instruction-reminder', at: at(replyBy) },
    { step: 'instruction-office', at: at(addWorkingDays(replyBy, 1, cal)) },
  ];
}

/** The reply deadline an instruction names, from `today`: its date, or its working days (default DEFAULT_REPLY_DAYS). */
export function replyDeadline(r: { replyBy?: string; replyDays?: number }, today: string, cal: TCalendar): string {
  return r.replyBy ?? addWorkingDays(today, r.replyDays ?? DEFAULT_REPLY_DAYS, cal);
}
