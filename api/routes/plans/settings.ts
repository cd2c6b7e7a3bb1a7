import { changePlanSettings, ZChangePlanSettingsInputSchema, ZEditablePlanSettingsSchema } from '../../../services/plans/change-plan-settings';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'PATCH',
  url: '/api/plans/:planId/settings',
  operationId: 'changePlanSettings',
  summary: 'Set a plan’s reporting schedule (before launch) or its reminder and escalation thresholds (running measures follow)',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZChangePlanSettingsInputSchema,
  response: ZEditablePlanSettingsSchema,
  async handler({ actor, params, body, deps }) {
    return changePlanSettings(deps, requireActor(actor), params.planId, body);
  },
});
