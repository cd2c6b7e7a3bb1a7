import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { ZClockSchema } from '../../domain/clock';

/** One workflow reminds every office of the reviews it is late with: a business id, so starting it twice starts nothing new. */
export const REVIEW_REMINDERS_WORKFLOW_ID = 'review-reminders';
/** The workflow function's name, part of stored history: renaming it is a breaking change. */
export const REVIEW_REMINDERS_WORKFLOW_TYPE = 'reviewRemindersWorkflow';

export const ZReviewRemindersWorkflowInputSchema = z.object({
  hour: z.number().int().min(0).max(23).default(9).describe('hour of the day the reminders go out, Asia/Shanghai'),
  clock: ZClockSchema.prefault({}).describe('the demo compresses days; identity otherwise'),
  lastAtMs: z.number().optional().describe('virtual instant of the previous reminder, carried across continue-as-new'),
});
export type TReviewRemindersWorkflowInput = z.input<typeof ZReviewRemindersWorkflowInputSchema>;

/** When the next reminder goes out (virtual ISO instant) and the Shanghai day it is for. */
export const nextReviewReminderQuery = defineQuery<{ at: string; day: string }>('nextReviewReminder');
