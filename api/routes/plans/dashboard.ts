import { findPlanToRead } from '../../../services/access/scope';
import { defineApiRoute } from '../../route';
import { loadDashboard } from '../../views/dashboard';
import { ZDashboardQuerySchema, ZDashboardSchema } from './dashboard.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/dashboard',
  operationId: 'getPlanDashboard',
  summary: 'Counts by colour and state, and the measures that match a filter',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: ZDashboardQuerySchema,
  response: ZDashboardSchema,
  async handler({ actor, params, query, deps }) {
    const plan = await findPlanToRead(deps.db, actor, params.planId);
    return loadDashboard(deps.db, plan.id, query);
  },
});
