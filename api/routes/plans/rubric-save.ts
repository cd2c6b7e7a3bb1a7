import { findPlanFor } from '../../../services/access/scope';
import { saveRubric, ZSaveRubricInputSchema } from '../../../services/assessment/save-rubric';
import { recordedActor, requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZSavedRubricSchema } from './rubric.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'PUT',
  url: '/api/plans/:planId/rubric',
  operationId: 'saveRubric',
  summary: 'Save a new version of the plan’s 考核方案 (kept, audited); the plan is rescored with it',
  tags: ['assessment'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZSaveRubricInputSchema,
  response: ZSavedRubricSchema,
  async handler({ actor, params, body, deps }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    return saveRubric(deps, plan.id, body, recordedActor(person));
  },
});
