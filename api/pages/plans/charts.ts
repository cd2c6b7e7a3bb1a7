import { numberText } from '../../../report/chart-svg';
import { reportCharts, type TReportChart } from '../../../report/report-charts';
import type { TReport } from '../../../report/report-model';
import { rateText, STATISTIC_DEFINITIONS, type TStatistics } from '../../../report/statistics';
import { html, Raw } from '../html';
import type { TTranslate } from '../i18n';

/**
 * The report's charts as server-rendered SVG (no script, inline styles only, as the pages' CSP allows), each scaled to
 * the card's width so it reads on a phone.
 */
export function chartsCard(t: TTranslate, report: TReport, id = 'charts', only?: readonly TReportChart['key'][], heading: string = t('charts')): Raw {
  const charts = reportCharts(report, t.locale).filter((c) => !only || only.includes(c.key));
  if (!charts.length) return html``;
  // The SVG comes from ECharts' renderer through renderChartSvg, which escapes every text it draws.
  return html`<section class="card" id="${id}"><h2>${heading}</h2>${charts.map(
    (c) => html`<figure class="chart" data-chart="${c.key}" style="margin:0 0 1em;max-width:640px">${new Raw(c.svg)}</figure>`,
  )}</section>`;
}

/** The plan's statistics, each with its formula and what counts written beside it (the one home: STATISTIC_DEFINITIONS). */
export function statisticsCard(t: TTranslate, report: TReport): Raw {
  const s = report.statistics;
  const d = STATISTIC_DEFINITIONS;
  const cells = (x: TStatistics) =>
    html`<td>${rateText(x.onTimeRate)}</td><td>${rateText(x.overdueRate)}</td><td>${rateText(x.returnRate)}</td><td>${
      x.daysToDone.value === null ? '—' : numberText(x.daysToDone.value)
    }（${x.daysToDone.count}）</td><td>${x.escalations.total}</td><td>${rateText(x.attainment)}</td>`;
  const keys = ['onTimeRate', 'overdueRate', 'returnRate', 'daysToDone', 'escalations', 'attainment'] as const;
  return html`<section class="card" id="statistics"><h2>${t('statistics')}</h2><div class="table-wrap"><table><thead><tr><th>${t('statisticsScope')}</th>${keys.map(
    (k) => html`<th>${d[k].name}</th>`,
  )}</tr></thead><tbody>
<tr data-scope="plan"><td>${t('wholePlan')}</td>${cells(s.plan)}</tr>
${s.units.map((u) => html`<tr data-unit="${u.unitId}"><td>${u.name}</td>${cells(u)}</tr>`)}
${s.periods.map((p) => html`<tr data-period="${p.period}"><td>${t.period(p.period)}</td>${cells(p)}</tr>`)}
</tbody></table></div>
<dl class="definitions">${keys.map((k) => html`<dt>${d[k].name} = ${d[k].formula}</dt><dd class="muted">${d[k].counts}</dd>`)}</dl></section>`;
}
