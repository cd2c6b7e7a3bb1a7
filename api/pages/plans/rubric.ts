import { z } from 'zod';
import { shanghaiTime } from '../../../calendar/working-days';
import { AppError } from '../../../lib/errors';
import { MESSAGES, say } from '../../../lib/messages';
import { numberText } from '../../../report/chart-svg';
import { NOT_ASSESSED, rubricPoints, type TQuotaDeduction } from '../../../scoring/rubric';
import { WHOLE_PERIOD } from '../../../scoring/types';
import { findPlanFor } from '../../../services/access/scope';
import { rubricFrom, rubricSources, type TCopySource } from '../../../services/assessment/copy-rubric';
import { previewRubric, type TPreviewScore, type TRubricPreview } from '../../../services/assessment/preview-rubric';
import { saveRubric } from '../../../services/assessment/save-rubric';
import { showRubric } from '../../../services/assessment/show-rubric';
import { rubricChoices } from '../../../services/assessment/rubric-choices';
import { parseRubric } from '../../../services/assessment/rubric-input';
import { periodYears } from '../../../domain/plan-period';
import { planSettingsOf } from '../../../domain/plan-settings';
import { recordedActor, requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { fieldProblem, problemList, uniqueProblems, validationIssues, ZFlashSchema, type TProblem } from '../forms';
import { applyRowIntent, draftFromBody, draftOf, draftRubric, fieldOf, problemOf, rowIntent, rubricFields, type TRubricChoices, type TRubricDraft } from './rubric-form';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

/**
 * The form as typed: the 方案's fields (a draft), the reason, and the 方案 last previewed (a hidden copy), so that saving
 * saves only a 方案 whose preview the person has seen.
 */
type TRubricForm = { draft: TRubricDraft; reason: string; previewed: string | null; problems: TProblem[] };

type TShown = Awaited<ReturnType<typeof showRubric>>;

function deductionText(t: TTranslate, level: string, d: TQuotaDeduction): string {
  const max = d.max === undefined ? '' : t.fill('rubricDeductionMax', { max: numberText(d.max) });
  return d.free > 0 ? t.fill('rubricDeduction', { level, free: d.free, each: numberText(d.each), max }) : t.fill('rubricDeductionEach', { level, each: numberText(d.each), max });
}

/** The 方案 in force: each part and its points, what is deducted, the grades and the classes ranked apart. */
function partsCard(t: TTranslate, shown: TShown): Raw {
  const r = shown.rubric;
  const row = (part: string, points: number) => html`<tr><th scope="row">${part}</th><td>${numberText(points)}</td></tr>`;
  const returnsMax = r.returns.max === undefined ? '' : t.fill('rubricDeductionMax', { max: numberText(r.returns.max) });
  return html`<section class="card" id="rubric-parts"><h2>${t.fill('rubricInForce', { version: shown.version })}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${t('rubricPart')}</th><th scope="col">${t('rubricPoints')}</th></tr></thead><tbody>
${row(t('rubricCompletion'), r.completion.weight)}${row(t('rubricTimeliness'), r.timeliness.weight)}${row(t('rubricTargets'), r.targets.weight)}
${r.indicators.map((i) => row(t.fill('rubricIndicator', { name: i.name }), i.points))}${r.appraisal.max > 0 ? row(t('rubricAppraisal'), r.appraisal.max) : ''}
<tr><th scope="row">${t('rubricTotal')}</th><td>${numberText(rubricPoints(r))}</td></tr>
${r.bonus.cap > 0 ? row(t('rubricBonus'), r.bonus.cap) : ''}</tbody></table></div>
<h3>${t('rubricDeductions')}</h3><ul id="rubric-deductions"><li>${deductionText(t, t('rubricUrge'), r.deductions.urge)}</li><li>${deductionText(t, t('rubricSupervise'), r.deductions.supervise)}</li>
<li>${deductionText(t, t('rubricCoordinator'), r.deductions.coordinator)}</li>${r.returns.each > 0 ? html`<li>${t.fill('rubricReturns', { each: numberText(r.returns.each), max: returnsMax })}</li>` : ''}${
  r.annualSummary.missing > 0 || r.annualSummary.late > 0
    ? html`<li id="rubric-annual-summary">${t.fill('rubricAnnualSummary', { missing: numberText(r.annualSummary.missing), late: numberText(r.annualSummary.late) })}</li>`
    : ''
}</ul>
<h3>${t('rubricGrades')}</h3><ul id="rubric-grades">${[...r.grades].sort((a, b) => b.min - a.min).map((g) => html`<li>${t.fill('rubricGradeBand', { grade: g.grade, min: numberText(g.min) })}</li>`)}</ul>
${
  r.classes.length
    ? html`<h3>${t('rubricClasses')}</h3><ul id="rubric-classes">${r.classes.map(
        (c) => html`<li>${t.fill('rubricClass', { name: c.name, quota: c.excellentQuota === undefined ? t('rubricNoQuota') : c.excellentQuota })}</li>`,
      )}</ul>`
    : ''
}</section>`;
}

/** Every saved version, newest first: who, when, why. */
function versionsCard(t: TTranslate, shown: TShown): Raw {
  return html`<section class="card" id="rubric-versions"><h2>${t('rubricVersions')}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${t('rubricVersion')}</th><th scope="col">${t('rubricSavedAt')}</th><th scope="col">${t('rubricSavedBy')}</th><th scope="col">${t('reason')}</th></tr></thead><tbody>
${
  shown.versions.length
    ? shown.versions.map(
        (v) => html`<tr data-version="${String(v.version)}"><td>${String(v.version)}</td><td>${shanghaiTime(v.savedAt)}</td><td>${v.savedBy ?? t('rubricSystem')}</td><td>${v.reason}</td></tr>`,
      )
    : html`<tr><td colspan="4" class="muted">—</td></tr>`
}</tbody></table></div></section>`;
}

// A unit assessed with nothing to assess carries the grade 不考核 and no points to show.
const scoreText = (t: TTranslate, s: TPreviewScore | null): string =>
  s && s.grade !== NOT_ASSESSED ? `${numberText(s.points)}/${numberText(s.maxPoints)} ${s.grade}${s.rank === null ? '' : ` #${s.rank}`}` : t('rubricNotAssessed');

/** Each unit's points and grade now and under the new 方案, side by side: the whole period first, then each year. */
function previewCard(t: TTranslate, preview: TRubricPreview, changed: boolean): Raw {
  return html`<section class="card" id="rubric-preview" role="status"><h2>${t('rubricPreviewTitle')}</h2>
${changed ? html`<p class="flash warn">${t('rubricPreviewChanged')}</p>` : ''}<p class="muted">${t.fill('rubricPreviewHelp', { asOf: shanghaiTime(preview.asOf) })}</p>
${preview.years.map((y) => {
  const caption = y.year === WHOLE_PERIOD ? t('rubricWholePeriod') : t.fill('rubricYear', { year: y.year });
  return html`<div class="table-wrap"><table data-year="${String(y.year)}"><caption>${caption}</caption><thead><tr><th scope="col">${t('unit')}</th><th scope="col">${t('rubricCurrent')}</th><th scope="col">${t('rubricNext')}</th><th scope="col">${t('rubricChange')}</th></tr></thead><tbody>
${y.units.map((u) => {
  const change = u.current && u.next ? u.next.points - u.current.points : null;
  return html`<tr data-unit="${u.unitId}"><th scope="row">${u.name}</th><td class="current">${scoreText(t, u.current)}</td><td class="next">${scoreText(t, u.next)}</td><td>${
    change === null ? '—' : `${change > 0 ? '+' : ''}${numberText(change)}`
  }</td></tr>`;
})}</tbody></table></div>`;
})}</section>`;
}

/**
 * The form: every part of the 方案 as its own field, and the reason. Rows are added and removed by submit buttons, so it
 * works without script; its first button previews (Enter in a field previews too), and once a preview is shown, the
 * last one saves the 方案 that was previewed.
 */
function editCard(p: TPage, planId: string, form: TRubricForm, choices: TRubricChoices): Raw {
  const { t } = p;
  const reason = fieldProblem(form, 'reason');
  return html`<section class="card" id="rubric-edit"><h2>${t('rubricEdit')}</h2><p class="muted">${t('rubricEditHelp')}</p>
${problemList(t('formProblems'), form, 'rubric-problems')}<form method="post" action="/plans/${planId}/rubric#rubric-change" novalidate>${csrfField(p)}
<button type="submit" name="intent" value="preview" class="visually-hidden" tabindex="-1">${t('rubricPreview')}</button>
${form.previewed === null ? '' : html`<input type="hidden" name="previewed" value="${form.previewed}">`}
${rubricFields(t, form.draft, choices, form.problems)}
<label for="reason">${t('rubricReason')}</label><input id="reason" name="reason" maxlength="500" value="${form.reason}"${reason.attrs}>${reason.note}
<p><button type="submit" name="intent" value="preview">${t('rubricPreview')}</button>${
    form.previewed === null ? '' : html` <button type="submit" name="intent" value="save" id="rubric-save">${t('rubricSave')}</button>`
  }</p></form></section>`;
}

async function renderRubric(
  p: TPage,
  plan: { id: string; title: string; status: string; year: number; period: unknown },
  o: { form?: TRubricForm; preview?: { result: TRubricPreview; changed: boolean }; flash?: string | null; sources?: TCopySource[] },
): Promise<string> {
  const { t } = p;
  const shown = await showRubric(p.deps.db, plan.id);
  const form = o.form ?? { draft: draftOf(shown.rubric), reason: '', previewed: null, problems: [] };
  return layout(p, {
    title: `${t('rubricTitle')} · ${plan.title}`,
    wide: true,
    flash: o.flash ?? null,
    body: html`<h1>${t('rubricTitle')} <small class="muted"><a href="/plans/${plan.id}">${plan.title}</a></small></h1>
<p id="rubric-results">${periodYears(planSettingsOf(plan, ['period']).period).map((year) => html`<a href="/plans/${plan.id}/results/${String(year)}">${t.fill('resultsLink', { year })}</a> `)}</p>
${partsCard(t, shown)}${
      // A plan that is over keeps the 方案 it was assessed with: shown, no longer changed (saveRubric refuses it too).
      plan.status === 'closed' || plan.status === 'cancelled'
        ? html`<p class="card muted" id="rubric-over">${t.say(say('planOver'))}</p>`
        : html`${copyCard(p, plan.id, o.sources ?? [])}<div id="rubric-change">${o.preview ? previewCard(t, o.preview.result, o.preview.changed) : ''}${editCard(p, plan.id, form, await rubricChoices(p.deps.db, plan.id))}</div>`
    }${versionsCard(t, shown)}`,
  });
}

/** Last year's 方案 (or any other plan's of the office) into the form below, to preview and save as usual. */
function copyCard(p: TPage, planId: string, sources: TCopySource[]): Raw {
  const { t } = p;
  if (!sources.length) return html``;
  return html`<section class="card" id="rubric-copy"><h2>${t('rubricCopyTitle')}</h2><p class="muted">${t('rubricCopyHelp')}</p>
<form method="get" action="/plans/${planId}/rubric#rubric-change"><label for="from">${t('rubricCopyFrom')}</label><select id="from" name="from">${sources.map(
    (s) => html`<option value="${s.id}">${String(s.year)} · ${s.title}（${t.fill('rubricInForce', { version: s.rubricVersion })}）</option>`,
  )}</select> <button type="submit">${t('rubricCopy')}</button></form></section>`;
}

export const rubricPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/rubric',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: z.object({ done: ZFlashSchema, from: z.string().min(1).max(64).optional() }),
  async handler({ req, deps, actor, params, query }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    const p = pageOf(req, deps);
    const copied = query.from ? await rubricFrom(deps.db, person, plan.id, query.from) : null;
    const form = copied ? { draft: draftOf(parseRubric(copied.rubric)), reason: p.t.say(copied.reason), previewed: null, problems: [] } : undefined;
    return renderRubric(p, plan, { flash: query.done ? p.t(query.done) : null, ...(form ? { form } : {}), sources: await rubricSources(deps.db, person, plan.id) });
  },
});

// The 方案's own fields (`r.…`) ride along unparsed here: draftFromBody reads them into the form's draft.
const ZRubricFormSchema = z.looseObject({
  reason: z.string().max(500).default(''),
  previewed: z.string().max(200_000).optional(),
  intent: z.string().max(80).catch('preview').default('preview'),
});

export const rubricSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/rubric',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZRubricFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const person = requireActor(actor);
    // Checked before the form is read, so that a member learns nothing about it.
    const plan = await findPlanFor(deps.db, person, params.planId);
    const p = pageOf(req, deps);
    const { t } = p;
    const draft = draftFromBody(body);
    const refused = async (form: TRubricForm) =>
      reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(await renderRubric(p, plan, { form }));
    const rows = rowIntent(body.intent);
    // A row added or removed changes the 方案: shown again to go on editing, its preview gone.
    if (rows) return renderRubric(p, plan, { form: { draft: applyRowIntent(draft, rows), reason: body.reason, previewed: null, problems: [] } });
    const { raw, problems } = draftRubric(draft);
    const form: TRubricForm = { draft, reason: body.reason, previewed: null, problems: [] };
    if (problems.length) {
      form.problems = uniqueProblems(problems.map((x) => ({ ...toProblem(fieldOf(t, draft, x.path.split('.'))), message: t(x.key) })));
      return refused(form);
    }
    const text = JSON.stringify(raw);
    // Saving saves what was previewed: a 方案 changed since its preview is previewed again instead.
    const changed = body.intent === 'save' && body.previewed !== text;
    try {
      if (body.intent === 'save' && !changed) {
        await saveRubric(deps, plan.id, { rubric: raw, reason: body.reason }, recordedActor(person));
        return reply.redirect(`/plans/${plan.id}/rubric?done=saved#rubric-versions`, 303);
      }
      const result = await previewRubric(deps.db, plan.id, raw, deps.now());
      form.previewed = text;
      return renderRubric(p, plan, { form, preview: { result, changed } });
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'CONFLICT')) throw err;
      const onReason = err.say.text === MESSAGES.rubricReasonNeeded;
      // A save refused for its reason keeps its preview, so fixing the reason needs no second preview.
      if (onReason) form.previewed = body.previewed ?? null;
      const issues = validationIssues(err);
      const named = err.say.params?.field;
      form.problems = onReason
        ? [{ field: 'reason', label: t('rubricReason'), message: t.say(err.say) }]
        : issues
          ? uniqueProblems(issues.map((issue) => problemOf(t, draft, raw, issue)))
          : typeof named === 'string'
            ? [{ ...toProblem(fieldOf(t, draft, named.split('.'))), message: t.say(err.say) }]
            : [{ field: null, label: null, message: t.say(err.say) }];
      return refused(form);
    }
  },
});

const toProblem = (f: { id: string | null; label: string | null }) => ({ field: f.id, label: f.label });
