import { runMeasureAction } from '../../actions/coordinate';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema, ZMeasureActionParamsSchema } from './action.types';
import { ZBodySchema } from './add-cooperating.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/cooperating',
  operationId: 'addCooperatingUnit',
  summary: 'Add a cooperating unit to a launched measure',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZMeasureActionParamsSchema,
  body: ZBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return runMeasureAction(deps, actor, params.measureId, 'add-cooperating', body);
  },
});
