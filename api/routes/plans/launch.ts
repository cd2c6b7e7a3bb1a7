import { launchReviewedPlan } from '../../actions/launch';
import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { ZLaunchedPlanSchema } from './launch.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/launch',
  operationId: 'launchPlan',
  summary: 'Start one durable workflow per measure; refused (409) while warnings are open; launching twice starts nothing new',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZLaunchedPlanSchema,
  async handler({ actor, params, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    return launchReviewedPlan(deps, a.id, plan.id);
  },
});
