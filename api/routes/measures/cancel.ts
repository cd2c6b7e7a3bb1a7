import { runMeasureAction } from '../../actions/coordinate';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema, ZMeasureActionParamsSchema } from './action.types';
import { ZBodySchema } from './cancel.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/cancel',
  operationId: 'cancelMeasure',
  summary: 'Cancel a launched measure',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZMeasureActionParamsSchema,
  body: ZBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return runMeasureAction(deps, actor, params.measureId, 'cancel', body);
  },
});
