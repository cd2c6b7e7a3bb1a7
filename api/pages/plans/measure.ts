import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decideExtensionAs, runMeasureAction, type TMeasureActionName } from '../../actions/coordinate';
import { findPlanFor } from '../../auth/scope';
import { AppError } from '../../errors';
import { definePageRoute, parsePart } from '../../route';
import { ZBodySchema as ZAddCooperatingBodySchema } from '../../routes/measures/add-cooperating.types';
import { ZBodySchema as ZCancelBodySchema } from '../../routes/measures/cancel.types';
import { ZBodySchema as ZChangeDueBodySchema } from '../../routes/measures/change-due.types';
import { ZBodySchema as ZReassignBodySchema } from '../../routes/measures/reassign.types';
import { ZBodySchema as ZRemoveCooperatingBodySchema } from '../../routes/measures/remove-cooperating.types';
import { ZMeasureParamsSchema } from '../../routes/measures/update.types';
import { blankToUndefined } from '../../schemas';
import { loadMeasureForCoordinator, type TMeasureForCoordinator } from '../../views/measure';
import { ZFlashSchema } from '../forms';
import { html, type Raw } from '../html';
import type { TMessageKey } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

const measureUrl = (planId: string, measureId: string) => `/plans/${planId}/measures/${measureId}`;

const unitOptions = (units: { id: string; name: string }[]): Raw[] => units.map((u) => html`<option value="${u.id}">${u.name}</option>`);

/** One form per coordinator action; a fresh request id makes a double submission one change. */
function actionForm(p: TPage, m: TMeasureForCoordinator, action: string, title: TMessageKey, fields: Raw, o: { danger?: boolean } = {}): Raw {
  const { t } = p;
  const id = action.replace('/', '-');
  return html`<section class="card${o.danger ? ' danger' : ''}" id="${id}"><h2>${t(title)}</h2>
<form method="post" action="${measureUrl(m.plan.id, m.measure.id)}/${action}">${csrfField(p)}<input type="hidden" name="requestId" value="${randomUUID()}">
${fields}<label for="${id}-reason">${t('reason')}</label><textarea id="${id}-reason" name="reason" rows="2" required></textarea>
<p><button type="submit"${o.danger ? ' class="danger"' : ''}>${t(title)}</button></p></form></section>`;
}

function actionForms(p: TPage, m: TMeasureForCoordinator): Raw {
  const { t } = p;
  const active = m.assignments.filter((a) => a.status !== 'cancelled');
  const onMeasure = new Set(active.map((a) => a.unitId));
  const others = m.units.filter((u) => !onMeasure.has(u.id));
  const cooperating = active.filter((a) => a.role === 'cooperating');
  return html`<div class="actions">
${actionForm(
  p,
  m,
  'due-date',
  'changeDue',
  html`<div class="row"><div><label for="due-date-period">${t('period')}</label><select id="due-date-period" name="period">${m.periods.map(
    (x) => html`<option value="${x.key}">${t.period(x.key)}（${x.due}）</option>`,
  )}</select></div><div><label for="due-date-due">${t('newDue')}</label><input id="due-date-due" name="due" type="date" required></div></div>`,
)}
${actionForm(
  p,
  m,
  'reassign',
  'reassign',
  html`<div class="row"><div><label for="reassign-from">${t('fromUnit')}</label><select id="reassign-from" name="fromUnitId">${unitOptions(
    active.map((a) => ({ id: a.unitId, name: `${a.unit}（${t.value(a.role)}）` })),
  )}</select></div><div><label for="reassign-to">${t('toUnit')}</label><select id="reassign-to" name="toUnitId">${unitOptions(others)}</select></div></div>`,
)}
${actionForm(p, m, 'cooperating', 'addCooperating', html`<label for="cooperating-unit">${t('unit')}</label><select id="cooperating-unit" name="unitId">${unitOptions(others)}</select>`)}
${
  cooperating.length
    ? actionForm(
        p,
        m,
        'cooperating/remove',
        'removeCooperating',
        html`<label for="cooperating-remove-unit">${t('unit')}</label><select id="cooperating-remove-unit" name="unitId">${unitOptions(cooperating.map((a) => ({ id: a.unitId, name: a.unit })))}</select>`,
      )
    : ''
}
${actionForm(
  p,
  m,
  'cancel',
  'cancelMeasure',
  html`<label class="confirm"><input type="checkbox" name="confirm" value="yes" required> ${t('cancelConfirm')}</label>`,
  { danger: true },
)}</div>`;
}

function pendingExtensions(p: TPage, m: TMeasureForCoordinator): Raw {
  const { t } = p;
  return html`<section class="card" id="extensions"><h2>${t('pendingExtensions')}</h2>${
    m.pendingExtensions.length
      ? html`<ul>${m.pendingExtensions.map(
          (e) => html`<li data-extension="${e.id}"><b>${e.unit}</b> · ${t.period(e.period)}：${e.originalDue} → ${e.requestedDue} · ${e.reason}
<form method="post" action="${measureUrl(m.plan.id, m.measure.id)}/extensions/${e.id}/decision" class="row">${csrfField(p)}<input type="hidden" name="requestId" value="${randomUUID()}">
<input name="note" placeholder="${t('reason')}" aria-label="${t('reason')}"><button name="decision" value="approve">${t('approve')}</button><button name="decision" value="refuse" class="secondary">${t('refuse')}</button></form></li>`,
        )}</ul>`
      : html`<p class="muted">${t('noPendingExtensions')}</p>`
  }</section>`;
}

export const measurePage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/measures/:measureId',
  auth: 'signed-in',
  params: ZMeasureParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const m = await loadMeasureForCoordinator(deps.db, plan.id, params.measureId);
    const p = pageOf(req, deps);
    const { t } = p;
    return layout(p, {
      title: `${m.measure.ref} ${m.measure.title}`,
      flash: query.done ? t(query.done) : null,
      body: html`<p class="muted"><a href="/plans/${m.plan.id}">${m.plan.title}</a> · <a href="/plans/${m.plan.id}/audit?measureId=${m.measure.id}">${t('auditTrail')}</a></p><h1>${m.measure.ref} ${m.measure.title}</h1>
<section class="card"><p><span class="badge c-${m.measure.colour}">${t.value(m.measure.colour)}</span> ${t.value(m.measure.status)} · ${t('due')} <span id="measure-due">${m.measure.due}</span></p>
<p>${m.measure.text}</p>
<div class="table-wrap"><table id="units"><thead><tr><th>${t('unit')}</th><th>${t('role')}</th><th>${t('status')}</th><th>${t('colour')}</th></tr></thead><tbody>${m.assignments.map(
        (a) => html`<tr data-unit="${a.unitId}"><td><a href="/items/${a.id}">${a.unit}</a></td><td>${t.value(a.role)}</td><td>${t.value(a.status)}</td><td><span class="badge c-${a.colour}">${t.value(a.colour)}</span></td></tr>`,
      )}</tbody></table></div>
<h2>${t('periods')}</h2><ul id="periods">${m.periods.map((x) => html`<li data-period="${x.key}">${t.period(x.key)}：<span class="due">${x.due}</span></li>`)}</ul></section>
${m.measure.status === 'active' ? html`${pendingExtensions(p, m)}<h2>${t('coordinatorActions')}</h2>${actionForms(p, m)}` : html`<p class="card muted">${t('notActive')}</p>`}`,
    });
  },
});

/** The form posts take the same fields as the JSON endpoints, checked by the same schemas, and the same path. */
function actionSubmit(action: TMeasureActionName, path: string, body: z.ZodType) {
  return definePageRoute({
    method: 'POST',
    url: `/plans/:planId/measures/:measureId/${path}`,
    auth: 'signed-in',
    params: ZMeasureParamsSchema,
    body: z.unknown(),
    async handler({ reply, deps, actor, params, body: raw }) {
      const plan = await findPlanFor(deps.db, actor, params.planId);
      const m = await deps.db.measure.findFirst({ where: { id: params.measureId, planId: plan.id }, select: { id: true } });
      if (!m) throw new AppError('NOT_FOUND', '未找到该措施 / no such measure');
      // Validated after the role check, so a member learns nothing about the form.
      const fields = parsePart(body, raw, 'body') as Record<string, unknown>;
      await runMeasureAction(deps, actor, m.id, action, fields);
      return reply.redirect(`${measureUrl(plan.id, m.id)}?done=saved`, 303);
    },
  });
}

const ZCancelFormSchema = ZCancelBodySchema.extend({
  confirm: z.literal('yes', { error: '请勾选确认后再撤销 / tick the confirmation to cancel the measure' }),
}).transform(({ confirm: _confirm, ...rest }) => rest);

export const measureActionSubmits = [
  actionSubmit('change-due', 'due-date', ZChangeDueBodySchema),
  actionSubmit('reassign', 'reassign', ZReassignBodySchema),
  actionSubmit('add-cooperating', 'cooperating', ZAddCooperatingBodySchema),
  actionSubmit('remove-cooperating', 'cooperating/remove', ZRemoveCooperatingBodySchema),
  actionSubmit('cancel', 'cancel', ZCancelFormSchema),
];

export const measureExtensionDecisionSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/measures/:measureId/extensions/:extensionId/decision',
  auth: 'signed-in',
  params: ZMeasureParamsSchema.extend({ extensionId: z.string().min(1).max(64) }),
  body: z.object({ decision: z.enum(['approve', 'refuse']), note: z.string().max(2000).optional(), requestId: z.string() }),
  async handler({ reply, deps, actor, params, body }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const ext = await deps.db.extension.findFirst({ where: { id: params.extensionId, assignment: { measure: { id: params.measureId, planId: plan.id } } }, select: { id: true } });
    if (!ext) throw new AppError('NOT_FOUND', '未找到该延期申请 / no such extension request');
    await decideExtensionAs(deps, actor, ext.id, { approve: body.decision === 'approve', note: blankToUndefined(body.note) as string | undefined, requestId: body.requestId });
    return reply.redirect(`${measureUrl(plan.id, params.measureId)}?done=saved`, 303);
  },
});
