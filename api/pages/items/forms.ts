import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MEASURE_FAILURE } from '../../../domain/measure-failures';
import { MeasureActionError } from '../../../services/measures/measure-update';
import { decideExtensionAs } from '../../actions/coordinate';
import { requestExtensionAs, submitProgressAs } from '../../actions/progress';
import { requireActor } from '../../auth/actor';
import { toAppError } from '../../errors';
import { definePageRoute } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { blankToUndefined } from '../../schemas';
import { loadItem, type TItem } from '../../views/item';
import { validationIssues, type TFormState, type TProblem } from '../forms';
import type { TTranslate } from '../i18n';
import { pageOf, type TPage } from '../layout';
import { extensionOffer } from './extension-offer';
import { extensionProblems, refusalOf, reportProblems } from './problems';
import { renderItem, type TItemForms } from './show';

/** "title | url" per line, or a bare URL (then it is its own title); each with its line in the box, to point back at it. */
function linksOf(text: string): { title: string; url: string; line: number }[] {
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
  idempotencyKey: z.string(),
});

/** The fields a form posted, as typed, to fill the form again. */
const typed = (body: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));

/**
 * The item page again, its form filled with what was typed and the problems beside their fields, answered with the
 * refusal's status.
 */
function showAgain(reply: FastifyReply, p: TPage, item: TItem, form: keyof TItemForms, status: number, state: TFormState): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderItem(p, item, { forms: { [form]: state } }));
}

/**
 * The key the form is shown again with: the one it was posted with (see TFormState), unless the schema refused the key
 * itself, which then never reached the workflow and could not have recorded anything.
 */
const keyAfter = (issues: readonly { path: readonly PropertyKey[] }[] | null, posted: string) =>
  issues?.some((x) => x.path[0] === 'idempotencyKey') ? randomUUID() : posted;

/** Validation (the progress schema, through the same action as the API) and the workflow's refusals come back on the form. */
export const reportSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/report',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZReportFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const a = requireActor(actor);
    // Target values arrive as tv_<targetId>; an empty one is "not reported".
    const targetValues = Object.entries(body).flatMap(([k, v]) =>
      k.startsWith('tv_') && typeof v === 'string' && v.trim() !== '' ? [{ targetId: k.slice(3), value: Number(v) }] : [],
    );
    const links = linksOf(body.links);
    try {
      await submitProgressAs(deps, a, params.assignmentId, {
        status: body.status,
        percent: body.percent.trim() === '' ? undefined : Number(body.percent),
        narrative: body.narrative,
        blockedReason: blankToUndefined(body.blockedReason),
        targetValues,
        attachments: links.map(({ title, url }) => ({ title, url })),
        idempotencyKey: body.idempotencyKey,
      });
    } catch (err) {
      const issues = validationIssues(err);
      const p = pageOf(req, deps);
      const refusal = issues ? null : refusalOf(p.t, err);
      if (!issues && !refusal) throw err;
      const item = await loadItem(deps.db, a, params.assignmentId);
      const sent = { status: body.status, targetIds: targetValues.map((x) => x.targetId), linkLines: links.map((x) => x.line) };
      return showAgain(reply, p, item, 'report', issues ? 422 : toAppError(err).error.status, {
        values: typed(body),
        problems: issues ? reportProblems(p.t, issues, sent, item.measure.targets) : [refusal!],
        idempotencyKey: keyAfter(issues, body.idempotencyKey),
      });
    }
    return reply.redirect(`/items/${params.assignmentId}?done=reportAccepted#history`, 303);
  },
});

const ZExtensionFormSchema = z.object({ requestedDue: z.string(), reason: z.string(), idempotencyKey: z.string() });

export const extensionSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/extension',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZExtensionFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const a = requireActor(actor);
    try {
      await requestExtensionAs(deps, a, params.assignmentId, body);
    } catch (err) {
      const issues = validationIssues(err);
      const p = pageOf(req, deps);
      if (!issues && !refusalOf(p.t, err)) throw err;
      const item = await loadItem(deps.db, a, params.assignmentId);
      return showAgain(reply, p, item, 'extension', issues ? 422 : toAppError(err).error.status, {
        values: typed(body),
        problems: issues ? extensionProblems(p.t, issues) : extensionRefusal(p.t, err, item, body.requestedDue),
        idempotencyKey: keyAfter(issues, body.idempotencyKey),
      });
    }
    return reply.redirect(`/items/${params.assignmentId}?done=extensionRequested#extensions`, 303);
  },
});

/**
 * The workflow says only that an extension is not allowed (in a bilingual message meant for logs); the item's facts
 * say which of its reasons applies, in the words the page uses when it does not offer the form.
 */
function extensionRefusal(t: TTranslate, err: unknown, item: TItem, requestedDue: string): TProblem[] {
  if (!(err instanceof MeasureActionError && err.type === MEASURE_FAILURE.extensionNotAllowed)) return [refusalOf(t, err)!];
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
  async handler({ reply, deps, actor, params, body }) {
    await decideExtensionAs(deps, actor, params.extensionId, {
      approve: body.decision === 'approve',
      note: blankToUndefined(body.note) as string | undefined,
      requestId: randomUUID(),
    });
    return reply.redirect(`/items/${params.assignmentId}?done=saved`, 303);
  },
});
