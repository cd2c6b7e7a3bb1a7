import { findPlanFor } from '../../../services/access/scope';
import { showRubric } from '../../../services/assessment/show-rubric';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZRubricResponseSchema } from './rubric.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/rubric',
  operationId: 'showRubric',
  summary: 'A plan’s 考核方案 in force and every saved version (who, when, why)',
  tags: ['assessment'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZRubricResponseSchema,
  async handler({ actor, params, deps }) {
    const plan = await findPlanFor(deps.db, requireActor(actor), params.planId);
    const shown = await showRubric(deps.db, plan.id);
    return { ...shown, versions: shown.versions.map((v) => ({ ...v, savedAt: v.savedAt.toISOString() })) };
  },
});
