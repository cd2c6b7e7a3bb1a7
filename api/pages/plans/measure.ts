import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { shanghaiTime } from '../../../calendar/working-days';
import { ZExtensionDecisionBodySchema } from '../../../domain/measure-actions';
import { issue } from '../../../lib/messages';
import { findMeasureFor, findPlanFor } from '../../../services/access/scope';
import { decideExtension } from '../../../services/measures/decide-extension';
import { MEASURE_ACTIONS, type TFieldInput, type TMeasureActionName } from '../../../services/measures/measure-actions';
import { runMeasureAction } from '../../../services/measures/run-measure-action';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart, type TPageRoute } from '../../route';
import { ZMeasureParamsSchema } from '../../routes/measures/update.types';
import { blankToUndefined } from '../../schemas';
import { loadMeasureForCoordinator, type TMeasureForCoordinator } from '../../views/measure';
import { ZFlashSchema } from '../forms';
import { html, type Raw } from '../html';
import { csrfField, layout, pageOf, type TPage } from '../layout';

const measureUrl = (planId: string, measureId: string) => `/plans/${planId}/measures/${measureId}`;

const unitOptions = (units: { id: string; name: string }[]): Raw[] => units.map((u) => html`<option value="${u.id}">${u.name}</option>`);

/** The choices each kind of field offers on this measure. */
function fieldInput(p: TPage, m: TMeasureForCoordinator, input: TFieldInput, id: string, name: string): Raw {
  const { t } = p;
  const active = m.assignments.filter((a) => a.status !== 'cancelled');
  const onMeasure = new Set(active.map((a) => a.unitId));
  const select = (options: Raw[]) => html`<select id="${id}" name="${name}">${options}</select>`;
  switch (input) {
    case 'period':
      return select(m.periods.map((x) => html`<option value="${x.key}">${t.period(x.key)}（${x.due}）</option>`));
    case 'date':
      return html`<input id="${id}" name="${name}" type="date" required>`;
    case 'assignedUnit':
      return select(unitOptions(active.map((a) => ({ id: a.unitId, name: `${a.unit}（${t.value(a.role)}）` }))));
    case 'otherUnit':
      return select(unitOptions(m.units.filter((u) => !onMeasure.has(u.id))));
    case 'cooperatingUnit':
      return select(unitOptions(active.filter((a) => a.role === 'cooperating').map((a) => ({ id: a.unitId, name: a.unit }))));
  }
}

/**
 * One form per coordinator action of the table (services/measures/measure-actions), with its fields, the reason, and
 * a fresh request id that makes a double submission one change; one that cannot be undone asks to confirm it.
 * Removing a cooperating unit is offered only where there is one.
 */
function actionForm(p: TPage, m: TMeasureForCoordinator, name: TMeasureActionName): Raw {
  const { t } = p;
  const a = MEASURE_ACTIONS[name];
  if (a.fields.some((f) => f.input === 'cooperatingUnit') && !m.assignments.some((x) => x.status !== 'cancelled' && x.role === 'cooperating')) return html``;
  const id = a.path.replace('/', '-');
  const field = (f: (typeof a.fields)[number]) => html`<div><label for="${id}-${f.name}">${t(f.label)}</label>${fieldInput(p, m, f.input, `${id}-${f.name}`, f.name)}</div>`;
  const confirm = 'confirm' in a ? a.confirm : undefined;
  return html`<section class="card${confirm ? ' danger' : ''}" id="${id}"><h2>${t.say(a.todo)}</h2>
<form method="post" action="${measureUrl(m.plan.id, m.measure.id)}/${a.path}">${csrfField(p)}<input type="hidden" name="requestId" value="${randomUUID()}">
${a.fields.length ? html`<div class="row">${a.fields.map(field)}</div>` : ''}<label for="${id}-reason">${t('reason')}</label><textarea id="${id}-reason" name="reason" rows="2" required></textarea>
${confirm ? html`<label class="confirm"><input type="checkbox" name="confirm" value="yes" required> ${t.say(confirm.box)}</label>` : ''}
<p><button type="submit"${confirm ? ' class="danger"' : ''}>${t.say(a.todo)}</button></p></form></section>`;
}

const actionForms = (p: TPage, m: TMeasureForCoordinator): Raw =>
  html`<div class="actions">${(Object.keys(MEASURE_ACTIONS) as TMeasureActionName[]).map((name) => actionForm(p, m, name))}</div>`;

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

/** 办结销号 as the office records it: who accepted the last report (or closed the measure, and why) and when. */
function closedLine(p: TPage, m: TMeasureForCoordinator): Raw | string {
  const c = m.closed;
  if (!c) return '';
  const at = shanghaiTime(c.at);
  const text =
    c.by === null ? p.t.fill('measureClosedNoReview', { at }) : c.reason ? p.t.fill('measureClosedByOffice', { by: c.by, at, reason: c.reason }) : p.t.fill('measureClosedAccepted', { by: c.by, at });
  return html`<p id="measure-closed"><strong>${text}</strong></p>`;
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
      body: html`<p class="muted"><a href="/plans/${m.plan.id}">${m.plan.title}</a> · <a href="/plans/${m.plan.id}/audit?measureId=${m.measure.id}">${t('auditTrail')}</a> · <a href="/measures/${m.measure.id}/instruct">${t('instructWrite')}</a></p><h1>${m.measure.ref} ${m.measure.title}</h1>
<section class="card"><p><span class="badge c-${m.measure.colour}">${t.value(m.measure.colour)}</span> ${t.value(m.measure.status)} · ${t('due')} <span id="measure-due">${m.measure.due}</span></p>
${closedLine(p, m)}<p>${m.measure.text}</p>
<div class="table-wrap"><table id="units"><thead><tr><th>${t('unit')}</th><th>${t('role')}</th><th>${t('status')}</th><th>${t('colour')}</th></tr></thead><tbody>${m.assignments.map(
        (a) => html`<tr data-unit="${a.unitId}"><td><a href="/items/${a.id}">${a.unit}</a></td><td>${t.value(a.role)}</td><td>${t.value(a.status)}</td><td><span class="badge c-${a.colour}">${t.value(a.colour)}</span></td></tr>`,
      )}</tbody></table></div>
<h2>${t('periods')}</h2><ul id="periods">${m.periods.map((x) => html`<li data-period="${x.key}">${t.period(x.key)}：<span class="due">${x.due}</span></li>`)}</ul></section>
${m.measure.status === 'active' ? html`${pendingExtensions(p, m)}<h2>${t('coordinatorActions')}</h2>${actionForms(p, m)}` : html`<p class="card muted">${t('notActive')}</p>`}`,
    });
  },
});

/**
 * The form posts take the same fields as the JSON endpoints, checked by the same schema (the table's), once, after the
 * role and scope checks so that a member learns nothing about the form; one that asks for confirmation is refused
 * unticked.
 */
function actionSubmit(name: TMeasureActionName): TPageRoute {
  const a = MEASURE_ACTIONS[name];
  const confirm = 'confirm' in a ? a.confirm : undefined;
  // The box is the form's own: ticked, it is taken off before the action's schema sees the fields.
  const form = confirm
    ? z
        .looseObject({ confirm: z.literal('yes', { error: issue(confirm.missing) }) })
        .transform(({ confirm: _ticked, ...fields }) => fields)
        .pipe(a.body)
    : a.body;
  return definePageRoute({
    method: 'POST',
    url: `/plans/:planId/measures/:measureId/${a.path}`,
    auth: 'signed-in',
    params: ZMeasureParamsSchema,
    body: z.unknown(),
    async handler({ reply, deps, actor, params, body: raw, locale }) {
      const person = requireActor(actor);
      const measure = await findMeasureFor(deps.db, person, params.measureId, (await findPlanFor(deps.db, person, params.planId)).id);
      const body = parsePart(form, raw, 'body', locale);
      await runMeasureAction(deps, person, { measureId: measure.id, planId: measure.planId }, name, body);
      return reply.redirect(`${measureUrl(measure.planId, measure.id)}?done=saved`, 303);
    },
  });
}

export const measureActionSubmits = (Object.keys(MEASURE_ACTIONS) as TMeasureActionName[]).map(actionSubmit);

const ZDecisionFormSchema = z.object({ decision: z.enum(['approve', 'refuse']), note: z.string().max(2000).optional(), requestId: z.string() });

export const measureExtensionDecisionSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/measures/:measureId/extensions/:extensionId/decision',
  auth: 'signed-in',
  params: ZMeasureParamsSchema.extend({ extensionId: z.string().min(1).max(64) }),
  body: ZDecisionFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    const measure = await findMeasureFor(deps.db, person, params.measureId, plan.id);
    const decision = parsePart(
      ZExtensionDecisionBodySchema,
      { approve: body.decision === 'approve', note: blankToUndefined(body.note), requestId: body.requestId },
      'body',
      locale,
    );
    await decideExtension(deps, person, { extensionId: params.extensionId, measureId: measure.id }, decision);
    return reply.redirect(`${measureUrl(plan.id, measure.id)}?done=saved`, 303);
  },
});
