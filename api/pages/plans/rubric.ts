import { z } from 'zod';
import { shanghaiTime } from '../../../calendar/working-days';
import { AppError } from '../../../lib/errors';
import { MESSAGES, say } from '../../../lib/messages';
import { numberText } from '../../../report/chart-svg';
import { rubricPoints, type TQuotaDeduction, type TRubric } from '../../../scoring/rubric';
import { WHOLE_PERIOD } from '../../../scoring/types';
import { findPlanFor } from '../../../services/access/scope';
import { previewRubric, type TPreviewScore, type TRubricPreview } from '../../../services/assessment/preview-rubric';
import { saveRubric } from '../../../services/assessment/save-rubric';
import { showRubric } from '../../../services/assessment/show-rubric';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { fieldProblem, problemList, ZFlashSchema, type TProblem } from '../forms';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

/**
 * The form as typed: the 方案's JSON, the reason, and the text last previewed (a hidden copy), so that saving saves
 * only a 方案 whose preview the person has seen.
 */
type TRubricForm = { rubric: string; reason: string; previewed: string | null; problems: TProblem[] };

type TShown = Awaited<ReturnType<typeof showRubric>>;

/** The 方案 as the textarea first holds it: every field written out, the version left to the plan. */
const rubricText = (rubric: TRubric): string => {
  const { version: _version, ...rest } = rubric;
  return JSON.stringify(rest, null, 2);
};

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
<li>${deductionText(t, t('rubricCoordinator'), r.deductions.coordinator)}</li>${r.returns.each > 0 ? html`<li>${t.fill('rubricReturns', { each: numberText(r.returns.each), max: returnsMax })}</li>` : ''}</ul>
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

const scoreText = (t: TTranslate, s: TPreviewScore | null): string =>
  s ? `${numberText(s.points)}/${numberText(s.maxPoints)} ${s.grade}${s.rank === null ? '' : ` #${s.rank}`}` : t('rubricNotAssessed');

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
 * The form: the 方案 as JSON and the reason. Its first button previews; once a preview is shown, the second saves the
 * text that was previewed.
 */
function editCard(p: TPage, planId: string, form: TRubricForm): Raw {
  const { t } = p;
  const rubric = fieldProblem(form, 'rubric');
  const reason = fieldProblem(form, 'reason');
  return html`<section class="card" id="rubric-edit"><h2>${t('rubricEdit')}</h2><p class="muted">${t('rubricEditHelp')}</p>
${problemList(t('formProblems'), form, 'rubric-problems')}<form method="post" action="/plans/${planId}/rubric#rubric-change">${csrfField(p)}
${form.previewed === null ? '' : html`<input type="hidden" name="previewed" value="${form.previewed}">`}
<label for="rubric">${t('rubricJsonLabel')}</label><textarea id="rubric" name="rubric" rows="24" spellcheck="false" class="mono"${rubric.attrs}>${form.rubric}</textarea>${rubric.note}
<label for="reason">${t('rubricReason')}</label><input id="reason" name="reason" maxlength="500" value="${form.reason}"${reason.attrs}>${reason.note}
<p><button type="submit" name="intent" value="preview">${t('rubricPreview')}</button>${
    form.previewed === null ? '' : html` <button type="submit" name="intent" value="save" id="rubric-save">${t('rubricSave')}</button>`
  }</p></form></section>`;
}

async function renderRubric(
  p: TPage,
  plan: { id: string; title: string; status: string },
  o: { form?: TRubricForm; preview?: { result: TRubricPreview; changed: boolean }; flash?: string | null },
): Promise<string> {
  const { t } = p;
  const shown = await showRubric(p.deps.db, plan.id);
  const form = o.form ?? { rubric: rubricText(shown.rubric), reason: '', previewed: null, problems: [] };
  return layout(p, {
    title: `${t('rubricTitle')} · ${plan.title}`,
    wide: true,
    flash: o.flash ?? null,
    body: html`<h1>${t('rubricTitle')} <small class="muted"><a href="/plans/${plan.id}">${plan.title}</a></small></h1>
${partsCard(t, shown)}${
      // A plan that is over keeps the 方案 it was assessed with: shown, no longer changed (saveRubric refuses it too).
      plan.status === 'closed' || plan.status === 'cancelled'
        ? html`<p class="card muted" id="rubric-over">${t.say(say('planOver'))}</p>`
        : html`<div id="rubric-change">${o.preview ? previewCard(t, o.preview.result, o.preview.changed) : ''}${editCard(p, plan.id, form)}</div>`
    }${versionsCard(t, shown)}`,
  });
}

export const rubricPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/rubric',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const p = pageOf(req, deps);
    return renderRubric(p, plan, { flash: query.done ? p.t(query.done) : null });
  },
});

const ZRubricFormSchema = z.object({
  rubric: z.string().max(200_000),
  reason: z.string().max(500).default(''),
  previewed: z.string().max(200_000).optional(),
  intent: z.enum(['preview', 'save']).catch('preview'),
});

/** The textarea's JSON, read once here; a syntax error is refused in one line like any other problem of the 方案. */
function rubricJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', say('rubricJson', { detail: err instanceof Error ? err.message : String(err) }));
  }
}

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
    const form: TRubricForm = { rubric: body.rubric, reason: body.reason, previewed: null, problems: [] };
    // Saving saves what was previewed: a text changed since its preview is previewed again instead.
    // Browsers send line breaks as CRLF; compared without them, the same text is the same.
    const changed = body.intent === 'save' && body.previewed?.replace(/\r\n/g, '\n') !== body.rubric.replace(/\r\n/g, '\n');
    try {
      const raw = rubricJson(body.rubric);
      if (body.intent === 'save' && !changed) {
        await saveRubric(deps, plan.id, { rubric: raw, reason: body.reason }, { id: person.id, label: 'web' });
        return reply.redirect(`/plans/${plan.id}/rubric?done=saved#rubric-versions`, 303);
      }
      const result = await previewRubric(deps.db, plan.id, raw, deps.now());
      form.previewed = body.rubric;
      return renderRubric(p, plan, { form, preview: { result, changed } });
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'CONFLICT')) throw err;
      const message = p.t.say(err.say);
      const onReason = err.say.text === MESSAGES.rubricReasonNeeded;
      // A save refused for its reason keeps its previewed text, so fixing the reason needs no second preview.
      if (onReason) form.previewed = body.previewed ?? null;
      form.problems = [
        onReason
          ? { field: 'reason', label: p.t('rubricReason'), message }
          : err.code === 'CONFLICT'
            ? { field: null, label: null, message }
            : { field: 'rubric', label: p.t('rubricJsonLabel'), message },
      ];
      return reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(await renderRubric(p, plan, { form }));
    }
  },
});
