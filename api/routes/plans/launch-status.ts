import { AppError } from '../../../lib/errors';
import { say } from '../../../lib/messages';
import { findPlanFor } from '../../../services/access/scope';
import { temporalOf } from '../../../services/deps';
import { readPlanLaunch } from '../../../services/plans/launch-plan';
import { defineApiRoute } from '../../route';
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
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const launch = await readPlanLaunch(temporalOf(deps).client, plan.id);
    if (!launch) throw new AppError('NOT_FOUND', say('planNeverLaunched'));
    return launch;
  },
});
