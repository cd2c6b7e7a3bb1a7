import { ZExtensionDecisionBodySchema } from '../../../domain/measure-actions';
import { decideExtension } from '../../../services/measures/decide-extension';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZExtensionAnswerSchema } from '../assignments/request-extension.types';
import { ZExtensionParamsSchema } from './decide.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/extensions/:extensionId/decision',
  operationId: 'decideExtension',
  summary: 'Approve or refuse a 延期 request (coordinators of the plan)',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZExtensionParamsSchema,
  body: ZExtensionDecisionBodySchema,
  response: ZExtensionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return decideExtension(deps, requireActor(actor), params, body);
  },
});
