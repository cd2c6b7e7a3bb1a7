import { z } from 'zod';
import { ZEscalationLadderSchema } from '../../domain/ladder';

/** The workflow function's name, part of stored history: renaming it is a breaking change. */
export const BROADCAST_WORKFLOW_TYPE = 'broadcastToMeasuresWorkflow';

/** One run per change (the change's audit record id), so announcing one change twice starts nothing. */
export const broadcastWorkflowId = (changeId: string) => `broadcast:${changeId}`;

/** What running measures are told: the calendar changed (they reload it), or their plan's ladder has new thresholds. */
export const ZBroadcastMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('calendar') }),
  z.object({ kind: z.literal('ladder'), ladder: ZEscalationLadderSchema }),
]);
export type TBroadcastMessage = z.input<typeof ZBroadcastMessageSchema>;

export const ZBroadcastInputSchema = z.object({
  changeId: z.string().min(1).describe('the audit record of the change'),
  planId: z.string().min(1).optional().describe('only this plan’s measures; every launched plan’s when absent'),
  message: ZBroadcastMessageSchema,
  concurrency: z.number().int().min(1).max(500).default(50).describe('signals in flight at once'),
});
export type TBroadcastInput = z.input<typeof ZBroadcastInputSchema>;
export type TBroadcastOutcome = { told: number; closed: number };
