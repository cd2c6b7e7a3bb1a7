import { z } from 'zod';

/** The workflow function's name, part of stored history: renaming it is a breaking change. */
export const BROADCAST_WORKFLOW_TYPE = 'broadcastToMeasuresWorkflow';

/** One run per change (the change's audit record id), so announcing one change twice starts nothing. */
export const broadcastWorkflowId = (changeId: string) => `broadcast:${changeId}`;

/**
 * What running measures are told: the calendar changed, or their plan's thresholds did. Each measure then reads the
 * new one from the database, where it has one home, so changes told late or out of order still leave every measure
 * on the latest.
 */
export const ZBroadcastMessageSchema = z.object({ kind: z.enum(['calendar', 'ladder']) });
export type TBroadcastMessage = z.input<typeof ZBroadcastMessageSchema>;

export const ZBroadcastInputSchema = z.object({
  changeId: z.string().min(1).describe('the audit record of the change'),
  planId: z.string().min(1).optional().describe('only this plan’s measures; every launched plan’s when absent'),
  message: ZBroadcastMessageSchema,
  concurrency: z.number().int().min(1).max(500).default(50).describe('signals in flight at once'),
});
export type TBroadcastInput = z.input<typeof ZBroadcastInputSchema>;
export type TBroadcastOutcome = { told: number; closed: number };

/** An announcement as the outbox keeps it (a message on the signal channel) until its broadcast has started. */
export const ZAnnouncementSchema = z.object({
  changeId: z.string().min(1),
  planId: z.string().min(1).optional(),
  kind: ZBroadcastMessageSchema.shape.kind,
});
export type TAnnouncement = z.infer<typeof ZAnnouncementSchema>;
