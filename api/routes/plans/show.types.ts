import { z } from 'zod';

export const ZPlanParamsSchema = z.object({ planId: z.string().min(1).max(64) });
