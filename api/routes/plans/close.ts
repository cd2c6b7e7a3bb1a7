import { findPlanFor } from '../../../services/access/scope';
import { closePlan, ZClosePlanSchema } from '../../../services/plans/close-plan';
import { recordedActor, requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZClosedPlanSchema } from './close.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/close',
  operationId: 'closePlan',
  summary: 'Close a launched plan once its period is over, with a reason (audited): its unfinished measures are recorded as 未办结, their workflows end, and the plan is read-only from then on (409 before its period’s end)',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZClosePlanSchema,
  response: ZClosedPlanSchema,
  async handler({ actor, params, body, deps }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    return closePlan(deps, plan.id, body, recordedActor(person));
  },
});
