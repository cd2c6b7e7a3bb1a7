import type { z } from 'zod';
import { findPlanFor } from '../../../services/access/scope';
import {
  recordAssessment,
  ZRecordAppraisalSchema,
  ZRecordBonusSchema,
  ZRecordVetoSchema,
  type TAssessmentRecordInput,
} from '../../../services/assessment/record-assessment';
import { recordedActor, requireActor } from '../../auth/actor';
import { defineApiRoute, type TApiRoute } from '../../route';
import { ZRecordedSchema, ZRecordParamsSchema } from './rubric.types';

/** One small audited route per kind of record: 加分, 一票否决, 评议. */
function recordRoute<S extends z.ZodObject>(
  kind: TAssessmentRecordInput['kind'],
  path: string,
  body: S,
  operationId: string,
  summary: string,
): TApiRoute {
  return defineApiRoute({
    method: 'POST',
    url: `/api/plans/:planId/assessment/${path}`,
    operationId,
    summary,
    tags: ['assessment'],
    auth: 'signed-in',
    status: 201,
    params: ZRecordParamsSchema,
    body,
    response: ZRecordedSchema,
    async handler({ actor, params, body: record, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return recordAssessment(deps, plan.id, { ...(record as object), kind } as TAssessmentRecordInput, recordedActor(person));
    },
  });
}

export const assessmentRecordRoutes: TApiRoute[] = [
  recordRoute('bonus', 'bonuses', ZRecordBonusSchema, 'recordBonus', 'Record a 加分 item for a unit and year (capped by the 方案)'),
  recordRoute('veto', 'vetoes', ZRecordVetoSchema, 'recordVeto', 'Record a 一票否决 for a unit and year: it is graded 不合格'),
  recordRoute('appraisal', 'appraisals', ZRecordAppraisalSchema, 'recordAppraisal', 'Enter the leading group’s 评议 points for a unit and year'),
];
