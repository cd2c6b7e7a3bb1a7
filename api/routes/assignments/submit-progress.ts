import { ZProgressReportSchema } from '../../../domain/progress';
import { submitProgress } from '../../../services/progress/submit-progress';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZAssignmentParamsSchema } from './show.types';
import { ZProgressAnswerSchema } from './submit-progress.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/progress',
  operationId: 'submitProgress',
  summary: 'Report progress as the assigned unit; the same idempotency key returns the first answer and records nothing new',
  tags: ['assignments'],
  auth: 'signed-in',
  scope: 'report',
  params: ZAssignmentParamsSchema,
  body: ZProgressReportSchema,
  response: ZProgressAnswerSchema,
  async handler({ actor, params, body, deps }) {
    const a = requireActor(actor);
    return submitProgress({ ...deps, filesPerReport: deps.config.FILES_PER_REPORT }, { ...body, assignmentId: params.assignmentId, submittedBy: a.id }, a);
  },
});
