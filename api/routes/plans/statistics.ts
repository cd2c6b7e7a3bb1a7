import { STATISTIC_DEFINITIONS } from '../../../report/statistics';
import { findPlanToRead } from '../../../services/access/scope';
import { buildReport } from '../../../services/reports/build-report';
import { defineApiRoute } from '../../route';
import { ZPlanStatisticsSchema } from './statistics.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/statistics',
  operationId: 'getPlanStatistics',
  summary: '按期完成率, 逾期率, 退回率, 平均办结用时, 督办次数, 指标达标率 per plan, unit and period, with each formula and denominator',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZPlanStatisticsSchema,
  async handler({ actor, params, deps }) {
    const plan = await findPlanToRead(deps.db, actor, params.planId);
    const report = await buildReport(deps.db, plan.id);
    const { asOf, ...statistics } = report.statistics;
    return { plan: { id: plan.id, title: plan.title }, asOf, definitions: STATISTIC_DEFINITIONS, statistics };
  },
});
