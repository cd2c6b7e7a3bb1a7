import { renderReport } from '../../../report/render-report';
import { buildReport } from '../../../services/reports/build-report';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { REPORT_CONTENT_TYPES, ZReportJsonSchema, ZReportQuerySchema } from './report.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/report',
  operationId: 'getPlanReport',
  summary: 'The plan’s assessment scores per measure, per unit and for the plan, as JSON, CSV, Excel or HTML (`duban report`)',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: ZReportQuerySchema,
  response: ZReportJsonSchema,
  produces: Object.values(REPORT_CONTENT_TYPES).map((t) => t.split(';')[0]!),
  async handler({ actor, params, query, reply, deps }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const body = await renderReport(await buildReport(deps.db, plan.id, query.asOf), query.format);
    reply.header('content-type', REPORT_CONTENT_TYPES[query.format]);
    if (query.format !== 'json' && query.format !== 'html') {
      reply.header('content-disposition', `attachment; filename="report-${plan.id}.${query.format}"`);
    }
    return body;
  },
});
