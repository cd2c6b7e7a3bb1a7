import { z } from 'zod';

export { ZReportParamsSchema } from '../../../services/reviews/review-report';

export const ZReviewAnswerSchema = z.object({
  reportId: z.string(),
  review: z.enum(['accepted', 'returned']),
  reworkDue: z.string().nullable().describe('a returned report’s rework deadline (YYYY-MM-DD): the unit reports again by then'),
  auditKey: z.string(),
});
