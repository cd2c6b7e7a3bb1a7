import { findPlanToRead } from '../../../services/access/scope';
import { defineApiRoute } from '../../route';
import { loadPlanReview, ZPlanReviewSchema } from '../../views/plan-review';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId',
  operationId: 'getPlan',
  summary: 'A plan for review: source text, measures with their spans, parties and targets, and warnings',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZPlanReviewSchema,
  async handler({ actor, params, deps }) {
    const plan = await findPlanToRead(deps.db, actor, params.planId);
    return loadPlanReview(deps.db, plan.id);
  },
});
