import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZInstructionReplyBodySchema } from '../../../domain/instructions';
import { ZReturnPartBodySchema } from '../../../domain/measure-actions';
import { MEASURE_FAILURE } from '../../../domain/measure-failures';
import { ZSubtaskBodySchema, ZSubtaskDoneBodySchema } from '../../../domain/subtasks';
import { replyInstruction } from '../../../services/instructions/reply-instruction';
import { MeasureActionError } from '../../../services/measures/measure-update';
import { addSubtask } from '../../../services/subtasks/add-subtask';
import { completeSubtask } from '../../../services/subtasks/complete-subtask';
import { returnPart } from '../../../services/reviews/return-part';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { blankToUndefined } from '../../schemas';
import { formNumber, uniqueProblems, type TProblem } from '../forms';
import type { TTranslate } from '../i18n';
import { SUBTASK_FIELDS, SUBTASK_LABEL } from './cycle';
import { linksOf, showRefused } from './forms';
import { refusalOf } from './problems';

type TIssue = z.core.$ZodIssue;

/** The 落实情况 and 分解 forms' posts (their views: ./cycle), each through the service the API calls. */
const tooLong = (t: TTranslate, issue: TIssue) => t.fill('problemTooLong', { max: issue.code === 'too_big' ? String(issue.maximum) : '' });
const ZIdSchema = z.string().min(1).max(64);

/** ZInstructionReplyBodySchema's issues as the 落实情况 form's problems: the text, or the line of a link to fix. */
function replyProblems(t: TTranslate, issues: readonly TIssue[], instructionId: string, linkLines: number[]): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      const [key, index, part] = issue.path;
      if (key === 'text') return { field: `reply-text-${instructionId}`, label: t('replyText'), message: issue.code === 'too_big' ? tooLong(t, issue) : t('problemReplyText') };
      if (key !== 'attachments') return { field: null, label: null, message: t('problemInvalid') };
      const max = issue.code === 'too_big' ? String(issue.maximum) : '';
      const line = typeof index === 'number' ? (linkLines[index] ?? index + 1) : 0;
      const message =
        typeof index !== 'number' ? t.fill('problemTooManyLinks', { max }) : part === 'title' ? t.fill('problemLinkTitle', { line, max }) : t.fill('problemLinkUrl', { line });
      return { field: `reply-links-${instructionId}`, label: t('links'), message };
    }),
  );
}

export const instructionReplySubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/instructions/:instructionId/reply',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema.extend({ instructionId: ZIdSchema }),
  body: z.object({ text: z.string().default(''), links: z.string().default(''), fileIds: z.union([z.string(), z.array(z.string())]).optional() }),
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    const links = linksOf(body.links);
    const fileIds = body.fileIds === undefined ? [] : [body.fileIds].flat();
    try {
      const attachments = links.length ? links.map(({ title, url }) => ({ title, url })) : undefined;
      const sent = { text: body.text, attachments, ...(fileIds.length ? { fileIds } : {}) };
      await replyInstruction({ ...deps, filesPerReport: deps.config.FILES_PER_REPORT }, a, params.instructionId, parsePart(ZInstructionReplyBodySchema, sent, 'body', locale));
    } catch (err) {
      // The service keys a reply by its instruction: the form carries no key of its own.
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'reply', err, { ...body, fileIds: fileIds.join(' '), instructionId: params.instructionId, idempotencyKey: randomUUID() }, (t, issues) =>
        issues ? replyProblems(t, issues, params.instructionId, links.map((x) => x.line)) : [refusalOf(t, err)!],
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=instructionReplied#instructions`, 303);
  },
});

const ZSubtaskFormSchema = z.object({
  title: z.string().default(''),
  name: z.string().default(''),
  email: z.string().optional(),
  phone: z.string().optional(),
  due: z.string().default(''),
  idempotencyKey: z.string(),
});

/** ZSubtaskBodySchema's issues as the 分解 form's problems, each on the input it came from. */
function subtaskProblems(t: TTranslate, issues: readonly TIssue[]): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      const [key, part] = issue.path;
      const f = key === 'assignee' ? (part === 'email' || part === 'phone' ? part : 'name') : key;
      if (f === 'idempotencyKey') return { field: null, label: null, message: t('problemFormExpired') };
      if (!(SUBTASK_FIELDS as readonly unknown[]).includes(f)) return { field: null, label: null, message: t('problemInvalid') };
      const field = f as (typeof SUBTASK_FIELDS)[number];
      const message =
        issue.code === 'too_big'
          ? tooLong(t, issue)
          : t(({ title: 'problemSubtaskTitle', name: 'problemAckName', email: 'problemAckEmail', phone: 'problemAckPhone', due: 'problemDate' } as const)[field]);
      return { field: `subtask-${field}`, label: t(SUBTASK_LABEL[field]), message };
    }),
  );
}

export const subtaskAddSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/subtasks',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZSubtaskFormSchema,
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    try {
      const subtask = parsePart(
        ZSubtaskBodySchema,
        {
          title: body.title,
          assignee: { name: body.name, email: blankToUndefined(body.email), phone: blankToUndefined(body.phone) },
          due: body.due,
          idempotencyKey: body.idempotencyKey,
        },
        'body',
        locale,
      );
      await addSubtask(deps, a, params.assignmentId, subtask);
    } catch (err) {
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'subtask', err, body, (t, issues) => {
        if (issues) return subtaskProblems(t, issues);
        // Due after the assignment: the workflow's own sentence, beside the date.
        if (err instanceof MeasureActionError && err.type === MEASURE_FAILURE.subtaskAfterAssignment) {
          return [{ field: 'subtask-due', label: t('subtaskDueLabel'), message: t.say(err.say) }];
        }
        return [refusalOf(t, err)!];
      });
    }
    return reply.redirect(`/items/${params.assignmentId}?done=subtaskAdded#subtasks`, 303);
  },
});

export const subtaskDoneSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/subtasks/:subtaskId/done',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema.extend({ subtaskId: ZIdSchema }),
  body: z.object({ note: z.string().optional() }),
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    try {
      await completeSubtask(deps, a, params.subtaskId, parsePart(ZSubtaskDoneBodySchema, { note: blankToUndefined(body.note) }, 'body', locale));
    } catch (err) {
      const field = `subtask-note-${params.subtaskId}`;
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'subtaskDone', err, { ...body, subtaskId: params.subtaskId, idempotencyKey: randomUUID() }, (t, issues) =>
        issues ? uniqueProblems(issues.map((issue) => ({ field, label: t('subtaskNote'), message: tooLong(t, issue) }))) : [refusalOf(t, err)!],
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=subtaskCompleted#subtasks`, 303);
  },
});

/**
 * 退回 by the lead unit, beside a cooperating unit's part on the lead's item page: through the service the API calls;
 * a bad reason or number of days comes back beside its field, a refusal in one line, what was typed kept.
 */
export const returnPartSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/parts/:reportId/return',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema.extend({ reportId: ZIdSchema }),
  body: z.object({ reason: z.string().default(''), reworkDays: z.string().max(10).default(''), requestId: z.string().max(200) }),
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    try {
      const sent = { reason: body.reason, reworkDays: body.reworkDays.trim() ? formNumber(body.reworkDays) : undefined, requestId: body.requestId };
      await returnPart(deps, a, params.reportId, parsePart(ZReturnPartBodySchema, sent, 'body', locale));
    } catch (err) {
      const [reasonId, daysId] = [`return-reason-${params.reportId}`, `return-days-${params.reportId}`];
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'returnPart', err, { ...body, reportId: params.reportId, idempotencyKey: body.requestId }, (t, issues) =>
        issues
          ? uniqueProblems(
              issues.map((issue): TProblem => {
                if (issue.path[0] === 'reason') return { field: reasonId, label: t('reviewReason'), message: issue.code === 'too_big' ? tooLong(t, issue) : t('problemReturnReason') };
                if (issue.path[0] === 'reworkDays') return { field: daysId, label: t('reviewReworkDays'), message: t('problemReworkDays') };
                return { field: null, label: null, message: t('problemFormExpired') };
              }),
            )
          : [refusalOf(t, err)!],
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=partReturned#parts`, 303);
  },
});
