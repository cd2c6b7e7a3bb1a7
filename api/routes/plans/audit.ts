import { findPlanFor } from '../../../services/access/scope';
import { defineApiRoute } from '../../route';
import { planAudit, planAuditCsv } from '../../views/plan-audit';
import { ZPlanAuditQuerySchema, ZPlanAuditSchema } from './audit.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/audit',
  operationId: 'getPlanAudit',
  summary: 'The plan’s audit trail, newest first: imports, launch, settings, and every coordinator action on its measures',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: ZPlanAuditQuerySchema,
  response: ZPlanAuditSchema,
  produces: ['application/json', 'text/csv'],
  async handler({ actor, params, query, reply, deps, locale }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    if (query.format === 'json') return planAudit(deps.db, plan, query, locale);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="audit-${plan.id}.csv"`);
    return planAuditCsv(deps.db, plan, query);
  },
});
