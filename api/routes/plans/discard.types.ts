import { z } from 'zod';

export const ZDiscardedPlanSchema = z.object({ planId: z.string(), status: z.literal('cancelled') });
