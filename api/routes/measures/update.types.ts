import { z } from 'zod';

export const ZMeasureParamsSchema = z.object({ planId: z.string().min(1).max(64), measureId: z.string().min(1).max(64) });
