import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { loadPlanReview } from '../../views/plan-review';
import { acceptWarning } from '../../actions/resolve-warning';
import { ZResolvedWarningSchema, ZWarningParamsSchema } from './resolve-warning.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/warnings/:index/resolve',
  operationId: 'resolveWarning',
  summary: 'Accept a parser warning as it is (fixing the measure resolves unit warnings by itself)',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZWarningParamsSchema,
  response: ZResolvedWarningSchema,
  async handler({ actor, params, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    await acceptWarning(deps.db, a.id, plan.id, params.index);
    const review = await loadPlanReview(deps.db, plan.id);
    return { warning: review.warnings[params.index]!, openWarnings: review.openWarnings };
  },
});
