import { z } from 'zod';
import { afterLaunch, type TPlanSetting } from '../../../domain/plan-settings';
import { ESCALATION_STEPS } from '../../../domain/ladder';
import { REPORT_TO, REVIEW_POLICIES } from '../../../domain/office-cycle';
import { COMPLETION_RULES, type TReportingSchedule } from '../../../domain/schedule';
import { findPlanFor } from '../../../services/access/scope';
import { changePlanSettings, ZChangePlanSettingsInputSchema, type TEditablePlanSettings } from '../../../services/plans/change-plan-settings';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { formNumber } from '../forms';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, type TPage } from '../layout';

export const CADENCES = ['half-yearly', 'quarterly', 'monthly', 'final', 'custom'] as const;

const options = (t: TTranslate, values: readonly string[], selected: string) =>
  values.map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>${t.value(v)}</option>`);

/** Custom due dates as the form's textarea holds them: one per line (spaces, commas and 、 also separate). */
export const splitDates = (text: string): string[] => text.split(/[\s,，、；;]+/).filter(Boolean);

/** A setting can be changed while the plan is a draft, and once it is launched unless it is frozen at launch. */
const editable = (setting: TPlanSetting, status: string) => status === 'draft' || (status === 'launched' && afterLaunch(setting).kind !== 'frozen');

const CHASE_LABELS = { urge: 'chaseUrge', supervise: 'chaseSupervise', coordinator: 'chaseCoordinator' } as const;

/**
 * The plan's schedule and ladder: all a form while the plan is a draft; once launched the schedule is read-only and
 * the thresholds stay editable (running measures follow them), as domain/plan-settings says; read-only once the plan
 * is over.
 */
export function settingsCard(p: TPage, planId: string, settings: TEditablePlanSettings, status: string): Raw {
  const { t } = p;
  const { schedule: s, ladder: l, cycle: c } = settings;
  const off = editable('schedule', status) ? '' : ' disabled';
  const ladderOff = editable('ladder', status) ? '' : ' disabled';
  const cycleOff = editable('cycle', status) ? '' : ' disabled';
  const number = (name: keyof typeof l, label: string, min: number, max: number) =>
    html`<div><label for="${name}">${label}</label><input id="${name}" name="${name}" type="number" min="${String(min)}" max="${String(max)}" inputmode="numeric" value="${String(l[name])}"${ladderOff}></div>`;
  return html`<section class="card" id="settings"><h2>${t('planSettings')}</h2><p class="muted">${t(status === 'launched' ? 'planSettingsLaunchedHelp' : 'planSettingsHelp')}</p>
<form method="post" action="/plans/${planId}/settings">${csrfField(p)}
<div class="row"><div><label for="cadence">${t('cadence')}</label><select id="cadence" name="cadence"${off}>${options(t, CADENCES, s.cadence)}</select></div>
<div><label for="dueDay">${t('dueDay')}</label><input id="dueDay" name="dueDay" type="number" min="1" max="28" inputmode="numeric" value="${String(s.dueDay)}"${off}></div>
<div><label for="completion">${t('completionRule')}</label><select id="completion" name="completion"${off}>${options(t, COMPLETION_RULES, s.completion)}</select></div></div>
<label for="review">${t('reviewPolicy')}</label><select id="review" name="review"${cycleOff}>
${REVIEW_POLICIES.map((v) => html`<option value="${v}"${v === c.review ? ' selected' : ''}>${t(v === 'final' ? 'reviewPolicyFinal' : 'reviewPolicyEvery')}</option>`)}</select>
<div class="row"><div><label for="acknowledgeDays">${t('acknowledgeDays')}</label><input id="acknowledgeDays" name="acknowledgeDays" type="number" min="0" max="30" inputmode="numeric" value="${String(c.acknowledgeDays)}"${cycleOff}></div>
<div><label for="reviewDays">${t('reviewDays')}</label><input id="reviewDays" name="reviewDays" type="number" min="0" max="30" inputmode="numeric" value="${String(c.reviewDays)}"${cycleOff}></div>
<div><label for="cooperatingChase">${t('cooperatingChase')}</label><select id="cooperatingChase" name="cooperatingChase"${cycleOff}>
${ESCALATION_STEPS.map((v) => html`<option value="${v}"${v === c.cooperatingChase ? ' selected' : ''}>${t(CHASE_LABELS[v])}</option>`)}</select></div></div>
<label for="reportTo">${t('reportTo')}</label><select id="reportTo" name="reportTo"${cycleOff}>
${REPORT_TO.map((v) => html`<option value="${v}"${v === c.reportTo ? ' selected' : ''}>${t(v === 'lead' ? 'reportToLead' : 'reportToOffice')}</option>`)}</select>
<label for="dates">${t('customDates')}</label><textarea id="dates" name="dates" rows="2"${off}>${s.dates.join('\n')}</textarea>
<div class="row">${number('reminderWorkingDaysBefore', t('reminderDaysBefore'), 0, 30)}${number('urgeAfterWorkingDays', t('urgeAfter'), 1, 60)}
${number('superviseAfterWorkingDays', t('superviseAfter'), 1, 60)}${number('coordinatorAfterWorkingDays', t('coordinatorAfter'), 1, 60)}${number('sendHour', t('sendHour'), 0, 23)}</div>
<label><input type="checkbox" name="dueNotice" value="1"${l.dueNotice ? ' checked' : ''}${ladderOff}> ${t('dueNotice')}</label>
${ladderOff ? '' : html`<p><button type="submit">${t('save')}</button></p>`}</form></section>`;
}

/** A measure's own schedule from its card's fields: none follows the plan; else the plan's, with its own cadence. */
export function measureSchedule(plan: TReportingSchedule, cadence: string, dates: string): unknown {
  return cadence ? { ...plan, cadence, dates: splitDates(dates) } : null;
}

/** A launched plan's form has its schedule fields disabled, and browsers do not send those. */
const ZSettingsFormSchema = z.object({
  cadence: z.string().max(20).optional(),
  dueDay: z.string().max(10).optional(),
  completion: z.string().max(60).optional(),
  dates: z.string().max(5_000).default(''),
  reminderWorkingDaysBefore: z.string().max(10),
  urgeAfterWorkingDays: z.string().max(10),
  superviseAfterWorkingDays: z.string().max(10),
  coordinatorAfterWorkingDays: z.string().max(10),
  sendHour: z.string().max(10),
  dueNotice: z.string().max(5).optional(),
  review: z.string().max(20).optional(),
  acknowledgeDays: z.string().max(10).optional(),
  reviewDays: z.string().max(10).optional(),
  cooperatingChase: z.string().max(20).optional(),
  reportTo: z.string().max(20).optional(),
});

export const planSettingsSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/settings',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZSettingsFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    // Checked before the form is, so that a member learns nothing about it.
    const plan = await findPlanFor(deps.db, person, params.planId);
    const change = parsePart(
      ZChangePlanSettingsInputSchema,
      {
        schedule:
          body.cadence === undefined
            ? undefined
            : { cadence: body.cadence, dueDay: formNumber(body.dueDay ?? ''), completion: body.completion, dates: splitDates(body.dates) },
        // The whole cycle, as the service replaces it whole: a form that sent only the review policy reset the rest.
        cycle:
          body.review === undefined
            ? undefined
            : { review: body.review, acknowledgeDays: formNumber(body.acknowledgeDays ?? ''), reviewDays: formNumber(body.reviewDays ?? ''), cooperatingChase: body.cooperatingChase, reportTo: body.reportTo },
        ladder: {
          reminderWorkingDaysBefore: formNumber(body.reminderWorkingDaysBefore),
          dueNotice: body.dueNotice === '1',
          urgeAfterWorkingDays: formNumber(body.urgeAfterWorkingDays),
          superviseAfterWorkingDays: formNumber(body.superviseAfterWorkingDays),
          coordinatorAfterWorkingDays: formNumber(body.coordinatorAfterWorkingDays),
          sendHour: formNumber(body.sendHour),
        },
      },
      'body',
      locale,
    );
    await changePlanSettings(deps, person, plan.id, change);
    return reply.redirect(`/plans/${plan.id}/review?done=saved#settings`, 303);
  },
});

/** The period's two ends from the review page's form (dates as `<input type="date">` sends them). */
const ZPeriodFormSchema = z.object({ from: z.string().max(20), to: z.string().max(20) });

export const planPeriodSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/period',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZPeriodFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    const change = parsePart(ZChangePlanSettingsInputSchema, { period: { from: body.from, to: body.to } }, 'body', locale);
    await changePlanSettings(deps, person, plan.id, change);
    return reply.redirect(`/plans/${plan.id}/review?done=saved#period`, 303);
  },
});
