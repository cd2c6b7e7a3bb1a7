import { decideExtensionAs } from '../../actions/coordinate';
import { defineApiRoute } from '../../route';
import { ZExtensionAnswerSchema } from '../assignments/request-extension.types';
import { ZDecideExtensionBodySchema, ZExtensionParamsSchema } from './decide.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/extensions/:extensionId/decision',
  operationId: 'decideExtension',
  summary: 'Approve or refuse a 延期 request (coordinators of the plan)',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZExtensionParamsSchema,
  body: ZDecideExtensionBodySchema,
  response: ZExtensionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return decideExtensionAs(deps, actor, params.extensionId, body);
  },
});
