import { CHART_COLOURS, CHART_TEXT, fitLabel, niceCeiling, renderChartSvg, STILL, type TChartOption } from './chart-svg';
import type { TLocale } from '../lib/text';
import { chartSay } from './chart-text';
import { printWidth } from './print-width';
import { ranked, scoreText } from './report-model';

export type TRankingChartInput = {
  /** The chart's heading, e.g. 2026年度质量工作考核得分排名. */
  title: string;
  /** The axis runs from 0 to this (the 方案's full marks); by default a round number above the best score. */
  maxScore?: number;
  /**
   * The units and their scores. With a class on any unit (分类考核: 区县, 部门), units are ranked within their class,
   * the classes one after another in the order they first appear, each in its own colour with a legend.
   */
  units: { name: string; score: number; class?: string }[];
  /** The reader's language for what the chart itself says; Chinese unless given. */
  locale?: TLocale;
};

const ROW = 26;
const PALETTE = [CHART_COLOURS.neutral, '#e07b39', '#3ba272', '#9a60b4', '#73c0de'];
// A name longer than this many characters is cut with an ellipsis rather than squeezing the bars.
const MAX_LABEL_CHARS = 11;

/**
 * Units by score as horizontal bars, best at the top, each bar labelled with its score (two decimals, as the reports
 * print them) and each unit with its rank (ties share one: 1, 1, 3).
 */
export function renderRankingChart(input: TRankingChartInput): string {
  const grouped = input.units.some((u) => u.class);
  const classOf = (u: { class?: string }) => (grouped ? (u.class ?? chartSay(input.locale ?? 'zh', 'otherClass')) : '');
  const classes = [...new Set(input.units.map(classOf))];
  const rows = classes.flatMap((c) => ranked(input.units.filter((u) => classOf(u) === c), (u) => u.score).map((u) => ({ ...u, class: c })));
  const labels = rows.map((r) => fitLabel(`${r.rank}. ${r.name}`, MAX_LABEL_CHARS));
  const labelWidth = Math.max(4, ...labels.map(printWidth)) * CHART_TEXT.label;
  const top = grouped ? 72 : 48;
  const height = top + Math.max(1, rows.length) * ROW + 36;
  const best = Math.max(0, ...rows.map((r) => r.score));

  const option: TChartOption = {
    title: { text: input.title, left: 'center', top: 8, textStyle: { fontSize: CHART_TEXT.title } },
    legend: grouped ? { top: 38, data: classes, selectedMode: false, textStyle: { fontSize: CHART_TEXT.axis } } : undefined,
    grid: { left: labelWidth + 14, right: 48, top, bottom: 36 },
    xAxis: {
      type: 'value',
      min: 0,
      max: input.maxScore ?? niceCeiling(best),
      axisLabel: { fontSize: CHART_TEXT.axis },
      splitLine: { lineStyle: { color: CHART_COLOURS.line } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisTick: { show: false },
      axisLabel: { fontSize: CHART_TEXT.label, interval: 0 },
    },
    // One series per class, stacked so each row holds one bar in the middle of its band.
    series: classes.map((c, i) => ({
      ...STILL,
      type: 'bar',
      name: c,
      stack: 'rank',
      barMaxWidth: 18,
      itemStyle: { color: PALETTE[i % PALETTE.length] },
      label: { show: true, position: 'right', fontSize: CHART_TEXT.note, formatter: ({ value }: { value: unknown }) => scoreText(Number(value)) },
      data: rows.map((r) => (r.class === c ? r.score : null)),
    })),
  };
  return renderChartSvg(option, { height, label: input.title });
}
