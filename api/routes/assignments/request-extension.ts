import { requestExtensionAs } from '../../actions/progress';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZExtensionAnswerSchema, ZRequestExtensionBodySchema } from './request-extension.types';
import { ZAssignmentParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/extensions',
  operationId: 'requestExtension',
  summary: 'Ask for a later due date (延期) before the report is due; a coordinator decides',
  tags: ['assignments'],
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZRequestExtensionBodySchema,
  response: ZExtensionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return requestExtensionAs(deps, requireActor(actor), params.assignmentId, body);
  },
});
