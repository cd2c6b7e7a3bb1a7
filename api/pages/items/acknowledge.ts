import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZAcknowledgeBodySchema, ZRefuseBodySchema } from '../../../domain/acknowledgement';
import { acknowledgeAssignment } from '../../../services/assignments/acknowledge-assignment';
import { refuseAssignment } from '../../../services/assignments/refuse-assignment';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { blankToUndefined } from '../../schemas';
import type { TItem } from '../../views/item';
import { fieldProblem, problemList, uniqueProblems, type TFormState, type TProblem } from '../forms';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, type TPage } from '../layout';
import { showRefused } from './forms';
import { refusalOf } from './problems';

type TIssue = z.core.$ZodIssue;
const PEOPLE = ['responsible', 'handler'] as const;
const PARTS = ['name', 'phone', 'email'] as const;

/**
 * 签收 and 拒签 on the item page, for the people of the assigned unit while the assignment is neither acknowledged nor
 * refused: naming the 责任领导 (required) and the 经办人, or refusing with a reason. A form shown again after a refusal
 * keeps what was typed, each problem beside its field.
 */
export function acknowledgeForms(p: TPage, item: TItem, forms: { acknowledge?: TFormState; refuse?: TFormState } | undefined): Raw {
  if (!item.canReport || item.acknowledgement || item.refusal) return html``;
  const { t } = p;
  const ack = forms?.acknowledge;
  const v = ack?.values ?? {};
  const person = (who: (typeof PEOPLE)[number]) =>
    html`<fieldset><legend>${t(who === 'responsible' ? 'ackResponsible' : 'ackHandler')}</legend><div class="row">${PARTS.map((part) => {
      const id = `ack-${who}-${part}`;
      const f = fieldProblem(ack, id);
      const type = part === 'email' ? 'email' : part === 'phone' ? 'tel' : 'text';
      const required = who === 'responsible' && part === 'name' ? html` required` : '';
      return html`<div><label for="${id}">${t(PART_LABEL[part])}</label><input id="${id}" name="${who}_${part}" type="${type}" maxlength="${part === 'name' ? 100 : part === 'phone' ? 40 : 200}"${required} value="${v[`${who}_${part}`] ?? ''}"${f.attrs}>${f.note}</div>`;
    })}</div></fieldset>`;
  const note = fieldProblem(ack, 'ack-note');
  const refuse = forms?.refuse;
  const reason = fieldProblem(refuse, 'refuse-reason');
  return html`<section class="card" id="acknowledge"><h2>${t('acknowledgeTitle')}</h2><p class="muted">${t('acknowledgeHint')}</p>
${problemList(t('formProblems'), ack, 'acknowledge-problems')}<form method="post" action="/items/${item.id}/acknowledge#acknowledge">${csrfField(p)}
${person('responsible')}${person('handler')}
<label for="ack-note">${t('ackNote')}</label><textarea id="ack-note" name="note" rows="2" maxlength="2000"${note.attrs}>${v.note ?? ''}</textarea>${note.note}
<p><button type="submit">${t('acknowledgeSubmit')}</button></p></form></section>
<section class="card" id="refuse"><h2>${t('refuseTitle')}</h2><p class="muted">${t('refuseHint')}</p>
${problemList(t('formProblems'), refuse, 'refuse-problems')}<form method="post" action="/items/${item.id}/refuse#refuse">${csrfField(p)}
<label for="refuse-reason">${t('refuseReason')}</label><textarea id="refuse-reason" name="reason" rows="3" required maxlength="2000"${reason.attrs}>${refuse?.values.reason ?? ''}</textarea>${reason.note}
<p><button type="submit" class="secondary">${t('refuseSubmit')}</button></p></form></section>`;
}

const PART_LABEL = { name: 'ackPersonName', phone: 'ackPersonPhone', email: 'ackPersonEmail' } as const;

const tooLong = (t: TTranslate, issue: TIssue) => t.fill('problemTooLong', { max: issue.code === 'too_big' ? String(issue.maximum) : '' });

/** ZAcknowledgeBodySchema's issues as the 签收 form's problems, each on the input it came from. */
function acknowledgeProblems(t: TTranslate, issues: readonly TIssue[]): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      const [who, part] = issue.path;
      if (who === 'note') return { field: 'ack-note', label: t('ackNote'), message: tooLong(t, issue) };
      if ((who === 'responsible' || who === 'handler') && (part === 'name' || part === 'phone' || part === 'email')) {
        const label = `${t(who === 'responsible' ? 'ackResponsible' : 'ackHandler')}${t(PART_LABEL[part])}`;
        const message = issue.code === 'too_big' ? tooLong(t, issue) : t(part === 'name' ? 'problemAckName' : part === 'phone' ? 'problemAckPhone' : 'problemAckEmail');
        return { field: `ack-${who}-${part}`, label, message };
      }
      if (who === 'responsible') return { field: 'ack-responsible-name', label: t('ackResponsible'), message: t('problemAckName') };
      return { field: null, label: null, message: t('problemInvalid') };
    }),
  );
}

const ZAcknowledgeFormSchema = z.object({
  responsible_name: z.string().default(''),
  responsible_phone: z.string().optional(),
  responsible_email: z.string().optional(),
  handler_name: z.string().optional(),
  handler_phone: z.string().optional(),
  handler_email: z.string().optional(),
  note: z.string().optional(),
});
type TAcknowledgeForm = z.infer<typeof ZAcknowledgeFormSchema>;

/** A person from the form's three inputs; none typed is no person (an optional 经办人 left out). */
function personOf(body: TAcknowledgeForm, who: (typeof PEOPLE)[number]) {
  const [name, phone, email] = PARTS.map((part) => blankToUndefined(body[`${who}_${part}`]));
  if (who === 'handler' && !name && !phone && !email) return undefined;
  return { name: name ?? '', phone, email };
}

export const acknowledgeSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/acknowledge',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZAcknowledgeFormSchema,
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    try {
      const ack = parsePart(ZAcknowledgeBodySchema, { responsible: personOf(body, 'responsible'), handler: personOf(body, 'handler'), note: blankToUndefined(body.note) }, 'body', locale);
      await acknowledgeAssignment(deps, a, params.assignmentId, ack);
    } catch (err) {
      // 签收 is once per assignment (the service's own key): the form carries none, the state a fresh one it never sends.
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'acknowledge', err, { ...body, idempotencyKey: randomUUID() }, (t, issues) =>
        issues ? acknowledgeProblems(t, issues) : [refusalOf(t, err)!],
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=acknowledged#acknowledgement`, 303);
  },
});

export const refuseSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/refuse',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: z.object({ reason: z.string().default('') }),
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const a = requireActor(actor);
    try {
      await refuseAssignment(deps, a, params.assignmentId, parsePart(ZRefuseBodySchema, { reason: body.reason }, 'body', locale));
    } catch (err) {
      return showRefused({ req, reply, deps, actor: a, assignmentId: params.assignmentId }, 'refuse', err, { ...body, idempotencyKey: randomUUID() }, (t, issues) =>
        issues
          ? uniqueProblems(issues.map((issue) => ({ field: 'refuse-reason', label: t('refuseReason'), message: issue.code === 'too_big' ? tooLong(t, issue) : t('problemReason') })))
          : [refusalOf(t, err)!],
      );
    }
    return reply.redirect(`/items/${params.assignmentId}?done=refusalSent#acknowledgement`, 303);
  },
});
