import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZAcknowledgeBodySchema, ZRefuseBodySchema } from '../../../domain/acknowledgement';
import { acknowledgeAssignment } from '../../../services/assignments/acknowledge-assignment';
import { refuseAssignment } from '../../../services/assignments/refuse-assignment';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { blankToUndefined } from '../../schemas';
import { uniqueProblems, type TProblem } from '../forms';
import type { TTranslate } from '../i18n';
import { PART_LABEL, PARTS, type PEOPLE } from './acknowledge';
import { showRefused } from './forms';
import { refusalOf } from './problems';

type TIssue = z.core.$ZodIssue;

/** The 签收 and 拒签 forms' posts (their view: ./acknowledge). */
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
