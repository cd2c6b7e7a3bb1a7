import { ZReturnPartBodySchema } from '../../../domain/measure-actions';
import { returnPart } from '../../../services/reviews/return-part';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZReportParamsSchema, ZReviewAnswerSchema } from './review.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/reports/:reportId/return',
  operationId: 'returnPart',
  summary: '退回 by the lead unit (cycle.reportTo = lead): return a cooperating unit’s part with a reason and working days to send it again (the lead unit’s side)',
  tags: ['reviews'],
  auth: 'signed-in',
  params: ZReportParamsSchema,
  body: ZReturnPartBodySchema,
  response: ZReviewAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return returnPart(deps, requireActor(actor), params.reportId, body);
  },
});
