import { z } from 'zod';
import { ZChaseBodySchema } from '../../../domain/measure-actions';
import { chaseUnits } from '../../../services/measures/chase-units';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema } from './actions';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/chase',
  operationId: 'chaseUnits',
  summary: '催办 by hand: the plan’s coordinating office chases units of a measure in its own words (audited, mailed once per unit)',
  tags: ['measures'],
  auth: 'signed-in',
  params: z.object({ measureId: z.string().min(1).max(64) }),
  body: ZChaseBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return chaseUnits(deps, requireActor(actor), params.measureId, body);
  },
});
