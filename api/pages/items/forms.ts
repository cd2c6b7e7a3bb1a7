import { deleteEvidence } from '../../../services/evidence/delete-evidence';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZExtensionDecisionBodySchema, ZExtensionRequestBodySchema } from '../../../domain/measure-actions';
import { EXTENSION_REQUEST_REFUSALS } from '../../../domain/measure-failures';
import { ZProgressReportSchema } from '../../../domain/progress';
import { decideExtension } from '../../../services/measures/decide-extension';
import { MeasureActionError } from '../../../services/measures/measure-update';
import { requestExtension } from '../../../services/measures/request-extension';
import { submitProgress } from '../../../services/progress/submit-progress';
import { requireActor, type TActor } from '../../auth/actor';
import { ERROR_STATUS, toAppError } from '../../errors';
import { definePageRoute, parsePart, type TDeps } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { evidenceIntake } from '../../routes/assignments/upload-file';
import { AppError } from '../../../lib/errors';
import { say } from '../../../lib/messages';
import { blankToUndefined } from '../../schemas';
import { loadItem, type TItem } from '../../views/item';
import { validationIssues, type TFormState, type TProblem } from '../forms';
import type { TTranslate } from '../i18n';
import { pageOf } from '../layout';
import { extensionOffer } from './extension-offer';
import { extensionProblems, refusalOf, reportProblems } from './problems';
import { renderItem, type TItemForms } from './show';

/** "title | url" per line, or a bare URL (then it is its own title); each with its line in the box, to point back at it. */
export function linksOf(text: string): { title: string; url: string; line: number }[] {
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.trim();
    if (!line) return [];
    const bar = line.lastIndexOf('|');
    const url = bar < 0 ? line : line.slice(bar + 1).trim();
    return [{ title: bar < 0 ? line : line.slice(0, bar).trim() || url, url, line: i + 1 }];
  });
}

const ZReportFormSchema = z.looseObject({
  status: z.string(),
  percent: z.string(),
  narrative: z.string(),
  blockedReason: z.string().optional(),
  links: z.string().default(''),
  /** The uploaded files ticked to go with the report: one id, or several. */
  fileIds: z.union([z.string(), z.array(z.string())]).optional(),
  /** The lead unit's choice of its cooperating units' parts, when the form offered them (`partsOffered`). */
  parts: z.union([z.string(), z.array(z.string())]).optional(),
  partsOffered: z.string().optional(),
  idempotencyKey: z.string(),
});

/** The fields a form posted, as typed, to fill the form again. */
const typed = (body: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));

type TIssues = NonNullable<ReturnType<typeof validationIssues>>;

/**
 * The answer to a refused form: the item page again, its form filled with what was typed and the problems beside their
 * fields (`problemsOf`: from the schema's issues, or from the workflow's refusal when there are none), with the
 * refusal's status. An error that refuses nothing about the form (not found, an unexpected failure) is thrown on.
 * The form keeps the key it was posted with (see TFormState), unless the schema refused the key itself, which then
 * never reached the workflow and could not have recorded anything.
 */
export async function showRefused(
  r: { req: FastifyRequest; reply: FastifyReply; deps: TDeps; actor: TActor; assignmentId: string },
  form: keyof TItemForms,
  err: unknown,
  body: Record<string, unknown> & { idempotencyKey: string },
  problemsOf: (t: TTranslate, issues: TIssues | null, item: TItem) => TProblem[],
): Promise<FastifyReply> {
  const issues = validationIssues(err);
  const p = pageOf(r.req, r.deps);
  if (!issues && !refusalOf(p.t, err)) throw err;
  const item = await loadItem(r.deps.db, r.actor, r.assignmentId);
  const state: TFormState = {
    values: typed(body),
    problems: problemsOf(p.t, issues, item),
    idempotencyKey: issues?.some((x) => x.path[0] === 'idempotencyKey') ? randomUUID() : body.idempotencyKey,
  };
  return r.reply
    .code(issues ? 422 : ERROR_STATUS[toAppError(err).error.code])
    .type('text/html; charset=utf-8')
    .send(renderItem(p, item, { forms: { [form]: state } }));
}

/** Validation (the progress schema the API's body is checked with) and the workflow's refusals come back on the form. */
export const reportSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/report',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZReportFormSchema,
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    // Target values arrive as tv_<targetId>; an empty one is "not reported".
    const targetValues = Object.entries(body).flatMap(([k, v]) =>
      k.startsWith('tv_') && typeof v === 'string' && v.trim() !== '' ? [{ targetId: k.slice(3), value: Number(v) }] : [],
    );
    const links = linksOf(body.links);
    const fileIds = body.fileIds === undefined ? [] : [body.fileIds].flat();
    const parts = body.partsOffered === undefined ? undefined : body.parts === undefined ? [] : [body.parts].flat();
    try {
      const report = parsePart(
        ZProgressReportSchema,
        {
          status: body.status,
          percent: body.percent.trim() === '' ? undefined : Number(body.percent),
          narrative: body.narrative,
          blockedReason: blankToUndefined(body.blockedReason),
          targetValues,
          attachments: [...links.map(({ title, url }) => ({ title, url })), ...fileIds.map((fileId) => ({ fileId }))],
          parts,
          idempotencyKey: body.idempotencyKey,
        },
        'body',
        locale,
      );
      await submitProgress({ ...deps, filesPerReport: deps.config.FILES_PER_REPORT }, { ...report, assignmentId: params.assignmentId, submittedBy: a.id }, a);
    } catch (err) {
      const sent = { status: body.status, targetIds: targetValues.map((x) => x.targetId), linkLines: links.map((x) => x.line) };
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'report', err, { ...body, fileIds: fileIds.join(' '), parts: (parts ?? []).join(' ') }, (t, issues, item) =>
        issues ? reportProblems(t, issues, sent, item.measure.targets) : [refusalOf(t, err)!],
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=reportAccepted#history`, 303);
  },
});

/** The item page's upload of one file (佐证材料) for the next report; the report form then offers it. */
export const evidenceUpload = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/files',
  auth: 'signed-in',
  scope: 'report',
  params: ZAssignmentParamsSchema,
  file: evidenceIntake,
  async handler({ req, reply, params }) {
    if (!req.receivedFile) throw new AppError('MALFORMED_REQUEST', say('uploadNeedsFile'));
    return reply.redirect(`/items/${params.assignmentId}?done=fileUploaded#evidence`, 303);
  },
});

/** The item page's button deleting a file the unit uploaded and has not reported yet. */
export const evidenceDelete = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/files/:fileId/delete',
  auth: 'signed-in',
  scope: 'report',
  params: ZAssignmentParamsSchema.extend({ fileId: z.string().min(1).max(64) }),
  async handler({ reply, deps, actor, params }) {
    const { assignmentId } = await deleteEvidence(deps, params.fileId, requireActor(actor));
    return reply.redirect(`/items/${assignmentId}?done=fileDeleted#evidence`, 303);
  },
});

const ZExtensionFormSchema = z.object({ requestedDue: z.string(), reason: z.string(), idempotencyKey: z.string() });

export const extensionSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/extension',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZExtensionFormSchema,
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    try {
      const request = parsePart(ZExtensionRequestBodySchema, body, 'body', locale);
      await requestExtension(deps, { ...request, assignmentId: params.assignmentId, requestedBy: a.id }, a);
    } catch (err) {
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'extension', err, body, (t, issues, item) =>
        issues ? extensionProblems(t, issues) : extensionRefusal(t, err, item, body.requestedDue),
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=extensionRequested#extensions`, 303);
  },
});

/**
 * A 延期 request the workflow refused by one of its rules (too late, not later, one pending) is told in the words the
 * page uses when it does not offer the form, from the item's facts.
 */
function extensionRefusal(t: TTranslate, err: unknown, item: TItem, requestedDue: string): TProblem[] {
  if (!(err instanceof MeasureActionError && (EXTENSION_REQUEST_REFUSALS as readonly string[]).includes(err.type))) return [refusalOf(t, err)!];
  const offer = extensionOffer(t, item);
  if (!offer.open) return [{ field: null, label: null, message: offer.why }];
  if (requestedDue <= offer.due) return [{ field: 'requestedDue', label: t('requestedDue'), message: t.fill('extensionAfter', { due: offer.due }) }];
  return [{ field: null, label: null, message: t('extensionRefused') }];
}

export const extensionDecisionSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/extensions/:extensionId/decision',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema.extend({ extensionId: z.string().min(1).max(64) }),
  body: z.object({ decision: z.enum(['approve', 'refuse']), note: z.string().max(2000).optional() }),
  async handler({ reply, deps, actor, params, body, locale }) {
    const decision = parsePart(
      ZExtensionDecisionBodySchema,
      { approve: body.decision === 'approve', note: blankToUndefined(body.note), requestId: randomUUID() },
      'body',
      locale,
    );
    await decideExtension(deps, requireActor(actor), params, decision);
    return reply.redirect(`/items/${params.assignmentId}?done=saved`, 303);
  },
});
