import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZReviewReportBodySchema } from '../../../domain/measure-actions';
import { findPlanFor, isCoordinator } from '../../../services/access/scope';
import type { TReviewQueue } from '../../../services/reviews/list-reviews';
import { reviewReport } from '../../../services/reviews/review-report';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { formNumber } from '../forms';
import { html, type Raw } from '../html';
import { attachmentLink } from '../items/attachment-link';
import { csrfField, type TPage } from '../layout';

/**
 * The office's review queue on its plan's dashboard (审核), oldest first: each report with what it says and when it
 * was submitted, accepted with one button or returned with a reason and working days to rework.
 */
export function reviewQueueCard(p: TPage, planId: string, queue: TReviewQueue): Raw {
  const { t } = p;
  // A leader of the leading group reads the queue; only the office reviews.
  const reviewer = p.actor !== null && isCoordinator(p.actor);
  return html`<section class="card" id="reviews"><h2>${t('reviewQueue')}（${queue.items.length}）</h2>${
    queue.items.length
      ? html`<ul>${queue.items.map(
          (r) => html`<li data-report="${r.reportId}"><a href="/items/${r.assignmentId}">${r.measure.ref} ${r.measure.title}</a> · <b>${r.unit.name}</b> · ${t.period(r.period)} · ${r.percent}% · ${t.value(r.status)}
<br><small class="muted">${t('reviewSubmittedAt')} ${r.submittedAt.slice(0, 10)}</small><blockquote>${r.narrative}</blockquote>${r.attachments.length ? html`<div class="attachments">${r.attachments.map((x) => attachmentLink(x))}</div>` : ''}
${reviewer ? html`<form method="post" action="/plans/${planId}/reviews/${r.reportId}" class="row">${csrfField(p)}<input type="hidden" name="requestId" value="${randomUUID()}">
<div><label for="reason-${r.reportId}">${t('reviewReason')}</label><input id="reason-${r.reportId}" name="reason"></div>
<div><label for="days-${r.reportId}">${t('reviewReworkDays')}</label><input id="days-${r.reportId}" name="reworkDays" type="number" min="1" max="60" inputmode="numeric"></div>
<p><button name="decision" value="accept">${t('reviewAccept')}</button> <button name="decision" value="return" class="secondary">${t('reviewReturn')}</button></p></form>` : ''}</li>`,
        )}</ul>`
      : html`<p class="muted">${t('reviewQueueEmpty')}</p>`
  }</section>`;
}

const ZReviewFormSchema = z.object({
  decision: z.enum(['accept', 'return']),
  reason: z.string().max(2000).optional(),
  reworkDays: z.string().max(10).optional(),
  requestId: z.string().max(200),
});

export const reviewSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/reviews/:reportId',
  auth: 'signed-in',
  params: ZPlanParamsSchema.extend({ reportId: z.string().min(1).max(64) }),
  body: ZReviewFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    const accepting = body.decision === 'accept';
    const review = parsePart(
      ZReviewReportBodySchema,
      {
        decision: body.decision,
        requestId: body.requestId,
        ...(!accepting && body.reason?.trim() ? { reason: body.reason } : {}),
        ...(!accepting && body.reworkDays?.trim() ? { reworkDays: formNumber(body.reworkDays) } : {}),
      },
      'body',
      locale,
    );
    await reviewReport(deps, person, params.reportId, review);
    return reply.redirect(`/plans/${plan.id}?done=saved#reviews`, 303);
  },
});
