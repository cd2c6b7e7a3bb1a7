import { runMeasureAction } from '../../actions/coordinate';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema, ZMeasureActionParamsSchema } from './action.types';
import { ZBodySchema } from './reassign.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/reassign',
  operationId: 'reassignUnit',
  summary: 'Reassign a launched measure from one unit to another (改派); the new unit is notified',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZMeasureActionParamsSchema,
  body: ZBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return runMeasureAction(deps, actor, params.measureId, 'reassign', body);
  },
});
