import { COMPARATOR_SIGNS, targetAttainment } from '../scoring/target-attainment';
import type { TComparator } from '../scoring/types';
import type { TLocale } from '../lib/text';
import { chartSay } from './chart-text';
import { CHART_COLOURS, CHART_TEXT, fitLabel, niceCeiling, numberText, renderChartSvg, STILL, type TChartOption } from './chart-svg';

export type TIndicatorChartIndicator = {
  /** 指标名称, e.g. 制造业产品质量合格率. */
  name: string;
  /** 计量单位, e.g. %, 个, 亿元; printed after every value. */
  unit?: string;
  /** How a value meets the target: gte ≥, gt >, lte ≤ (lower is better: 事故率, 投诉量), lt <, eq =. */
  comparator: TComparator;
  /** 基线: the value the plan starts from, where it gives one. */
  baseline?: number | null;
  target: number;
  /** The year the target is for (目标年份), as the report prints it: 2026年, 2028年（原定2020年） (domain/target-year). */
  targetBy?: string;
  /** Values reported period by period, in period order; null where the period has no value yet. */
  values: { period: string; value: number | null }[];
};

export type TIndicatorChartInput = {
  /** The chart's heading, e.g. 质量指标完成情况. */
  title: string;
  indicators: TIndicatorChartIndicator[];
  /** The reader's language for the notes under each indicator; Chinese unless given. */
  locale?: TLocale;
};

const HEADER = 44;
const PANEL = 226;
// What fits the chart's width at the name's and the note's type sizes.
const LINE_CHARS = { name: 26, note: 31 };

/**
 * Indicator attainment: one panel per indicator, one under another (a phone scrolls them), each with its reported
 * values by period as bars — green where the value meets the target, grey where it does not yet — the target as a red
 * dashed line and the baseline as a grey dotted one (named in the note under the indicator's name), every value printed
 * with its unit.
 */
export function renderIndicatorChart(input: TIndicatorChartInput): string {
  const count = Math.max(1, input.indicators.length);
  const option: TChartOption = {
    title: [
      { text: input.title, left: 'center', top: 8, textStyle: { fontSize: CHART_TEXT.title } },
      ...input.indicators.map((ind, i) => ({
        text: fitLabel(`${ind.name}${ind.unit ? chartSay(input.locale ?? 'zh', 'unitInName', { unit: ind.unit }) : ''}`, LINE_CHARS.name),
        subtext: facts(ind, input.locale ?? 'zh')
          .map((line) => fitLabel(line, LINE_CHARS.note))
          .join('\n'),
        left: 12,
        top: HEADER + i * PANEL,
        textStyle: { fontSize: CHART_TEXT.label },
        subtextStyle: { fontSize: CHART_TEXT.note, lineHeight: 18, color: '#444' },
      })),
    ],
    grid: input.indicators.map((_, i) => ({ left: 44, right: 16, top: HEADER + i * PANEL + 76, height: PANEL - 116 })),
    xAxis: input.indicators.map((ind, i) => ({
      type: 'category' as const,
      gridIndex: i,
      data: ind.values.map((v) => v.period),
      axisLabel: { fontSize: CHART_TEXT.note, interval: 0, hideOverlap: true },
    })),
    yAxis: input.indicators.map((ind, i) => ({
      type: 'value' as const,
      gridIndex: i,
      ...extent(ind),
      axisLabel: { fontSize: CHART_TEXT.note },
      splitLine: { lineStyle: { color: CHART_COLOURS.line } },
    })),
    series: input.indicators.map((ind, i) => ({
      ...STILL,
      type: 'bar' as const,
      name: ind.name,
      xAxisIndex: i,
      yAxisIndex: i,
      barMaxWidth: 40,
      data: ind.values.map((v) =>
        v.value === null
          ? null
          : { value: v.value, itemStyle: { color: targetAttainment(ind.comparator, ind.target, v.value, 1).met ? CHART_COLOURS.green : CHART_COLOURS.muted } },
      ),
      label: { show: true, position: 'top' as const, fontSize: CHART_TEXT.note, formatter: ({ value }: { value: unknown }) => withUnit(Number(value), ind.unit) },
      // Unlabelled: the line beside the bars' own labels would collide with them; the panel's note names both lines.
      markLine: {
        ...STILL,
        symbol: 'none',
        label: { show: false },
        data: [
          { yAxis: ind.target, lineStyle: { color: CHART_COLOURS.red, type: 'dashed' as const, width: 1.5 } },
          ...(ind.baseline === undefined || ind.baseline === null ? [] : [{ yAxis: ind.baseline, lineStyle: { color: '#666', type: 'dotted' as const, width: 1.5 } }]),
        ],
      },
    })),
  };
  return renderChartSvg(option, { height: HEADER + count * PANEL, label: input.title });
}

/** The note under the indicator's name: 基线 90%（灰点线） · 目标 ≥95%（红虚线，2026年）, then 最新 93.5%（三季度）. */
function facts(ind: TIndicatorChartIndicator, locale: TLocale): string[] {
  const latest = [...ind.values].reverse().find((v) => v.value !== null);
  const lines = [
    ind.baseline === undefined || ind.baseline === null ? null : chartSay(locale, 'baseline', { value: withUnit(ind.baseline, ind.unit) }),
    chartSay(locale, 'target', {
      value: `${COMPARATOR_SIGNS[ind.comparator]}${withUnit(ind.target, ind.unit)}`,
      by: ind.targetBy ? chartSay(locale, 'targetBy', { by: ind.targetBy }) : '',
    }),
  ];
  return [lines.filter(Boolean).join(' · '), latest ? chartSay(locale, 'latest', { value: withUnit(latest.value!, ind.unit), period: latest.period }) : chartSay(locale, 'noValue')];
}

const withUnit = (n: number, unit?: string) => `${numberText(n)}${unit ?? ''}`;

/** The value axis holds the bars, the target and the baseline: from 0 (or the lowest value below it) to a round top. */
function extent(ind: TIndicatorChartIndicator): { min: number; max: number } {
  const all = [ind.target, ind.baseline ?? ind.target, ...ind.values.map((v) => v.value ?? ind.target)];
  const low = Math.min(0, ...all);
  return { min: low < 0 ? -niceCeiling(-low) : 0, max: niceCeiling(Math.max(...all)) };
}
