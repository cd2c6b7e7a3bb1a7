import { shanghaiDate } from '../../../calendar/working-days';
import { planSettingsOf } from '../../../domain/plan-settings';
import { planToday } from '../../../services/assessment/assessment-year';
import { findPlanFor, findPlanToRead, isCoordinator, requirePlanReader } from '../../../services/access/scope';
import { closePlan, ZClosePlanSchema } from '../../../services/plans/close-plan';
import { recordedActor, requireActor } from '../../auth/actor';
import { listPlanNotices } from '../../../services/notices/list-notices';
import { listReviews } from '../../../services/reviews/list-reviews';
import { definePageRoute, parsePart } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { loadDashboard, MEASURE_STATES, ZDashboardFilterSchema, type TDashboardFilter } from '../../views/dashboard';
import { ZConfirmedReasonFormSchema, ZFlashSchema } from '../forms';
import { html, type Raw } from '../html';
import { csrfField, layout, pageOf, type TPage } from '../layout';
import { buildReport } from '../../../services/reports/build-report';
import { chartsCard, statisticsCard } from './charts';
import { launchProgress } from './launch-progress';
import { planNoticesCard } from './notices';
import { reviewQueueCard } from './reviews';

const COLOURS = ['green', 'yellow', 'red'] as const;

const filterUrl = (planId: string, f: TDashboardFilter) => {
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]);
  return `/plans/${planId}${q.size ? `?${q}` : ''}`;
};

export const dashboardPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: ZDashboardFilterSchema.extend({ done: ZFlashSchema }),
  async handler({ req, deps, actor, params, query }) {
    const plan = await findPlanToRead(deps.db, actor, params.planId);
    const { done, ...filter } = query;
    const d = await loadDashboard(deps.db, plan.id, filter);
    const p = pageOf(req, deps);
    const { t } = p;
    const queue = await listReviews(deps.db, requirePlanReader(actor), { planId: plan.id, limit: 200 });
    // Statistics and charts exist once measures run; a draft has nothing reported to count.
    const report = d.plan.status === 'draft' ? null : await buildReport(deps.db, plan.id);
    const notices = d.plan.status === 'draft' ? null : await listPlanNotices(deps.db, plan.id);
    const launching = await launchProgress(p, deps, actor, d.plan, { total: d.total - d.byState.cancelled, unassigned: d.byState.draft });
    // A launched plan's measure still in draft is waiting for its workflow to assign it, not a draft to edit.
    const stateName = (state: string) => t.value(state === 'draft' && d.plan.status !== 'draft' ? 'unassigned' : state);
    // A leader reads the dashboard: it links only to pages a leader may open (no review, audit, indicators, rubric or
    // managing a measure, which are the office's).
    const office = isCoordinator(requirePlanReader(actor));
    return layout(p, {
      title: `${t('dashboard')} · ${d.plan.title}`,
      wide: true,
      flash: done ? t(done) : null,
      body: html`<h1>${d.plan.title} <small class="muted">${d.plan.year} · ${t.value(d.plan.status)} · ${
        office
          ? html`<a href="/plans/${d.plan.id}/review">${t('review')}</a> · <a href="/plans/${d.plan.id}/audit">${t('auditTrail')}</a> · <a href="/plans/${d.plan.id}/indicators">${t('indicatorTable')}</a> · <a href="/plans/${d.plan.id}/rubric">${t('rubricTitle')}</a> · `
          : ''
      }${t('scores')}：<a href="/api/plans/${d.plan.id}/report?format=html">HTML</a> <a href="/api/plans/${d.plan.id}/report?format=xlsx">Excel</a> <a href="/api/plans/${d.plan.id}/report?format=csv">CSV</a></small></h1>
${launching}
${closing(p, plan, office, deps.now())}
${d.plan.status === 'draft' ? '' : reviewQueueCard(p, d.plan.id, queue)}
${
  d.pendingExtensions.length
    ? html`<section class="card warn" id="pending-extensions"><h2>${t('pendingExtensions')}（${d.pendingExtensions.length}）</h2><ul>${d.pendingExtensions.map(
        (e) => html`<li data-extension="${e.id}">${office ? html`<a href="/plans/${d.plan.id}/measures/${e.measureId}#extensions">${e.ref} ${e.title}</a>` : `${e.ref} ${e.title}`} · <b>${e.unit}</b> · ${t.period(e.period)}：${e.originalDue} → ${e.requestedDue}
<br><small class="muted">${t('requestedOn')} ${shanghaiDate(new Date(e.requestedAt))} · ${t('reason')}：${e.reason}</small></li>`,
      )}</ul></section>`
    : ''
}
<h2>${t('countsByColour')}</h2><div class="counts" id="counts-colour">${COLOURS.map(
        (c) => html`<a href="${filterUrl(d.plan.id, { ...filter, colour: c })}" class="c-${c}" data-colour="${c}"><b>${d.byColour[c]}</b>${t.value(c)}</a>`,
      )}</div>
<h2>${t('countsByState')}</h2><div class="counts" id="counts-state">${MEASURE_STATES.filter((s) => d.byState[s] > 0 || s === 'overdue' || s === 'escalated').map(
        (s) => html`<a href="${filterUrl(d.plan.id, { ...filter, state: s })}" data-state="${s}"><b>${d.byState[s]}</b>${stateName(s)}</a>`,
      )}</div>
<form method="get" action="/plans/${d.plan.id}" class="card"><div class="row">
<div><label for="f-colour">${t('colour')}</label><select id="f-colour" name="colour"><option value="">${t('all')}</option>${COLOURS.map((c) => html`<option value="${c}"${filter.colour === c ? ' selected' : ''}>${t.value(c)}</option>`)}</select></div>
<div><label for="f-state">${t('state')}</label><select id="f-state" name="state"><option value="">${t('all')}</option>${MEASURE_STATES.map((s) => html`<option value="${s}"${filter.state === s ? ' selected' : ''}>${stateName(s)}</option>`)}</select></div>
<div><label for="f-unit">${t('unit')}</label><input id="f-unit" name="unit" value="${filter.unit ?? ''}"></div>
<div><label for="f-q">${t('search')}</label><input id="f-q" name="q" value="${filter.q ?? ''}" type="search"></div>
</div><p><button type="submit">${t('filter')}</button> <span class="muted">${d.rows.length} / ${d.total}</span></p></form>
<div class="table-wrap"><table id="measures"><thead><tr><th>${t('ref')}</th><th>${t('measure')}</th><th>${t('units')}</th><th>${t('due')}</th><th>${t('colour')}</th><th>${t('state')}</th></tr></thead><tbody>
${
  d.rows.length
    ? d.rows.map(
        (r) => html`<tr data-measure="${r.id}"><td>${r.ref}${r.state === 'draft' ? '' : html`<br>${office ? html`<a href="/plans/${d.plan.id}/measures/${r.id}" class="manage">${t('manage')}</a> ` : ''}<a href="/measures/${r.id}/instruct" class="instruct">${t('instructWrite')}</a>`}</td><td>${r.title}</td><td>${r.assignments.map(
          (a) =>
            html`<div>${a.id.startsWith('party-') ? a.unit : html`<a href="/items/${a.id}">${a.unit}</a>`} <small class="muted">${t.value(a.role)}${a.state === 'cancelled' ? html` · ${t.value('cancelled')}` : ''}</small>${
              a.latest ? html` <span class="latest" title="${a.latest.submittedAt}">${a.latest.percent}% · ${t.value(a.latest.status)}</span>` : ''
            }</div>`,
        )}</td><td>${r.due}</td><td><span class="badge c-${r.colour}">${t.value(r.colour)}</span></td><td>${stateName(r.state)}</td></tr>`,
      )
    : html`<tr><td colspan="6" class="muted">${t('noneMatch')}</td></tr>`
}</tbody></table></div>
${report ? statisticsCard(t, report) : ''}
${report ? chartsCard(t, report) : ''}
${notices ? planNoticesCard(p, plan.id, notices, isCoordinator(requirePlanReader(actor))) : ''}`,
    });
  },
});

type TPlanRow = Awaited<ReturnType<typeof findPlanToRead>>;

/**
 * A closed plan says so, when and why, at the top; a launched one offers its coordinators the close once its period is
 * over (before then, the day it can be closed), with a reason and a confirmation.
 */
function closing(p: TPage, plan: TPlanRow, office: boolean, now: Date): Raw | string {
  const { t } = p;
  if (plan.status === 'closed') {
    const date = plan.closedAt ? planToday(plan.clock, plan.closedAt) : '';
    return html`<p class="flash warn" id="plan-closed" role="status">${t.fill('planClosedNotice', { date, reason: plan.closeReason ?? '' })}</p>`;
  }
  if (plan.status !== 'launched' || !office) return '';
  const { period } = planSettingsOf(plan, ['period']);
  if (planToday(plan.clock, now) <= period.to) return html`<p class="muted" id="close-after">${t.fill('closePlanAfter', { to: period.to })}</p>`;
  return html`<details class="card danger" id="close-plan"><summary>${t('closePlan')}</summary><p class="muted">${t('closePlanHelp')}</p>
<form method="post" action="/plans/${plan.id}/close">${csrfField(p)}
<label for="close-reason">${t('reason')}</label><textarea id="close-reason" name="reason" rows="2" required maxlength="2000"></textarea>
<label class="confirm"><input type="checkbox" name="confirm" value="yes" required> ${t('closePlanConfirm')}</label>
<p><button type="submit" class="danger" id="close-plan-submit">${t('closePlan')}</button></p></form></details>`;
}

export const closePlanSubmit = definePageRoute({
  method: 'POST',
  url: '/plans/:planId/close',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  body: ZConfirmedReasonFormSchema,
  async handler({ reply, deps, actor, params, body, locale }) {
    const person = requireActor(actor);
    const plan = await findPlanFor(deps.db, person, params.planId);
    await closePlan(deps, plan.id, parsePart(ZClosePlanSchema, { reason: body.reason }, 'body', locale), recordedActor(person));
    return reply.redirect(`/plans/${plan.id}?done=planClosedFlash`, 303);
  },
});
