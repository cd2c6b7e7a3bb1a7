import { attachment } from '../../../lib/escape';
import { dateText, type TReport } from '../../../report/report-model';
import { renderReport } from '../../../report/render-report';
import { buildReport } from '../../../services/reports/build-report';
import { findPlanToRead } from '../../../services/access/scope';
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
    const plan = await findPlanToRead(deps.db, actor, params.planId);
    const report = await buildReport(deps.db, plan.id, query.asOf, query.year);
    const body = await renderReport(report, query.format);
    reply.header('content-type', REPORT_CONTENT_TYPES[query.format]);
    if (query.format !== 'json' && query.format !== 'html') {
      reply.header('content-disposition', reportDisposition(report, plan.id, query.format));
    }
    return body;
  },
});

/**
 * A download saved under a name the office can file — the plan title, [2026年度]考核结果（截至 date）.xlsx —, or
 * report-<id>.xlsx.
 */
function reportDisposition(report: TReport, planId: string, format: string): string {
  const year = report.assessed.year === null ? '' : `${report.assessed.year}年度`;
  return attachment(`${report.plan.title}${year}考核结果（截至${dateText(report.asOf)}）.${format}`, `report-${planId}.${format}`);
}
