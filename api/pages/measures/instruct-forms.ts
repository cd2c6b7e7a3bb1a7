import { z } from 'zod';
import { ZInstructionBodySchema } from '../../../domain/instructions';
import { MEASURE_FAILURE } from '../../../domain/measure-failures';
import { AppError } from '../../../lib/errors';
import { instructionWriters } from '../../../services/instructions/instruction-writers';
import { issueInstruction } from '../../../services/instructions/issue-instruction';
import { MeasureActionError } from '../../../services/measures/measure-update';
import { requireActor } from '../../auth/actor';
import { ERROR_STATUS, toAppError } from '../../errors';
import { definePageRoute, parsePart } from '../../route';
import { blankToUndefined } from '../../schemas';
import { instructionsOfMeasure } from '../../views/instructions';
import { uniqueProblems, validationIssues, ZFlashSchema, ZRepeatedSchema, type TProblem } from '../forms';
import type { TTranslate } from '../i18n';
import { refusalOf } from '../items/problems';
import { pageOf } from '../layout';
import { renderInstruct } from './instruct';

type TIssue = z.core.$ZodIssue;

/** The 批示 page and its post (its view: ./instruct), through issueInstruction as the API. */
const ZParamsSchema = z.object({ measureId: z.string().min(1).max(64) });
const tooLong = (t: TTranslate, issue: TIssue) => t.fill('problemTooLong', { max: issue.code === 'too_big' ? String(issue.maximum) : '' });

export const instructPage = definePageRoute({
  method: 'GET',
  url: '/measures/:measureId/instruct',
  auth: 'signed-in',
  params: ZParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const writers = await instructionWriters(deps.db, requireActor(actor), params.measureId);
    return renderInstruct(pageOf(req, deps), writers, await instructionsOfMeasure(deps.db, params.measureId), { done: query.done });
  },
});

/** ZInstructionBodySchema's issues as the form's problems, each on the input it came from. */
function instructProblems(t: TTranslate, issues: readonly TIssue[]): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      switch (issue.path[0]) {
        case 'text':
          return { field: 'instruct-text', label: t('instructText'), message: issue.code === 'too_big' ? tooLong(t, issue) : t('problemInstructText') };
        case 'replyBy':
          return { field: 'instruct-replyBy', label: t('instructReplyDate'), message: t('problemDate') };
        case 'unitIds':
          return { field: 'instruct-units', label: t('instructUnits'), message: t('problemInstructUnits') };
        case 'onBehalfOf':
          return { field: 'instruct-leader', label: t('instructLeader'), message: t('problemInstructLeader') };
        default:
          return { field: null, label: null, message: t('problemInvalid') };
      }
    }),
  );
}

/** A refusal by the service or the workflow, beside the input it concerns; null for one that is not about the form. */
function instructRefusal(t: TTranslate, err: unknown): TProblem | null {
  if (err instanceof MeasureActionError && err.type === MEASURE_FAILURE.replyByBeforeToday) return { field: 'instruct-replyBy', label: t('instructReplyDate'), message: t.say(err.say) };
  // No leader chosen, or one not of the plan's office (the service's one line).
  if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && !validationIssues(err)) return { field: 'instruct-leader', label: t('instructLeader'), message: t.say(err.say) };
  return refusalOf(t, err);
}

export const instructSubmit = definePageRoute({
  method: 'POST',
  url: '/measures/:measureId/instruct',
  auth: 'signed-in',
  params: ZParamsSchema,
  body: z.object({ text: z.string().default(''), replyBy: z.string().optional(), unitIds: ZRepeatedSchema, onBehalfOf: z.string().optional(), requestId: z.string() }),
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    // Who may write here is the service's rule; asked first, so that nobody else learns anything from the form.
    const writers = await instructionWriters(deps.db, a, params.measureId);
    try {
      const instruction = parsePart(
        ZInstructionBodySchema,
        {
          text: body.text,
          replyBy: blankToUndefined(body.replyBy),
          unitIds: body.unitIds,
          onBehalfOf: a.role === 'leader' ? undefined : blankToUndefined(body.onBehalfOf),
          requestId: body.requestId,
        },
        'body',
        locale,
      );
      await issueInstruction(deps, a, params.measureId, instruction);
    } catch (err) {
      const p = pageOf(req, deps);
      const issues = validationIssues(err);
      const problem = issues ? null : instructRefusal(p.t, err);
      if (!issues && !problem) throw err;
      const state = {
        values: { text: body.text, replyBy: body.replyBy ?? '', unitIds: body.unitIds.join(' '), onBehalfOf: body.onBehalfOf ?? '' },
        problems: issues ? instructProblems(p.t, issues) : [problem!],
        idempotencyKey: body.requestId,
      };
      return reply
        .code(issues ? 422 : ERROR_STATUS[toAppError(err).error.code])
        .type('text/html; charset=utf-8')
        .send(renderInstruct(p, writers, await instructionsOfMeasure(deps.db, params.measureId), { state }));
    }
    return reply.redirect(`/measures/${params.measureId}/instruct?done=instructionSent#instructions`, 303);
  },
});
