import { discardDraftPlan, ZDiscardPlanInputSchema } from '../../../services/plans/discard-draft-plan';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZDiscardedPlanSchema } from './discard.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/discard',
  operationId: 'discardPlan',
  summary: 'Discard a draft plan (kept as cancelled, with the reason audited); a launched plan is refused (409): cancel its measures instead',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZDiscardPlanInputSchema,
  response: ZDiscardedPlanSchema,
  async handler({ actor, params, body, deps }) {
    await discardDraftPlan(deps.db, requireActor(actor), params.planId, body);
    return { planId: params.planId, status: 'cancelled' as const };
  },
});
