import { z } from 'zod';
import { COMPARATOR_SIGNS } from '../../../scoring/target-attainment';
import { numberText } from '../../../report/chart-svg';
import type { TIndicatorRow } from '../../../report/indicator-table';
import { trendText } from '../../../report/statistics-tables';
import { findPlanFor } from '../../../services/access/scope';
import { correctIndicatorValue, ZCorrectIndicatorValueSchema } from '../../../services/indicators/correct-indicator-value';
import { buildReport } from '../../../services/reports/build-report';
import { AppError } from '../../../lib/errors';
import { shanghaiTime } from '../../../calendar/working-days';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { fieldProblem, formNumber, problemList, uniqueProblems, ZFlashSchema, type TProblem } from '../forms';
import { html, type Raw } from '../html';
import type { TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';
import { chartsCard } from './charts';

/** A correction form shown again after a refusal: which value it was for, what was typed, what to fix. */
type TCorrectionForm = { reportId: string; targetId: string; value: string; reason: string; problems: TProblem[] };

const keyOf = (reportId: string, targetId: string) => `${reportId}-${targetId}`;

/**
 * One period's value: the value that counts, the office's correction beside it (the value as sent and the reason),
 * and, where a report carries it, the form to correct it — closed until opened, open when it comes back refused.
 */
function valueCell(p: TPage, planId: string, r: TIndicatorRow, v: TIndicatorRow['values'][number], form: TCorrectionForm | null): Raw {
  const { t } = p;
  const correction = v.correction
    ? html` <small class="correction">${t.fill('indicatorCorrected', { reported: v.reported === null ? t('indicatorNotSent') : numberText(v.reported), reason: v.correction.reason })}${
        v.correction.by ? html` <span class="muted">${t.fill('indicatorCorrectedBy', { by: v.correction.by, at: shanghaiTime(new Date(v.correction.at)) })}</span>` : ''
      }</small>`
    : '';
  // A year with a milestone of its own (到2018年达到90%) is judged against it: said beside its value.
  const goal = v.goal === r.target ? '' : html` <small class="muted">${t.fill('indicatorYearGoal', { goal: `${COMPARATOR_SIGNS[r.comparator]}${numberText(v.goal)}` })}</small>`;
  const value = html`<span class="value">${t.period(v.period)} ${numberText(v.value!)}</span>${goal}${correction}`;
  if (!v.reportId) return html`<li>${value}</li>`;
  const key = keyOf(v.reportId, r.targetId);
  const mine = form && keyOf(form.reportId, form.targetId) === key ? form : null;
  const valueProblem = fieldProblem(mine ?? undefined, `fix-value-${key}`);
  const reasonProblem = fieldProblem(mine ?? undefined, `fix-reason-${key}`);
  return html`<li>${value}<details id="fix-${key}"${mine ? ' open' : ''}><summary>${t.fill('indicatorCorrect', { period: t.period(v.period) })}</summary>
${problemList(t('formProblems'), mine ?? undefined, `fix-problems-${key}`)}<form method="post" action="/plans/${planId}/indicators/corrections#fix-${key}">${csrfField(p)}<input type="hidden" name="reportId" value="${v.reportId}"><input type="hidden" name="targetId" value="${r.targetId}">
<label for="fix-value-${key}">${t('indicatorCorrectValue')} <small class="muted">${r.unit}</small></label><input id="fix-value-${key}" name="value" inputmode="decimal" autocomplete="off" value="${mine?.value ?? ''}"${valueProblem.attrs}>${valueProblem.note}
<label for="fix-reason-${key}">${t('indicatorCorrectReason')}</label><input id="fix-reason-${key}" name="reason" maxlength="500" value="${mine?.reason ?? ''}"${reasonProblem.attrs}>${reasonProblem.note}
<p><button type="submit">${t('indicatorCorrectSave')}</button></p></form></details></li>`;
}

function valuesCell(p: TPage, planId: string, r: TIndicatorRow, form: TCorrectionForm | null): Raw {
  const sent = r.values.filter((v) => v.value !== null);
  if (!sent.length) return html`<span class="muted">${p.t('indicatorNotSent')}</span>`;
  return html`<ul class="values">${sent.map((v) => valueCell(p, planId, r, v, form))}</ul>`;
}

async function renderIndicators(p: TPage, plan: { id: string; title: string }, o: { form?: TCorrectionForm; flash?: string | null } = {}): Promise<string> {
  const { t } = p;
  const report = await buildReport(p.deps.db, plan.id);
  const rows = report.indicators;
  return layout(p, {
    title: `${t('indicatorTable')} · ${plan.title}`,
    wide: true,
    flash: o.flash ?? null,
    body: html`<h1>${t('indicatorTable')} <small class="muted"><a href="/plans/${plan.id}">${plan.title}</a></small></h1><p class="muted">${t('indicatorCorrectHelp')}</p>
<div class="table-wrap"><table id="indicators"><thead><tr><th>${t('ref')}</th><th>${t('indicatorTable')}</th><th>${t('unit')}</th><th>${t('indicatorBaseline')}</th><th>${t('indicatorTarget')}</th><th>${t('indicatorValues')}</th><th>${t('indicatorLatest')}</th><th>${t('indicatorAttained')}</th><th>${t('indicatorTrend')}</th></tr></thead><tbody>
${
  rows.length
    ? rows.map(
        (r) => html`<tr data-target="${r.targetId}" data-unit="${r.unitId}"><td>${r.measureRef}</td><td>${r.indicator}（${r.unit}）</td><td>${r.unitName} <small class="muted">${t.value(r.role)}</small></td><td>${
          r.baseline === null ? '—' : numberText(r.baseline)
        }</td><td>${COMPARATOR_SIGNS[r.comparator]}${numberText(r.target)}${r.targetBy ? html` <small class="muted">${r.targetBy}</small>` : ''}</td><td>${valuesCell(p, plan.id, r, o.form ?? null)}</td><td>${
          r.latest ? numberText(r.latest.value) : '—'
        }</td><td>${r.attainment === null ? '—' : html`<span class="badge c-${r.attainment.met ? 'green' : 'red'}">${r.attainment.met ? '✓' : `${numberText(r.attainment.ratio * 100)}%`}</span>`}</td><td>${trendText(r)}</td></tr>`,
      )
    : html`<tr><td colspan="9" class="muted">${t('noIndicators')}</td></tr>`
}</tbody></table></div>
${chartsCard(t, report, 'indicator-charts', ['attainment'])}`,
  });
}

/**
 * 指标台账: every target per unit with its values by period (a correction shown beside the value sent), attainment and
 * trend, and the attainment chart; the office corrects a value here (or through POST /api/plans/:id/indicators/corrections).
 */
export const indicatorsPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/indicators',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const p = pageOf(req, deps);
    return renderIndicators(p, plan, { flash: query.done ? p.t(query.done) : null });
  },
});

const ZCorrectionFormSchema = z.object({
  reportId: z.string().min(1).max(64),
  targetId: z.string().min(1).max(64),
  value: z.string().max(50).default(''),
  reason: z.string().max(500).default(''),
});

/** What is wrong with a correction, beside its field: the value must be a number, the reason given. */
function correctionProblems(t: TTranslate, form: TCorrectionForm, issues: readonly z.core.$ZodIssue[]): TProblem[] {
  const key = keyOf(form.reportId, form.targetId);
  return uniqueProblems(
    issues.map((issue) =>
      issue.path[0] === 'value'
        ? { field: `fix-value-${key}`, label: t('indicatorCorrectValue'), message: t('rubricFormNumberNeeded') }
        : issue.path[0] === 'reason'
          ? { field: `fix-reason-${key}`, label: t('indicatorCorrectReason'), message: t('problemCorrectionReason') }
          : { field: null, label: null, message: issue.message },
    ),
  );
}

export const indicatorCorrectionSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/indicators/corrections',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZCorrectionFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const person = requireActor(actor);
    // Checked before the form is read, so that a member learns nothing about it.
    const plan = await findPlanFor(deps.db, person, params.planId);
    const p = pageOf(req, deps);
    const form: TCorrectionForm = { ...body, problems: [] };
    const refused = async () =>
      reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(await renderIndicators(p, plan, { form }));
    const parsed = ZCorrectIndicatorValueSchema.safeParse({ reportId: body.reportId, targetId: body.targetId, value: formNumber(body.value), reason: body.reason });
    if (!parsed.success) {
      form.problems = correctionProblems(p.t, form, parsed.error.issues);
      return refused();
    }
    try {
      await correctIndicatorValue(deps, person, plan.id, parsed.data);
    } catch (err) {
      // A report or target not of this plan: said at the top of the form, nothing recorded.
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      form.problems = [{ field: null, label: null, message: p.t.say(err.say) }];
      return refused();
    }
    return reply.redirect(`/plans/${plan.id}/indicators?done=valueCorrected#fix-${keyOf(body.reportId, body.targetId)}`, 303);
  },
});
