import { z } from 'zod';

export const ZClosedPlanSchema = z.object({
  planId: z.string(),
  status: z.literal('closed'),
  closedAt: z.string().describe('when the plan closed (ISO instant)'),
  unfinished: z.number().int().describe('measures not 办结 when it closed, recorded as 未办结 and their workflows ended'),
});
