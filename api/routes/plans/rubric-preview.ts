import { z } from 'zod';
import { findPlanFor } from '../../../services/access/scope';
import { previewRubric } from '../../../services/assessment/preview-rubric';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZRubricJsonSchema, ZRubricPreviewSchema } from './rubric.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/rubric/preview',
  operationId: 'previewRubric',
  summary: 'Each unit’s score and grade under the current and a proposed 考核方案, side by side; nothing is saved',
  tags: ['assessment'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: z.object({ rubric: ZRubricJsonSchema }),
  response: ZRubricPreviewSchema,
  async handler({ actor, params, body, deps }) {
    const plan = await findPlanFor(deps.db, requireActor(actor), params.planId);
    const preview = await previewRubric(deps.db, plan.id, body.rubric, deps.now());
    return { ...preview, asOf: preview.asOf.toISOString() };
  },
});
