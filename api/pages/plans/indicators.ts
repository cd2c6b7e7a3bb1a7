import { COMPARATOR_SIGNS } from '../../../scoring/target-attainment';
import { numberText } from '../../../report/chart-svg';
import { trendText, valuesText } from '../../../report/statistics-tables';
import { findPlanFor } from '../../../services/access/scope';
import { buildReport } from '../../../services/reports/build-report';
import { definePageRoute } from '../../route';
import { ZPlanParamsSchema } from '../../routes/plans/show.types';
import { html } from '../html';
import { layout, pageOf } from '../layout';
import { chartsCard } from './charts';

/**
 * 指标台账: every target per unit with its values by period (a correction shown beside the value sent), attainment and
 * trend, and the attainment chart. Corrections are made through POST /api/plans/:id/indicators/corrections.
 */
export const indicatorsPage = definePageRoute({
  method: 'GET',
  url: '/plans/:planId/indicators',
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  async handler({ req, deps, actor, params }) {
    const plan = await findPlanFor(deps.db, actor, params.planId);
    const report = await buildReport(deps.db, plan.id);
    const p = pageOf(req, deps);
    const { t } = p;
    const rows = report.indicators;
    return layout(p, {
      title: `${t('indicatorTable')} · ${plan.title}`,
      wide: true,
      body: html`<h1>${t('indicatorTable')} <small class="muted"><a href="/plans/${plan.id}">${plan.title}</a></small></h1>
<div class="table-wrap"><table id="indicators"><thead><tr><th>${t('ref')}</th><th>${t('indicatorTable')}</th><th>${t('unit')}</th><th>${t('indicatorBaseline')}</th><th>${t('indicatorTarget')}</th><th>${t('indicatorValues')}</th><th>${t('indicatorLatest')}</th><th>${t('indicatorAttained')}</th><th>${t('indicatorTrend')}</th></tr></thead><tbody>
${
  rows.length
    ? rows.map(
        (r) => html`<tr data-target="${r.targetId}" data-unit="${r.unitId}"><td>${r.measureRef}</td><td>${r.indicator}（${r.unit}）</td><td>${r.unitName} <small class="muted">${t.value(r.role)}</small></td><td>${
          r.baseline === null ? '—' : numberText(r.baseline)
        }</td><td>${COMPARATOR_SIGNS[r.comparator]}${numberText(r.target)}${r.targetBy ? html` <small class="muted">${r.targetBy}</small>` : ''}</td><td>${valuesText(r)}</td><td>${
          r.latest ? numberText(r.latest.value) : '—'
        }</td><td>${r.attainment === null ? '—' : html`<span class="badge c-${r.attainment.met ? 'green' : 'red'}">${r.attainment.met ? '✓' : `${numberText(r.attainment.ratio * 100)}%`}</span>`}</td><td>${trendText(r)}</td></tr>`,
      )
    : html`<tr><td colspan="9" class="muted">${t('noIndicators')}</td></tr>`
}</tbody></table></div>
${chartsCard(t, report, 'indicator-charts', ['attainment'])}`,
    });
  },
});
