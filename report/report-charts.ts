import type { TLocale } from '../lib/text';
import { chartSay } from './chart-text';
import { renderColourChart } from './render-colour-chart';
import { renderIndicatorChart } from './render-indicator-chart';
import { renderRankingChart } from './render-ranking-chart';
import { unitStandings, type TReport } from './report-model';

export type TReportChart = { key: 'ranking' | 'on-time' | 'colours' | 'attainment'; title: string; svg: string };

/** The attainment chart draws one panel per indicator and unit; past this many a page would scroll for ever. */
export const MAX_INDICATOR_PANELS = 12;

/**
 * The charts every page and the html report show, from the same report the tables come from: units ranked by score
 * and by 按期完成率, measures by colour over time, and indicator attainment. Each is a self-contained SVG (no script).
 */
export function reportCharts(report: TReport, locale: TLocale = 'zh'): TReportChart[] {
  const charts: TReportChart[] = [];
  const standings = unitStandings(report);
  if (standings.length) {
    const title = chartSay(locale, 'ranking');
    charts.push({ key: 'ranking', title, svg: renderRankingChart({ title, locale, maxScore: report.scores.plan.maxPoints, units: standings.map((u) => ({ name: u.name, score: u.points })) }) });
  }
  const rated = report.statistics.units.filter((u) => u.onTimeRate.value !== null);
  if (rated.length) {
    const title = chartSay(locale, 'onTime');
    charts.push({ key: 'on-time', title, svg: renderRankingChart({ title, locale, maxScore: 100, units: rated.map((u) => ({ name: u.name, score: u.onTimeRate.value! })) }) });
  }
  if (report.colours.length) {
    const title = chartSay(locale, 'colours');
    charts.push({ key: 'colours', title, svg: renderColourChart({ title, locale, points: report.colours }) });
  }
  const shown = report.indicators.slice(0, MAX_INDICATOR_PANELS);
  if (shown.length) {
    const title = report.indicators.length > shown.length ? chartSay(locale, 'attainmentSome', { shown: shown.length, total: report.indicators.length }) : chartSay(locale, 'attainment');
    charts.push({
      key: 'attainment',
      title,
      svg: renderIndicatorChart({
        title,
        locale,
        indicators: shown.map((r) => ({
          name: `${r.indicator}·${r.unitName}`,
          unit: r.unit,
          comparator: r.comparator,
          baseline: r.baseline,
          target: r.target,
          ...(r.targetBy ? { targetBy: r.targetBy } : {}),
          values: r.values.map((v) => ({ period: v.period, value: v.value })),
        })),
      }),
    });
  }
  return charts;
}
