import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { editDraftMeasure } from '../../actions/edit-measure';
import { loadPlanReview, ZReviewMeasureSchema } from '../../views/plan-review';
import { ZEditMeasureBodySchema, ZMeasureParamsSchema } from './update.types';

export default defineApiRoute({
  method: 'PATCH',
  url: '/api/plans/:planId/measures/:measureId',
  operationId: 'editDraftMeasure',
  summary: 'Fix a draft measure’s units, targets or due date during review',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZMeasureParamsSchema,
  body: ZEditMeasureBodySchema,
  response: ZReviewMeasureSchema,
  async handler({ actor, params, body, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    await editDraftMeasure(deps.db, a.id, plan.id, params.measureId, body);
    const review = await loadPlanReview(deps.db, plan.id);
    return review.measures.find((m) => m.id === params.measureId)!;
  },
});
