import { z } from 'zod';

export const ZProgressAnswerSchema = z.object({
  reportId: z.string(),
  period: z.string().describe('the reporting period the report counts for'),
  due: z.string().describe('when that period’s report was due'),
  workingDaysLate: z.number().int(),
  measureStatus: z.enum(['active', 'done', 'cancelled']),
  awaitingReview: z.boolean().describe('the report waits for the office’s review (审核) before it counts'),
});
