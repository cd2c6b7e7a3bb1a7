import { ZLaunchDatesSchema } from '../../../services/plans/launch-dates';
import { launchReviewedPlan } from '../../../services/plans/launch-reviewed-plan';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { demoClock, ZPlanLaunchSchema } from './launch.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/launch',
  operationId: 'launchPlan',
  summary:
    'Start the launch: a durable workflow that starts one workflow per measure; refused (409) while warnings are open; answers 202 at once ' +
    '(follow it at GET …/launch); launching twice starts nothing new. A plan whose dates are past needs { rebase: YEAR } or ' +
    '{ asIs: true }, and is refused (409 PLAN_DATES_PAST, naming the dates) without either',
  tags: ['plans'],
  auth: 'signed-in',
  status: 202,
  params: ZPlanParamsSchema,
  body: ZLaunchDatesSchema.optional(),
  response: ZPlanLaunchSchema,
  async handler({ actor, params, body, deps }) {
    return launchReviewedPlan(deps, requireActor(actor), params.planId, { ...demoClock(deps.config), ...(body ? { dates: body } : {}) });
  },
});
