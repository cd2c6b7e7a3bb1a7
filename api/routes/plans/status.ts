import { planStatus } from '../../../services/plans/plan-status';
import { findPlanFor } from '../../../services/access/scope';
import { defineApiRoute } from '../../route';
import { ZPlanParamsSchema } from './show.types';
import { ZPlanStatusSchema } from './status.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/status',
  operationId: 'getPlanStatus',
  summary: 'Each measure’s state per unit (assigned / in progress / overdue / escalated / done), as `duban plan status`',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZPlanStatusSchema,
  async handler({ actor, params, deps }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    return planStatus(deps.db, plan.id);
  },
});
