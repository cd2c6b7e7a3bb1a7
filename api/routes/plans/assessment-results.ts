import { findPlanFor } from '../../../services/access/scope';
import { answerObjection, ZAnswerObjectionSchema } from '../../../services/assessment/answer-objection';
import { finaliseResults, ZFinaliseResultsSchema } from '../../../services/assessment/finalise-results';
import { lodgeObjection, ZLodgeObjectionSchema } from '../../../services/assessment/lodge-objection';
import { publishResults, ZPublishResultsSchema } from '../../../services/assessment/publish-results';
import { reopenResults, ZReopenResultsSchema } from '../../../services/assessment/reopen-results';
import { showResults } from '../../../services/assessment/show-results';
import { submitAnnualSummary, ZSubmitAnnualSummarySchema } from '../../../services/assessment/submit-annual-summary';
import { recordedActor, requireActor } from '../../auth/actor';
import { defineApiRoute, type TApiRoute } from '../../route';
import {
  ZAnnualSummarySubmittedSchema,
  ZFinalisedSchema,
  ZObjectionAnsweredSchema,
  ZObjectionLodgedSchema,
  ZObjectionParamsSchema,
  ZPublicityResponseSchema,
  ZReopenedSchema,
  ZYearParamsSchema,
  ZYearResultsSchema,
} from './assessment-results.types';
import { ZRecordParamsSchema } from './rubric.types';

/** A year's results: 公示 (optional), 异议 and the office's answers, 定稿 and an audited reopen. */
export const assessmentResultRoutes: TApiRoute[] = [
  defineApiRoute({
    method: 'GET',
    url: '/api/plans/:planId/assessment/results/:year',
    operationId: 'showAssessmentResults',
    summary: 'A year’s results, its stage (open, 公示, 定稿) and its 异议: the office sees all; an assessed unit its own breakdown, and the whole list during 公示 and once final',
    tags: ['assessment'],
    auth: 'signed-in',
    params: ZYearParamsSchema,
    response: ZYearResultsSchema,
    async handler({ actor, params, deps }) {
      const shown = await showResults(deps.db, requireActor(actor), params.planId, params.year);
      return {
        ...shown,
        finalisedAt: shown.finalisedAt?.toISOString() ?? null,
        objections: shown.objections.map((o) => ({ ...o, lodgedAt: o.lodgedAt.toISOString(), answeredAt: o.answeredAt?.toISOString() ?? null })),
        annualSummaries: shown.annualSummaries && {
          ...shown.annualSummaries,
          lines: shown.annualSummaries.lines.map((l) => ({ ...l, submittedAt: l.submittedAt?.toISOString() ?? null })),
        },
      };
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/assessment/publicity',
    operationId: 'publishAssessmentResults',
    summary: 'Put a year’s results to 公示 for N working days: every assessed unit sees them and may lodge an 异议',
    tags: ['assessment'],
    auth: 'signed-in',
    params: ZRecordParamsSchema,
    body: ZPublishResultsSchema,
    response: ZPublicityResponseSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return publishResults(deps, plan.id, body, recordedActor(person));
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/assessment/objections',
    operationId: 'lodgeObjection',
    summary: 'A unit’s 异议 to its results for a year, during 公示, with reason and evidence files',
    tags: ['assessment'],
    auth: 'signed-in',
    status: 201,
    params: ZRecordParamsSchema,
    body: ZLodgeObjectionSchema,
    response: ZObjectionLodgedSchema,
    async handler({ actor, params, body, deps }) {
      return lodgeObjection(deps, params.planId, requireActor(actor), body);
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/assessment/annual-summaries',
    operationId: 'submitAnnualSummary',
    summary: 'A unit’s 年度总结 of a year (全年工作总结, 下一年度目标任务, 工作措施, evidence from its uploads), once, where the plan asks for one',
    tags: ['assessment'],
    auth: 'signed-in',
    status: 201,
    params: ZRecordParamsSchema,
    body: ZSubmitAnnualSummarySchema,
    response: ZAnnualSummarySubmittedSchema,
    async handler({ actor, params, body, deps }) {
      return submitAnnualSummary(deps, params.planId, requireActor(actor), body);
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/assessment/objections/:objectionId/answer',
    operationId: 'answerObjection',
    summary: 'The office upholds an 异议 (having corrected the input at fault through the usual records) or rejects it with a reason',
    tags: ['assessment'],
    auth: 'signed-in',
    params: ZObjectionParamsSchema,
    body: ZAnswerObjectionSchema,
    response: ZObjectionAnsweredSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return answerObjection(deps, plan.id, params.objectionId, body, recordedActor(person));
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/assessment/finalise',
    operationId: 'finaliseAssessmentResults',
    summary: '定稿: lock a year’s scores (after 公示, every 异议 answered); a later change needs a reopen with a reason',
    tags: ['assessment'],
    auth: 'signed-in',
    params: ZRecordParamsSchema,
    body: ZFinaliseResultsSchema,
    response: ZFinalisedSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return finaliseResults(deps, plan.id, body, recordedActor(person));
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/assessment/reopen',
    operationId: 'reopenAssessmentResults',
    summary: 'Reopen a final year with a reason (audited): its scores follow changes again until the next 定稿',
    tags: ['assessment'],
    auth: 'signed-in',
    params: ZRecordParamsSchema,
    body: ZReopenResultsSchema,
    response: ZReopenedSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return reopenResults(deps, plan.id, body, recordedActor(person));
    },
  }),
];
