import { acceptWarning } from '../../../services/plans/accept-warning';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { loadPlanReview } from '../../views/plan-review';
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
    await acceptWarning(deps, requireActor(actor), params.planId, params);
    const review = await loadPlanReview(deps.db, params.planId);
    return { warning: review.warnings[params.index]!, openWarnings: review.openWarnings };
  },
});
