import { correctIndicatorValue, ZCorrectIndicatorValueSchema } from '../../../services/indicators/correct-indicator-value';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZCorrectionAnswerSchema } from './indicators.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/:planId/indicators/corrections',
  operationId: 'correctIndicatorValue',
  summary: 'The office corrects a reported indicator value with a reason; the value as sent is kept, the correction audited',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZCorrectIndicatorValueSchema,
  response: ZCorrectionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return correctIndicatorValue(deps, requireActor(actor), params.planId, body);
  },
});
