import { setAreaTargets, ZSetAreaTargetsSchema } from '../../../services/indicators/set-area-targets';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZTargetParamsSchema } from './indicators.types';

export default defineApiRoute({
  method: 'PUT',
  url: '/api/plans/:planId/indicators/:targetId/areas',
  operationId: 'setAreaTargets',
  summary: 'A regional indicator’s target value per area (区县 each reporting its own value); audited',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZTargetParamsSchema,
  body: ZSetAreaTargetsSchema,
  response: ZSetAreaTargetsSchema,
  async handler({ actor, params, body, deps }) {
    return setAreaTargets(deps, requireActor(actor), params.planId, params.targetId, body);
  },
});
