import { findPlanFor } from '../../../services/access/scope';
import { buildReport } from '../../../services/reports/build-report';
import { defineApiRoute } from '../../route';
import { ZPlanIndicatorsSchema } from './indicators.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/indicators',
  operationId: 'getPlanIndicators',
  summary: 'The plan’s indicator table: each target per unit, values by period (corrections beside the values sent), attainment and trend',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZPlanIndicatorsSchema,
  async handler({ actor, params, deps }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const report = await buildReport(deps.db, plan.id);
    return { plan: { id: plan.id, title: plan.title }, asOf: report.asOf.toISOString(), indicators: report.indicators };
  },
});
