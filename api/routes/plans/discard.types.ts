import { z } from 'zod';

export const ZDiscardPlanBodySchema = z.object({
  reason: z.string().trim().min(1).max(2000).describe('why the draft is discarded, kept in the plan’s audit log'),
});

export const ZDiscardedPlanSchema = z.object({ planId: z.string(), status: z.literal('cancelled') });
