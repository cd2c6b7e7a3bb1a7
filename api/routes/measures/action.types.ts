import { z } from 'zod';

export const ZMeasureActionParamsSchema = z.object({ measureId: z.string().min(1).max(64) });

export const ZActionAnswerSchema = z.object({
  action: z.string(),
  auditKey: z.string().describe('the audit record of this change'),
  assignmentId: z.string().optional().describe('the assignment created or changed, where there is one'),
});
