import { z } from 'zod';
import { afterLaunch, type TPlanSetting } from '../../../domain/plan-settings';
import { ESCALATION_STEPS } from '../../../domain/ladder';
import { REPORT_TO, REVIEW_POLICIES } from '../../../domain/office-cycle';
import { COMPLETION_RULES, type TReportingSchedule } from '../../../domain/schedule';
import { ROUTED_STEPS, type TRoutedStep, type TStepChannels } from '../../../domain/step-channels';
import { findPlanFor } from '../../../services/access/scope';
import { changePlanSettings, ZChangePlanSettingsInputSchema, type TEditablePlanSettings } from '../../../services/plans/change-plan-settings';
import type { AppError } from '../../../lib/errors';
import { requireActor } from '../../auth/actor';
import { definePageRoute, parsePart } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { fieldProblem, formNumber, problemList, uniqueProblems, validationIssues, ZRepeatedSchema, type TProblem } from '../forms';
import { html, type Raw } from '../html';
import { STEP_LABELS, type TMessageKey, type TTranslate } from '../i18n';
import { csrfField, type TPage } from '../layout';

export const CADENCES = ['half-yearly', 'quarterly', 'monthly', 'final', 'custom'] as const;

const options = (t: TTranslate, values: readonly string[], selected: string) =>
  values.map((v) => html`<option value="${v}"${v === selected ? ' selected' : ''}>${t.value(v)}</option>`);

/** Custom due dates as the form's textarea holds them: one per line (spaces, commas and 、 also separate). */
export const splitDates = (text: string): string[] => text.split(/[\s,，、；;]+/).filter(Boolean);

/** A setting can be changed while the plan is a draft, and once it is launched unless it is frozen at launch. */
const editable = (setting: TPlanSetting, status: string) => status === 'draft' || (status === 'launched' && afterLaunch(setting).kind !== 'frozen');

const CHASE_LABELS = { urge: 'chaseUrge', supervise: 'chaseSupervise', coordinator: 'chaseCoordinator' } as const;

const ROUTES = ['chat', 'sms'] as const;

/** A settings form refused: what was sent (shown again as typed) and what to fix, each beside its field. */
export type TSettingsFormState = { values: Record<string, unknown>; problems: TProblem[] };

/**
 * Which steps go to chat and SMS, and whether also by email: a checkbox each. The hidden `channelsForm` says the boxes
 * were on the form, so an unticked box is a channel turned off, and a post without them (an older page) changes none.
 */
function channelsFieldset(p: TPage, channels: TStepChannels, off: string, state: TSettingsFormState | undefined): Raw {
  const { t } = p;
  const ticked = (step: TRoutedStep, route: (typeof ROUTES)[number]) => {
    const sent = state?.values[`ch_${step}`];
    return Array.isArray(sent) ? sent.includes(route) : channels[step].includes(route);
  };
  const email = state ? state.values.channelsEmail === '1' : channels.email;
  const emailProblem = fieldProblem(state, 'channelsEmail');
  return html`<fieldset id="channels"><legend>${t('stepChannels')}</legend><p class="muted">${t('stepChannelsHelp')}</p>
<input type="hidden" name="channelsForm" value="1"${off}>
<table><thead><tr><th scope="col">${t('stepChannels')}</th><th scope="col">${t('stepChannelsChat')}</th><th scope="col">${t('channelSms')}</th></tr></thead><tbody>
${ROUTED_STEPS.map((step) => {
  const f = fieldProblem(state, `ch-${step}`);
  return html`<tr id="ch-${step}"><th scope="row">${t(STEP_LABELS[step])}${f.note}</th>
${ROUTES.map((route) => html`<td><label><input type="checkbox" name="ch_${step}" value="${route}" aria-label="${t(STEP_LABELS[step])}：${t(route === 'chat' ? 'stepChannelsChat' : 'channelSms')}"${ticked(step, route) ? ' checked' : ''}${f.attrs}${off}></label></td>`)}</tr>`;
})}</tbody></table>
<label><input type="checkbox" id="channelsEmail" name="channelsEmail" value="1"${email ? ' checked' : ''}${emailProblem.attrs}${off}> ${t('channelsAlsoEmail')}</label>${emailProblem.note}</fieldset>`;
}

/**
 * The plan's schedule, ladder and where each step goes: all a form while the plan is a draft; once launched the
 * schedule is read-only and the thresholds and channels stay editable (running measures follow them), as
 * domain/plan-settings says; read-only once the plan is over. A refused form comes back as sent (`state`).
 */
export function settingsCard(p: TPage, planId: string, settings: TEditablePlanSettings, status: string, state?: TSettingsFormState): Raw {
  const { t } = p;
  const { schedule: s, ladder: l, cycle: c } = settings;
  const off = editable('schedule', status) ? '' : ' disabled';
  const ladderOff = editable('ladder', status) ? '' : ' disabled';
  const cycleOff = editable('cycle', status) ? '' : ' disabled';
  const summaryOff = editable('annualSummary', status) ? '' : ' disabled';
  const channelsOff = editable('channels', status) ? '' : ' disabled';
  const number = (name: keyof typeof l, label: string, min: number, max: number) => {
    const sent = state?.values[name];
    const f = fieldProblem(state, name);
    return html`<div><label for="${name}">${label}</label><input id="${name}" name="${name}" type="number" min="${String(min)}" max="${String(max)}" inputmode="numeric" value="${typeof sent === 'string' ? sent : String(l[name])}"${f.attrs}${ladderOff}>${f.note}</div>`;
  };
  return html`<section class="card" id="settings"><h2>${t('planSettings')}</h2><p class="muted">${t(status === 'launched' ? 'planSettingsLaunchedHelp' : 'planSettingsHelp')}</p>
${problemList(t('problemSettings'), state, 'settings-problems')}
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
<label><input type="checkbox" name="dueNotice" value="1"${(state ? state.values.dueNotice === '1' : l.dueNotice) ? ' checked' : ''}${ladderOff}> ${t('dueNotice')}</label>
<label for="annualSummaryDue">${t('annualSummaryDue')}</label><input id="annualSummaryDue" name="annualSummaryDue" pattern="\\d{2}-\\d{2}" placeholder="01-15" value="${settings.annualSummary.due ?? ''}" aria-describedby="annualSummaryDueHelp"${summaryOff}>
<p class="muted" id="annualSummaryDueHelp">${t('annualSummaryDueHelp')}</p>
${channelsFieldset(p, settings.channels, channelsOff, state)}
${ladderOff ? '' : html`<p><button type="submit">${t('save')}</button></p>`}</form></section>`;
}

/** A measure's own schedule from its card's fields: none follows the plan; else the plan's, with its own cadence. */
export function measureSchedule(plan: TReportingSchedule, cadence: string, dates: string): unknown {
  return cadence ? { ...plan, cadence, dates: splitDates(dates) } : null;
}

/** A launched plan's form has its schedule fields disabled, and browsers do not send those. */
export const ZSettingsFormSchema = z.object({
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
  annualSummaryDue: z.string().max(20).optional(),
  channelsForm: z.literal('1').optional(),
  channelsEmail: z.string().max(5).optional(),
  ...(Object.fromEntries(ROUTED_STEPS.map((step) => [`ch_${step}`, ZRepeatedSchema])) as Record<`ch_${TRoutedStep}`, typeof ZRepeatedSchema>),
});
type TSettingsForm = z.infer<typeof ZSettingsFormSchema>;

/** The steps → channels the form's checkboxes say; none when the form had no such boxes (see channelsFieldset). */
function channelsOf(body: TSettingsForm): unknown {
  if (body.channelsForm === undefined) return undefined;
  return { ...Object.fromEntries(ROUTED_STEPS.map((step) => [step, body[`ch_${step}`]])), email: body.channelsEmail === '1' };
}

/** Each input's label, for the list of problems above the form. */
const FIELD_LABELS: Record<string, TMessageKey> = {
  cadence: 'cadence',
  dueDay: 'dueDay',
  completion: 'completionRule',
  dates: 'customDates',
  review: 'reviewPolicy',
  acknowledgeDays: 'acknowledgeDays',
  reviewDays: 'reviewDays',
  cooperatingChase: 'cooperatingChase',
  reportTo: 'reportTo',
  reminderWorkingDaysBefore: 'reminderDaysBefore',
  urgeAfterWorkingDays: 'urgeAfter',
  superviseAfterWorkingDays: 'superviseAfter',
  coordinatorAfterWorkingDays: 'coordinatorAfter',
  sendHour: 'sendHour',
  dueNotice: 'dueNotice',
  annualSummaryDue: 'annualSummaryDue',
  channelsEmail: 'channelsAlsoEmail',
};

/** The form's input a refused setting's path names: `ladder.sendHour` → sendHour, `channels.urge.0` → the urge row. */
function fieldOf(path: readonly PropertyKey[]): string | null {
  const [group, key] = path.map(String);
  if (group === 'channels') return key === 'email' ? 'channelsEmail' : key ? `ch-${key}` : null;
  if (group === 'annualSummary') return 'annualSummaryDue';
  if (group === 'cycle' && key === 'review') return 'review';
  return key && group !== 'period' ? key : null;
}

/** The settings the form asks for, as the service's input before it is parsed (parsePart: one line per problem). */
export function settingsChangeOf(body: TSettingsForm): unknown {
  return {
    schedule:
      body.cadence === undefined
        ? undefined
        : { cadence: body.cadence, dueDay: formNumber(body.dueDay ?? ''), completion: body.completion, dates: splitDates(body.dates) },
    // The whole cycle, as the service replaces it whole: a form that sent only the review policy reset the rest.
    cycle:
      body.review === undefined
        ? undefined
        : { review: body.review, acknowledgeDays: formNumber(body.acknowledgeDays ?? ''), reviewDays: formNumber(body.reviewDays ?? ''), cooperatingChase: body.cooperatingChase, reportTo: body.reportTo },
    // Blank asks for no summary; a plan over sends no field (the input is disabled) and keeps what it had.
    annualSummary: body.annualSummaryDue === undefined ? undefined : { due: body.annualSummaryDue.trim() || null },
    channels: channelsOf(body),
    ladder: {
      reminderWorkingDaysBefore: formNumber(body.reminderWorkingDaysBefore),
      dueNotice: body.dueNotice === '1',
      urgeAfterWorkingDays: formNumber(body.urgeAfterWorkingDays),
      superviseAfterWorkingDays: formNumber(body.superviseAfterWorkingDays),
      coordinatorAfterWorkingDays: formNumber(body.coordinatorAfterWorkingDays),
      sendHour: formNumber(body.sendHour),
    },
  };
}

/** What to fix in a refused settings form, each beside its input; null when the refusal was not the form's. */
export function settingsProblems(t: TTranslate, err: unknown): TProblem[] | null {
  const issues = validationIssues(err);
  if (!issues) return null;
  // parsePart's details are the issues in the page's language, in the same order.
  const details = (err as AppError).details as readonly { message: string }[];
  return uniqueProblems(
    issues.map((issue, i) => {
      const field = fieldOf(issue.path);
      // A channel box is only wrong in a post made by hand, where the schema's own words are not the page's.
      const message = field?.startsWith('ch-') ? t('problemStepChannel') : (details[i]?.message ?? issue.message);
      return { field, label: field ? t(FIELD_LABELS[field] ?? STEP_LABELS[field.slice(3) as TRoutedStep]) : null, message };
    }),
  );
}
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
