import { launchReviewedPlan } from '../../actions/launch';
import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { ZPlanLaunchSchema } from './launch.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/launch',
  operationId: 'launchPlan',
  summary:
    'Start the launch: a durable workflow that starts one workflow per measure; refused (409) while warnings are open; answers 202 at once ' +
    '(follow it at GET …/launch); launching twice starts nothing new',
  tags: ['plans'],
  auth: 'signed-in',
  status: 202,
  params: ZPlanParamsSchema,
  response: ZPlanLaunchSchema,
  async handler({ actor, params, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    return launchReviewedPlan(deps, a.id, plan.id);
  },
});
