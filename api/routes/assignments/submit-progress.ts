import { submitProgressAs } from '../../actions/progress';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZAssignmentParamsSchema } from './show.types';
import { ZProgressAnswerSchema, ZSubmitProgressBodySchema } from './submit-progress.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/progress',
  operationId: 'submitProgress',
  summary: 'Report progress as the assigned unit; the same idempotency key returns the first answer and records nothing new',
  tags: ['assignments'],
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZSubmitProgressBodySchema,
  response: ZProgressAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return submitProgressAs(deps, requireActor(actor), params.assignmentId, body);
  },
});
