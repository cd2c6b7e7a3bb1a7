import { z } from 'zod';
import { MEASURE_ACTIONS, type TMeasureActionBody, type TMeasureActionName } from '../../../services/measures/measure-actions';
import { runMeasureAction } from '../../../services/measures/run-measure-action';
import { requireActor } from '../../auth/actor';
import { defineApiRoute, type TApiRoute } from '../../route';

const ZMeasureActionParamsSchema = z.object({ measureId: z.string().min(1).max(64) });

export const ZActionAnswerSchema = z.object({
  action: z.string(),
  auditKey: z.string().describe('the audit record of this change'),
  assignmentId: z.string().optional().describe('the assignment created or changed, where there is one'),
});

function measureActionRoute<N extends TMeasureActionName>(name: N): TApiRoute {
  const a = MEASURE_ACTIONS[name];
  return defineApiRoute({
    method: 'POST',
    url: `/api/measures/:measureId/${a.path}`,
    operationId: a.update.name,
    summary: a.summary,
    tags: ['measures'],
    auth: 'signed-in',
    params: ZMeasureActionParamsSchema,
    body: a.body,
    response: ZActionAnswerSchema,
    async handler({ actor, params, body, deps }) {
      // The body was parsed with this action's schema (`body` above), whatever the union of all of them says.
      return runMeasureAction(deps, requireActor(actor), { measureId: params.measureId }, name, body as TMeasureActionBody<N>);
    },
  });
}

/** A coordinator's changes to a launched measure, one route per action of the table (services/measures/measure-actions). */
export const measureActionRoutes: TApiRoute[] = (Object.keys(MEASURE_ACTIONS) as TMeasureActionName[]).map(measureActionRoute);
