import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { planAudit } from '../../views/plan-audit';
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
  async handler({ actor, params, query, deps }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    return planAudit(deps.db, plan, query);
  },
});
