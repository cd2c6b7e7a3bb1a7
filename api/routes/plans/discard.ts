import { discardDraftPlan } from '../../actions/discard-plan';
import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { ZDiscardedPlanSchema, ZDiscardPlanBodySchema } from './discard.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/discard',
  operationId: 'discardPlan',
  summary: 'Discard a draft plan (kept as cancelled, with the reason audited); a launched plan is refused (409): cancel its measures instead',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZDiscardPlanBodySchema,
  response: ZDiscardedPlanSchema,
  async handler({ actor, params, body, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    await discardDraftPlan(deps.db, a.id, plan.id, body.reason);
    return { planId: plan.id, status: 'cancelled' as const };
  },
});
