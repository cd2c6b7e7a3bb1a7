import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { ZClockSchema } from '../../domain/clock';
import { ZSummaryCadenceSchema } from './schedule';

/** One workflow sends every leader's summary: a business id, so starting it twice starts nothing new. */
export const LEADER_SUMMARY_WORKFLOW_ID = 'leader-summary';
/** The workflow function's name, part of stored history: renaming it is a breaking change. */
export const LEADER_SUMMARY_WORKFLOW_TYPE = 'leaderSummaryWorkflow';

export const ZLeaderSummaryWorkflowInputSchema = z.object({
  cadence: ZSummaryCadenceSchema.prefault({}),
  clock: ZClockSchema.prefault({}).describe('the demo compresses days; identity otherwise'),
  lastAtMs: z.number().optional().describe('virtual instant of the previous summary, carried across continue-as-new'),
});
export type TLeaderSummaryWorkflowInput = z.input<typeof ZLeaderSummaryWorkflowInputSchema>;

/** When the next summary goes out (virtual ISO instant) and the period key it will carry. */
export const nextSummaryQuery = defineQuery<{ at: string; periodKey: string }>('nextSummary');
