import { ZExtensionRequestBodySchema } from '../../../domain/measure-actions';
import { requestExtension } from '../../../services/measures/request-extension';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZExtensionAnswerSchema } from './request-extension.types';
import { ZAssignmentParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/extensions',
  operationId: 'requestExtension',
  summary: 'Ask for a later due date (延期) before the report is due; a coordinator decides',
  tags: ['assignments'],
  auth: 'signed-in',
  scope: 'report',
  params: ZAssignmentParamsSchema,
  body: ZExtensionRequestBodySchema,
  response: ZExtensionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    const a = requireActor(actor);
    return requestExtension(deps, { ...body, assignmentId: params.assignmentId, requestedBy: a.id }, a);
  },
});
