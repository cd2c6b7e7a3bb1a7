import { ZReviewReportBodySchema } from '../../../domain/measure-actions';
import { reviewReport } from '../../../services/reviews/review-report';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZReportParamsSchema, ZReviewAnswerSchema } from './review.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/reports/:reportId/review',
  operationId: 'reviewReport',
  summary: '审核: accept a report waiting for review, or return it with a reason and working days to rework (coordinators of the plan)',
  tags: ['reviews'],
  auth: 'signed-in',
  params: ZReportParamsSchema,
  body: ZReviewReportBodySchema,
  response: ZReviewAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return reviewReport(deps, requireActor(actor), params.reportId, body);
  },
});
