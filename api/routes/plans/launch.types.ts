import { z } from 'zod';

export const ZLaunchedPlanSchema = z.object({
  planId: z.string(),
  measures: z.number().int(),
  started: z.number().int().describe('workflows started by this call'),
  alreadyRunning: z.number().int().describe('workflows an earlier launch had started'),
  workflowIds: z.array(z.string()),
});
