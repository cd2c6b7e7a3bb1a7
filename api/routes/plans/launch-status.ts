import { AppError } from '../../errors';
import { requireCoordinator } from '../../auth/actor';
import { findPlanFor } from '../../auth/scope';
import { defineApiRoute } from '../../route';
import { readPlanLaunch } from '../../../services/plans/launch-plan';
import { ZPlanLaunchSchema } from './launch.types';
import { ZPlanParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/launch',
  operationId: 'readPlanLaunch',
  summary: 'How far the plan’s latest launch is: measure workflows started of the total, and how it ended; 404 if never launched',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  response: ZPlanLaunchSchema,
  async handler({ actor, params, deps }) {
    const a = requireCoordinator(actor);
    const plan = await findPlanFor(deps.db, a, params.planId);
    if (!deps.temporal) throw new AppError('WORKFLOWS_UNAVAILABLE');
    const launch = await readPlanLaunch(deps.temporal, plan.id);
    if (!launch) throw new AppError('NOT_FOUND', '该方案尚未启动 / the plan has not been launched');
    return launch;
  },
});
