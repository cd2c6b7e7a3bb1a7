import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { changePlanSettings } from '../../actions/plan-settings';
import { defineApiRoute } from '../../route';
import { ZPlanSettingsSchema } from '../../../services/plans/plan-settings';
import { ZPlanSettingsBodySchema } from './settings.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'PATCH',
  url: '/api/plans/:planId/settings',
  operationId: 'changePlanSettings',
  summary: 'Set a plan’s reporting schedule (before launch) or its reminder and escalation thresholds (running measures follow)',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZPlanSettingsBodySchema,
  response: ZPlanSettingsSchema,
  async handler({ actor, params, body, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    return changePlanSettings(deps, a.id, plan.id, body);
  },
});
