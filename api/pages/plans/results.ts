import { z } from 'zod';
import { shanghaiTime } from '../../../calendar/working-days';
import { AppError } from '../../../lib/errors';
import { numberText } from '../../../report/chart-svg';
import { findPlanFor } from '../../../services/access/scope';
import { answerObjection, ZAnswerObjectionSchema } from '../../../services/assessment/answer-objection';
import { finaliseResults } from '../../../services/assessment/finalise-results';
import { lodgeObjection, ZLodgeObjectionSchema } from '../../../services/assessment/lodge-objection';
import { publishResults, ZPublishResultsSchema } from '../../../services/assessment/publish-results';
import { reopenResults, ZReopenResultsSchema } from '../../../services/assessment/reopen-results';
import { showResults, type TYearResults } from '../../../services/assessment/show-results';
import { submitAnnualSummary, ZSubmitAnnualSummarySchema } from '../../../services/assessment/submit-annual-summary';
import { unitEvidenceFiles } from '../../../services/evidence/unit-evidence';
import type { TEvidenceFile } from '../../../services/evidence/unreported-files';
import { recordedActor, requireActor } from '../../auth/actor';
import { definePageRoute, parsePart, type TIssue } from '../../route';
import { ZYearParamsSchema } from '../../routes/plans/assessment-results.types';
import { formNumber, splitNames, ZFlashSchema } from '../forms';
import { html, type Raw } from '../html';
import { localeOf, type TTranslate } from '../i18n';
import { csrfField, layout, pageOf, type TPage } from '../layout';

const stageText = (t: TTranslate, r: TYearResults): string =>
  r.stage === 'publicity'
    ? t.fill('resultsStagePublicity', { until: r.publicityUntil ?? '' })
    : r.stage === 'final'
      ? t.fill('resultsStageFinal', { version: r.version, at: r.finalisedAt ? shanghaiTime(r.finalisedAt) : '' })
      : t('resultsStageOpen');

/** Every unit the reader may see, best first. */
function listCard(t: TTranslate, r: TYearResults): Raw {
  return html`<section class="card" id="results-list"><h2>${t('resultsList')}</h2><div class="table-wrap"><table><thead><tr>
<th scope="col">${t('resultsRank')}</th><th scope="col">${t('unit')}</th><th scope="col">${t('resultsPoints')}</th><th scope="col">${t('resultsGrade')}</th></tr></thead><tbody>
${r.units.map((u, i) => html`<tr data-unit="${u.unitId}"><td>${String(i + 1)}</td><th scope="row">${u.name}</th><td>${numberText(u.points)}/${numberText(u.maxPoints)}</td><td>${u.grade}</td></tr>`)}
</tbody></table></div></section>`;
}

/** The reader's unit's results, line by line, as scoring explained them. */
function ownCard(t: TTranslate, r: TYearResults): Raw {
  if (!r.own) return html``;
  return html`<section class="card" id="results-own"><h2>${t.fill('resultsOwn', { unit: r.own.name, points: numberText(r.own.points), grade: r.own.grade })}</h2>
<ul>${r.own.breakdown.map((l) => html`<li>${l.explanation}</li>`)}</ul></section>`;
}

/** The 异议 the reader may see, each with its answer; the office answers a pending one here. */
function objectionsCard(p: TPage, r: TYearResults, office: boolean): Raw {
  const { t } = p;
  const action = `/plans/${r.planId}/results/${r.year}`;
  return html`<section class="card" id="results-objections"><h2>${t('resultsObjections')}</h2>
${office ? html`<p class="muted">${t('resultsUpheldHelp')}</p>` : ''}${
    r.objections.length
      ? html`<ul>${r.objections.map(
          (o) => html`<li data-objection="${o.id}"><strong>${o.unitName}</strong>（${shanghaiTime(o.lodgedAt)}）：${o.reason}${
            o.evidence.length ? html` <span class="muted">${t('resultsEvidence')}：${o.evidence.join('、')}</span>` : ''
          }<br>${
            o.status === 'pending'
              ? office && r.stage !== 'final'
                ? html`<form method="post" action="${action}#results-objections">${csrfField(p)}<input type="hidden" name="objectionId" value="${o.id}">
<label for="answer-${o.id}">${t('resultsAnswer')}</label><input id="answer-${o.id}" name="answer" maxlength="2000" required>
<button type="submit" name="intent" value="uphold">${t('resultsUphold')}</button> <button type="submit" name="intent" value="reject">${t('resultsReject')}</button></form>`
                : html`<span class="muted">${t('resultsPending')}</span>`
              : html`<span>${o.status === 'upheld' ? t('resultsUphold') : t('resultsReject')}：${o.answer ?? ''}</span>`
          }</li>`,
        )}</ul>`
      : html`<p class="muted">—</p>`
  }${
    !office && r.stage === 'publicity'
      ? html`<form method="post" action="${action}#results-objections">${csrfField(p)}
<label for="reason">${t('resultsObjectionReason')}</label><textarea id="reason" name="reason" rows="4" maxlength="2000" required></textarea>
<label for="evidence">${t('resultsEvidenceIds')}</label><textarea id="evidence" name="evidence" rows="2"></textarea>
<p><button type="submit" name="intent" value="object">${t('resultsLodge')}</button></p></form>`
      : ''
  }</section>`;
}

const STANDING = { 'on-time': 'annualSummaryOnTime', late: 'annualSummaryLate', missing: 'annualSummaryMissing', 'not-due': 'annualSummaryNotDue' } as const;

/**
 * 年度总结, where the plan asks for one: the office sees each assessed unit's standing (on time, late, missing); a unit
 * its own summary, or the form to send it, its evidence chosen from the files it uploaded on the plan.
 */
function annualSummaryCard(p: TPage, r: TYearResults, office: boolean, files: readonly TEvidenceFile[]): Raw {
  const roll = r.annualSummaries;
  if (!roll) return html``;
  const { t } = p;
  const head = html`<h2>${t('annualSummaryTitle')}</h2><p class="muted">${t.fill('annualSummaryDueOn', { year: r.year, due: roll.due })}</p>`;
  if (office) {
    return html`<section class="card" id="results-summaries">${head}<div class="table-wrap"><table><thead><tr><th scope="col">${t('unit')}</th><th scope="col">${t('annualSummaryStanding')}</th></tr></thead><tbody>
${roll.lines.map((l) => html`<tr data-unit="${l.unitId}" data-standing="${l.standing}"><th scope="row">${l.unitName}</th><td>${t(STANDING[l.standing])}${l.submittedAt ? html` <span class="muted">${shanghaiTime(l.submittedAt)}</span>` : ''}</td></tr>`)}
</tbody></table></div></section>`;
  }
  const own = roll.lines[0];
  if (!own) return html``;
  if (own.summary) {
    return html`<section class="card" id="results-summaries">${head}<p data-standing="${own.standing}">${t(STANDING[own.standing])} · ${t.fill('annualSummarySubmittedAt', { at: own.submittedAt ? shanghaiTime(own.submittedAt) : '' })}</p>
<h3>${t('annualSummaryText')}</h3><p>${own.summary.summary}</p><h3>${t('annualSummaryTargets')}</h3><p>${own.summary.targets}</p><h3>${t('annualSummaryMeasures')}</h3><p>${own.summary.measures}</p></section>`;
  }
  if (r.stage === 'final') return html`<section class="card" id="results-summaries">${head}<p>${t(STANDING[own.standing])}</p></section>`;
  return html`<section class="card" id="results-summaries">${head}<p data-standing="${own.standing}">${t(STANDING[own.standing])}</p>
<form method="post" action="/plans/${r.planId}/results/${r.year}#results-summaries">${csrfField(p)}
<label for="summary">${t('annualSummaryText')}</label><textarea id="summary" name="summary" rows="6" maxlength="20000" required></textarea>
<label for="targets">${t('annualSummaryTargets')}</label><textarea id="targets" name="targets" rows="3" maxlength="10000" required></textarea>
<label for="measures">${t('annualSummaryMeasures')}</label><textarea id="measures" name="measures" rows="3" maxlength="10000" required></textarea>
<fieldset><legend>${t('annualSummaryEvidence')}</legend>${
    files.length
      ? files.map((f) => html`<label><input type="checkbox" name="summaryEvidence" value="${f.id}"> ${f.name}</label>`)
      : html`<p class="muted">${t('annualSummaryNone')}</p>`
  }</fieldset>
<p><button type="submit" name="intent" value="summary">${t('annualSummarySubmit')}</button></p></form></section>`;
}

/** The office's steps: 公示 (optional), 定稿, and reopening a final year with a reason. */
function officeCard(p: TPage, r: TYearResults): Raw {
  const { t } = p;
  const action = `/plans/${r.planId}/results/${r.year}`;
  return html`<section class="card" id="results-steps"><h2>${t('resultsSteps')}</h2>${
    r.stage === 'final'
      ? html`<form method="post" action="${action}">${csrfField(p)}<label for="reopen-reason">${t('resultsReopenReason')}</label>
<input id="reopen-reason" name="reason" maxlength="1000" required><p><button type="submit" name="intent" value="reopen">${t('resultsReopen')}</button></p></form>`
      : html`<form method="post" action="${action}">${csrfField(p)}<label for="working-days">${t('resultsWorkingDays')}</label>
<input id="working-days" name="workingDays" type="number" min="1" max="30" value="5"><p><button type="submit" name="intent" value="publicity">${t('resultsPublish')}</button></p></form>
<form method="post" action="${action}">${csrfField(p)}<p class="muted">${t('resultsFinaliseHelp')}</p><p><button type="submit" name="intent" value="finalise">${t('resultsFinalise')}</button></p></form>`
  }</section>`;
}

async function renderResults(p: TPage, planId: string, year: number, o: { flash?: string | null; problem?: string | null }): Promise<string> {
  const person = requireActor(p.actor);
  const r = await showResults(p.deps.db, person, planId, year);
  const office = r.own === null;
  const files = !office && r.annualSummaries && person.unitId ? await unitEvidenceFiles(p.deps.db, planId, person.unitId) : [];
  const { t } = p;
  return layout(p, {
    title: `${t.fill('resultsTitle', { year })} · ${r.planTitle}`,
    wide: true,
    flash: o.flash ?? null,
    body: html`<h1>${t.fill('resultsTitle', { year })} <small class="muted">${office ? html`<a href="/plans/${planId}/rubric">${r.planTitle}</a>` : r.planTitle}</small></h1>
<p id="results-stage">${stageText(t, r)}</p>${o.problem ? html`<p class="flash warn" role="alert" id="results-problem">${o.problem}</p>` : ''}
${ownCard(t, r)}${annualSummaryCard(p, r, office, files)}${listCard(t, r)}${objectionsCard(p, r, office)}${office ? officeCard(p, r) : ''}`,
  });
}

export const resultsPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/results/:year',
  auth: 'signed-in',
  params: ZYearParamsSchema,
  query: z.object({ done: ZFlashSchema }),
  async handler({ req, deps, params, query }) {
    const p = pageOf(req, deps);
    return renderResults(p, params.planId, params.year, { flash: query.done ? p.t(query.done) : null });
  },
});

const ZResultsFormSchema = z.object({
  intent: z.enum(['publicity', 'finalise', 'reopen', 'uphold', 'reject', 'object', 'summary']),
  workingDays: z.string().max(10).optional(),
  reason: z.string().max(2000).default(''),
  answer: z.string().max(2000).default(''),
  objectionId: z.string().max(64).default(''),
  evidence: z.string().max(2000).default(''),
  summary: z.string().max(20_000).default(''),
  targets: z.string().max(10_000).default(''),
  measures: z.string().max(10_000).default(''),
  summaryEvidence: z.union([z.string().max(64), z.array(z.string().max(64)).max(20)]).default([]),
});

export const resultsSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/results/:year',
  auth: 'signed-in',
  params: ZYearParamsSchema,
  body: ZResultsFormSchema,
  async handler({ req, reply, deps, actor, params, body }) {
    const person = requireActor(actor);
    const p = pageOf(req, deps);
    const by = recordedActor(person);
    const { year } = params;
    // Each step's input is read here with its service's schema, so a refusal names the field in the reader's words.
    const input = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => parsePart(schema, value, 'body', localeOf(req)) as z.output<S>;
    try {
      if (body.intent === 'object') {
        await lodgeObjection(deps, params.planId, person, input(ZLodgeObjectionSchema, { year, reason: body.reason, evidence: splitNames(body.evidence) }));
      } else if (body.intent === 'summary') {
        const evidence = typeof body.summaryEvidence === 'string' ? [body.summaryEvidence] : body.summaryEvidence;
        await submitAnnualSummary(deps, params.planId, person, input(ZSubmitAnnualSummarySchema, { year, summary: body.summary, targets: body.targets, measures: body.measures, evidence }));
      } else {
        // Every other step is the office's: checked before the form is read.
        const plan = await findPlanFor(deps.db, person, params.planId);
        if (body.intent === 'publicity') await publishResults(deps, plan.id, input(ZPublishResultsSchema, { year, workingDays: formNumber(body.workingDays) }), by);
        else if (body.intent === 'finalise') await finaliseResults(deps, plan.id, { year }, by);
        else if (body.intent === 'reopen') await reopenResults(deps, plan.id, input(ZReopenResultsSchema, { year, reason: body.reason }), by);
        else {
          const answer = input(ZAnswerObjectionSchema, { decision: body.intent === 'uphold' ? 'upheld' : 'rejected', answer: body.answer });
          await answerObjection(deps, plan.id, body.objectionId, answer, by);
        }
      }
      return reply.redirect(`/plans/${params.planId}/results/${year}?done=saved`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'CONFLICT')) throw err;
      const detail = (err.details as TIssue[] | null)?.[0];
      const problem = detail ? `${detail.path.replace(/^body\./, '')}：${detail.message}` : p.t.say(err.say);
      return reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(await renderResults(p, params.planId, year, { problem }));
    }
  },
});
