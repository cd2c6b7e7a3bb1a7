import { z } from 'zod';
import { planSettingsOf } from '../../../domain/plan-settings';
import type { TReviewWarning } from '../../../domain/plan-warnings';
import { findPlanFor } from '../../../services/access/scope';
import { acceptWarning } from '../../../services/plans/accept-warning';
import { discardDraftPlan, ZDiscardPlanInputSchema } from '../../../services/plans/discard-draft-plan';
import { editDraftMeasure, ZEditDraftMeasureInputSchema } from '../../../services/plans/edit-draft-measure';
import { launchReviewedPlan } from '../../../services/plans/launch-reviewed-plan';
import { ZLaunchDatesSchema } from '../../../services/plans/launch-dates';
import { shanghaiDate } from '../../../calendar/working-days';
import { describePast } from '../../../domain/past-dates';
import type { TPlanPeriod } from '../../../domain/plan-period';
import { say } from '../../../lib/messages';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZMeasureParamsSchema } from '../../routes/measures/update.types';
import { demoClock } from '../../routes/plans/launch.types';
import { ZWarningParamsSchema } from '../../routes/plans/resolve-warning.types';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { loadPlanReview, type TPlanReview, type TReviewMeasure } from '../../views/plan-review';
import { formNumber, splitNames, ZConfirmedReasonFormSchema, ZFlashSchema, ZRepeatedSchema } from '../forms';
import { highlightSource } from '../highlight';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';
import { changePlanSettings, ZChangePlanSettingsInputSchema } from '../../../services/plans/change-plan-settings';
import type { TServiceDeps } from '../../../services/deps';
import { CADENCES, measureSchedule, settingsCard, settingsChangeOf, settingsProblems, ZSettingsFormSchema, type TSettingsFormState } from './settings';

const COMPARATORS = ['gte', 'gt', 'lt', 'lte', 'eq'] as const;

function targetRow(t: TTranslate, target: { indicator: string; comparator: string; value: number | string; unit: string; by: string | null } | null): Raw {
  return html`<div class="target-row"><input name="t_indicator" value="${target?.indicator ?? ''}" placeholder="${t('indicator')}" aria-label="${t('indicator')}">
<select name="t_comparator" aria-label="${t('comparator')}">${COMPARATORS.map((c) => html`<option value="${c}"${target?.comparator === c ? ' selected' : ''}>${t.value(c)}</option>`)}</select>
<input name="t_value" value="${target ? String(target.value) : ''}" inputmode="decimal" placeholder="${t('value')}" aria-label="${t('value')}">
<input name="t_unit" value="${target?.unit ?? ''}" placeholder="${t('unit')}" aria-label="${t('unit')}">
<input name="t_by" value="${target?.by ?? ''}" placeholder="${t('by')}" aria-label="${t('by')}"></div>`;
}

function partyNames(m: TReviewMeasure, role: 'lead' | 'cooperating'): string {
  return m.parties
    .filter((x) => x.role === role)
    .map((x) => x.unit?.name ?? x.group?.name ?? x.name)
    .join('\n');
}

function measureCard(p: TPage, planId: string, editable: boolean, m: TReviewMeasure, warnings: TReviewWarning[]): Raw {
  const { t } = p;
  const open = warnings.filter((w) => w.state === 'open');
  return html`<article class="card measure-card${open.length ? ' open-warning' : ''}" id="m-${m.id}" data-measure-ref="${m.ref}">
<h3>${m.ref} ${m.title}</h3>
<p class="muted">${t.value(m.responsibility)} · ${t('due')} ${m.due}${m.originalDue ? html` <span class="original">（${t.fill('originalDate', { date: m.originalDue })}）</span>` : ''}</p>
${m.targets.length ? html`<ul class="targets-shown">${m.targets.map((x) => html`<li>${x.shown}${x.original ? html` <span class="original">（${t.fill('originalDate', { date: x.original })}）</span>` : ''}</li>`)}</ul>` : ''}
<ul class="parties">${m.parties.map(
    (x) => html`<li>${t.value(x.role)}：${x.name}${x.unit || x.group ? html` → ${x.unit?.name ?? x.group?.name}` : html` <span class="unresolved">(${t('unresolvedUnit')})</span>`}</li>`,
  )}</ul>
${warnings.length ? html`<ul class="warnings">${warnings.map((w) => html`<li class="state-${w.state}">${w.message}</li>`)}</ul>` : ''}
${
  editable
    ? html`<details${open.length ? ' open' : ''}><summary>${t('editMeasure')}</summary>
<form method="post" action="/plans/${planId}/measures/${m.id}">${csrfField(p)}
<div class="row"><div><label for="lead-${m.id}">${t('lead')}</label><textarea id="lead-${m.id}" name="lead" rows="3">${partyNames(m, 'lead')}</textarea></div>
<div><label for="cooperating-${m.id}">${t('cooperating')}</label><textarea id="cooperating-${m.id}" name="cooperating" rows="3">${partyNames(m, 'cooperating')}</textarea></div></div>
<p class="muted">${t('unitsHelp')}</p>
<label for="due-${m.id}">${t('due')}</label><input id="due-${m.id}" type="date" name="due" value="${m.due}">
<div class="row"><div><label for="cadence-${m.id}">${t('measureSchedule')}</label><select id="cadence-${m.id}" name="m_cadence"><option value="">${t('followPlan')}</option>${CADENCES.map(
    (c) => html`<option value="${c}"${m.schedule?.cadence === c ? ' selected' : ''}>${t.value(c)}</option>`,
  )}</select></div>
<div><label for="dates-${m.id}">${t('customDates')}</label><textarea id="dates-${m.id}" name="m_dates" rows="1">${m.schedule?.dates.join('\n') ?? ''}</textarea></div></div>
<p><b>${t('targets')}</b></p><div class="targets">${m.targets.map((x) => targetRow(t, x))}</div>
<p><button type="button" class="secondary" data-add-target>${t('addTarget')}</button> <button type="submit">${t('save')}</button></p>
</form></details>`
    : ''
}</article>`;
}

const REASON_KEY = {
  'issue-year': 'periodIssueYear',
  'first-year': 'periodFirstYear',
  launch: 'periodLaunch',
  'catch-up': 'periodCatchUp',
  rebase: 'periodRebase',
  coordinator: 'periodCoordinator',
} as const;

/** Why an end of the period is where it is: the plan's own words and where they stand, else how it was set. */
function reasonText(t: TTranslate, r: TPlanPeriod['fromReason']): string {
  if (!r) return '';
  const said = r.text ? `${r.text}${r.ref ? `（${r.ref}）` : ''}` : '';
  if (r.kind === 'plan') return said;
  return said ? `${t(REASON_KEY[r.kind])}：${said}` : t(REASON_KEY[r.kind]);
}

/**
 * The plan's period with the reason for each end, and its own dates beside when the launch moved them (原定); a draft's
 * coordinator changes it here (services/plans/change-plan-settings), its measures due at its end following.
 */
function periodLine(p: TPage, planId: string, period: TPlanPeriod, editable: boolean): Raw {
  const { t } = p;
  const original = period.original ? html` <span class="original">（${t.fill('originalDate', { date: `${period.original.from} — ${period.original.to}` })}）</span>` : '';
  const form = editable
    ? html`<form class="inline" id="period-form" method="post" action="/plans/${planId}/period">${csrfField(p)}
<label for="period-from">${t('periodFrom')}</label> <input id="period-from" type="date" name="from" value="${period.from}" required>
<label for="period-to">${t('periodTo')}</label> <input id="period-to" type="date" name="to" value="${period.to}" required>
<button type="submit" class="secondary">${t('save')}</button></form>`
    : '';
  return html`<div id="period"><p id="plan-period"><b>${t('planPeriod')}</b>：${period.from} — ${period.to}${original}
<span class="muted">（${t('periodFrom')}：${reasonText(t, period.fromReason)}；${t('periodTo')}：${reasonText(t, period.toReason)}）</span></p>${form}</div>`;
}

/**
 * The launch form. A draft whose dates are past says which, and asks how to launch it: re-based to a year, or as is
 * (services/plans/launch-dates); the launch refuses it without a choice.
 */
function launchForm(p: TPage, review: TPlanReview, today: string): Raw {
  const { t } = p;
  const past = review.pastDates;
  const choice = past.length
    ? html`<div class="flash warn" id="dates-past" role="alert">${t.say(say('datesPast', { n: past.length, first: describePast(past) }))}</div>
<fieldset id="dates-choice"><legend>${t('datesPastChoose')}</legend>
<label><input type="radio" name="dates" value="rebase" required> ${t('rebaseChoice')}</label>
<input type="number" name="rebase" value="${today.slice(0, 4)}" min="2000" max="2100" aria-label="${t('rebaseChoice')}">
<label><input type="radio" name="dates" value="as-is"> ${t('asIsChoice')}</label></fieldset>`
    : '';
  return html`<form method="post" action="/plans/${review.plan.id}/launch" data-busy="${t.fill('launching', { n: review.measures.length })}">${csrfField(p)}${choice}<button type="submit" id="launch"${review.openWarnings > 0 ? ' disabled' : ''}>${t('launch')}</button>
${review.openWarnings > 0 ? html` <span class="muted">${t('launchBlocked')}</span>` : ''}</form>`;
}

/** At the foot of a draft's review: discard it, with a reason and a confirmation. */
function discardForm(p: TPage, planId: string): Raw {
  const { t } = p;
  return html`<details class="card danger" id="discard"><summary>${t('discardDraft')}</summary><p class="muted">${t('discardHelp')}</p>
<form method="post" action="/plans/${planId}/discard">${csrfField(p)}
<label for="discard-reason">${t('reason')}</label><textarea id="discard-reason" name="reason" rows="2" required maxlength="2000"></textarea>
<label class="confirm"><input type="checkbox" name="confirm" value="yes" required> ${t('discardConfirm')}</label>
<p><button type="submit" class="danger">${t('discardDraft')}</button></p></form></details>`;
}

export const reviewPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/review',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const p = pageOf(req, deps);
    return renderReview(p, deps, plan.id, query.done ? p.t(query.done) : null);
  },
});

/** The review page; with a refused settings form, that form as sent and its problems. */
async function renderReview(p: TPage, deps: Pick<TServiceDeps, 'db'>, planId: string, flash: string | null, settingsForm?: TSettingsFormState): Promise<string> {
  const today = shanghaiDate(new Date());
  const review = await loadPlanReview(deps.db, planId, today);
  const { t } = p;
  const editable = review.plan.status === 'draft';
  const byRef = new Map<string, TReviewWarning[]>();
  for (const w of review.warnings) if (w.ref) byRef.set(w.ref, [...(byRef.get(w.ref) ?? []), w]);
  return layout(p, {
    title: `${t('review')} · ${review.plan.title}`,
    wide: true,
    flash,
    body: html`<h1>${review.plan.title} <small class="muted">${review.plan.year} · ${t.value(review.plan.status)}</small></h1>
<p class="muted">${t('reviewHelp')}</p>
${periodLine(p, review.plan.id, review.period, editable)}
<section class="card"><h2>${t('warnings')}：<span id="open-warnings">${review.openWarnings}</span> / ${review.warnings.length}</h2>
<ul class="warnings">${review.warnings.map(
      (w) => html`<li class="state-${w.state}" data-warning="${w.index}">${w.ref ? html`<a href="#m-${review.measures.find((m) => m.ref === w.ref)?.id ?? ''}">${w.ref}</a> ` : ''}${w.message}
${w.state === 'open' ? (editable ? html`<form class="inline" method="post" action="/plans/${review.plan.id}/warnings/${w.index}/resolve">${csrfField(p)}<button class="secondary">${t('resolve')}</button></form>` : '') : html` <span>(${t('resolved')})</span>`}</li>`,
    )}</ul>
${
  editable
    ? launchForm(p, review, today)
    : review.plan.status === 'cancelled'
      ? html`<p class="flash warn" id="plan-discarded" role="status">${t('planDiscardedNotice')}</p>`
      : html`<p>${t('launched')} · <a href="/plans/${review.plan.id}">${t('dashboard')}</a></p>`
}</section>
${settingsCard(p, review.plan.id, review.settings, review.plan.status, settingsForm)}
<div class="review"><section class="card source"><h2>${t('source')}</h2><pre>${highlightSource(review.source, review.measures)}</pre></section>
<section>${review.measures.map((m) => measureCard(p, review.plan.id, editable, m, byRef.get(m.ref) ?? []))}</section></div>
${editable ? discardForm(p, review.plan.id) : ''}
<template id="target-row-template">${targetRow(t, null)}</template>`,
  });
}

/**
 * The plan's settings form (api/pages/plans/settings). A refusal shows the review page again, the form as it was sent
 * and each problem beside its input; nothing is saved.
 */
export const planSettingsSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/settings',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZSettingsFormSchema,
  async handler({ req, reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    // Checked before the form is, so that a member learns nothing about it.
    const plan = await findPlanFor(deps.db, person, params.planId);
    try {
      await changePlanSettings(deps, person, plan.id, parsePart(ZChangePlanSettingsInputSchema, settingsChangeOf(body), 'body', locale));
    } catch (err) {
      const p = pageOf(req, deps);
      const problems = settingsProblems(p.t, err);
      if (!problems) throw err;
      return reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(await renderReview(p, deps, plan.id, null, { values: body, problems }));
    }
    return reply.redirect(`/plans/${plan.id}/review?done=saved#settings`, 303);
  },
});

const ZMeasureFormSchema = z.object({
  lead: z.string().max(10_000).default(''),
  cooperating: z.string().max(10_000).default(''),
  due: z.string().max(20).optional(),
  t_indicator: ZRepeatedSchema,
  t_comparator: ZRepeatedSchema,
  t_value: ZRepeatedSchema,
  t_unit: ZRepeatedSchema,
  t_by: ZRepeatedSchema,
  m_cadence: z.string().max(20).default(''),
  m_dates: z.string().max(5_000).default(''),
});

export const editMeasureSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/measures/:measureId',
  auth: 'signed-in',
  params: ZMeasureParamsSchema,
  body: ZMeasureFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    // Checked before the form is, so that a member learns nothing about it; the measure's schedule starts as the plan's.
    const plan = await findPlanFor(deps.db, person, params.planId);
    const { schedule } = planSettingsOf(plan, ['schedule']);
    // A row whose indicator was cleared is a removed target.
    const targets = body.t_indicator.flatMap((indicator, i) =>
      indicator.trim()
        ? [{ indicator, comparator: body.t_comparator[i], value: formNumber(body.t_value[i]), unit: body.t_unit[i] ?? '', by: body.t_by[i]?.trim() || null }]
        : [],
    );
    const edit = parsePart(
      ZEditDraftMeasureInputSchema,
      {
        lead: splitNames(body.lead),
        cooperating: splitNames(body.cooperating),
        due: body.due || undefined,
        targets,
        schedule: measureSchedule(schedule, body.m_cadence, body.m_dates),
      },
      'body',
      locale,
    );
    await editDraftMeasure(deps.db, person, params, edit);
    return reply.redirect(`/plans/${plan.id}/review?done=saved#m-${params.measureId}`, 303);
  },
});

export const resolveWarningSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/warnings/:index/resolve',
  auth: 'signed-in',
  params: ZWarningParamsSchema,
  async handler({ reply, deps, actor, params }) {
    await acceptWarning(deps, requireActor(actor), params.planId, params);
    return reply.redirect(`/plans/${params.planId}/review?done=resolved`, 303);
  },
});

export const discardSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/discard',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZConfirmedReasonFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    await discardDraftPlan(deps.db, person, plan.id, parsePart(ZDiscardPlanInputSchema, { reason: body.reason }, 'body', locale));
    return reply.redirect('/plans?done=discarded', 303);
  },
});

export const launchSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/launch',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: z.object({ dates: z.enum(['rebase', 'as-is']).optional(), rebase: z.string().max(10).optional() }).optional(),
  async handler({ reply, deps, actor, params, body, locale }) {
    // The form's choice, read with the schema the API reads its body with.
    const choice = body?.dates === 'rebase' ? { rebase: Number(body.rebase) } : body?.dates === 'as-is' ? { asIs: true } : undefined;
    const dates = choice ? parsePart(ZLaunchDatesSchema, choice, 'body', locale) : undefined;
    await launchReviewedPlan(deps, requireActor(actor), params.planId, { ...demoClock(deps.config), ...(dates ? { dates } : {}) });
    return reply.redirect(`/plans/${params.planId}?done=launchStarted`, 303);
  },
});
