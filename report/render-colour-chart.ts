import { CHART_COLOURS, CHART_TEXT, niceCeiling, renderChartSvg, STILL, type TChartOption } from './chart-svg';
import type { TLocale } from '../lib/text';
import { chartSay } from './chart-text';
import { COLOUR_TEXTS, type TColour } from './report-model';

export type TColourChartInput = {
  /** The chart's heading, e.g. 措施红黄绿灯变化. */
  title: string;
  /** Counts of measures in each colour on each date (ISO yyyy-mm-dd), in date order. */
  points: { date: string; green: number; yellow: number; red: number }[];
  /** The reader's language for the axis, legend and dates; Chinese unless given. */
  locale?: TLocale;
};

const HEIGHT = 320;
const GRID = { left: 44, right: 12, top: 72, bottom: 56 };
// A part of a bar shorter than this (in the chart's pixels) has no room for its number.
const LABEL_ROOM = 14;
// Up to this many dates each is a bar with its counts printed; beyond, the counts become a stacked area.
const MAX_BARS = 24;
// Green at the bottom, red on top, as a pile of measures in trouble grows upward.
const ORDER: TColour[] = ['green', 'yellow', 'red'];

/**
 * Measures by colour over time: a stacked bar per date (counts printed in each part), or a stacked area once there
 * are more dates than bars can carry legibly. Dates print as 3月31日, with the year when the dates span more than one.
 */
export function renderColourChart(input: TColourChartInput): string {
  const years = new Set(input.points.map((p) => p.date.slice(0, 4)));
  const locale = input.locale ?? 'zh';
  const label = (iso: string) =>
    chartSay(locale, years.size > 1 ? 'dateWithYear' : 'date', { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });
  const bars = input.points.length <= MAX_BARS;
  const top = niceCeiling(Math.max(1, ...input.points.map((p) => p.green + p.yellow + p.red)));
  const pixelsPerMeasure = (HEIGHT - GRID.top - GRID.bottom) / top;
  const option: TChartOption = {
    title: { text: input.title, left: 'center', top: 8, textStyle: { fontSize: CHART_TEXT.title } },
    legend: { top: 36, data: ORDER.map((c) => COLOUR_TEXTS[c][locale]), selectedMode: false, textStyle: { fontSize: CHART_TEXT.axis } },
    grid: GRID,
    xAxis: {
      type: 'category',
      data: input.points.map((p) => label(p.date)),
      boundaryGap: bars,
      axisLabel: { fontSize: CHART_TEXT.note, hideOverlap: true, rotate: input.points.length > 8 ? 30 : 0 },
    },
    yAxis: {
      type: 'value',
      name: chartSay(locale, 'measureCount'),
      minInterval: 1,
      max: top,
      nameTextStyle: { fontSize: CHART_TEXT.note },
      axisLabel: { fontSize: CHART_TEXT.axis },
      splitLine: { lineStyle: { color: CHART_COLOURS.line } },
    },
    series: ORDER.map((c) => {
      const common = { ...STILL, name: COLOUR_TEXTS[c][locale], stack: 'colours', data: input.points.map((p) => p[c]) };
      return bars
        ? {
            ...common,
            type: 'bar' as const,
            barMaxWidth: 36,
            itemStyle: { color: CHART_COLOURS[c] },
            label: {
              show: true,
              position: 'inside' as const,
              fontSize: CHART_TEXT.note,
              color: c === 'yellow' ? '#000' : '#fff',
              formatter: ({ value }: { value: unknown }) => (Number(value) * pixelsPerMeasure >= LABEL_ROOM ? String(value) : ''),
            },
          }
        : { ...common, type: 'line' as const, symbol: 'none', lineStyle: { width: 1, color: CHART_COLOURS[c] }, itemStyle: { color: CHART_COLOURS[c] }, areaStyle: { color: CHART_COLOURS[c], opacity: 0.85 } };
    }),
  };
  return renderChartSvg(option, { height: HEIGHT, label: input.title });
}
