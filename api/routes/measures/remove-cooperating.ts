import { runMeasureAction } from '../../actions/coordinate';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema, ZMeasureActionParamsSchema } from './action.types';
import { ZBodySchema } from './remove-cooperating.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/cooperating/remove',
  operationId: 'removeCooperatingUnit',
  summary: 'Remove a cooperating unit from a launched measure',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZMeasureActionParamsSchema,
  body: ZBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return runMeasureAction(deps, actor, params.measureId, 'remove-cooperating', body);
  },
});
