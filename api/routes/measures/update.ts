import { editDraftMeasure, ZEditDraftMeasureInputSchema } from '../../../services/plans/edit-draft-measure';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { loadPlanReview, ZReviewMeasureSchema } from '../../views/plan-review';
import { ZMeasureParamsSchema } from './update.types';

export default defineApiRoute({
  method: 'PATCH',
  url: '/api/plans/:planId/measures/:measureId',
  operationId: 'editDraftMeasure',
  summary: 'Fix a draft measure’s units, targets or due date during review',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZMeasureParamsSchema,
  body: ZEditDraftMeasureInputSchema,
  response: ZReviewMeasureSchema,
  async handler({ actor, params, body, deps }) {
    await editDraftMeasure(deps.db, requireActor(actor), params, body);
    const review = await loadPlanReview(deps.db, params.planId);
    return review.measures.find((m) => m.id === params.measureId)!;
  },
});
