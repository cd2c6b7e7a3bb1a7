import { runMeasureAction } from '../../actions/coordinate';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema, ZMeasureActionParamsSchema } from './action.types';
import { ZBodySchema } from './change-due.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/due-date',
  operationId: 'changeDueDate',
  summary: 'Change the due date of one reporting period of a launched measure',
  tags: ['measures'],
  auth: 'signed-in',
  params: ZMeasureActionParamsSchema,
  body: ZBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return runMeasureAction(deps, actor, params.measureId, 'change-due', body);
  },
});
