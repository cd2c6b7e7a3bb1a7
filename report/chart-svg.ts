import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TitleComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml, visibleText } from '../lib/escape';
import { printWidth } from './print-width';

// Only what the three charts draw, so a chart costs milliseconds rather than loading all of ECharts' series.
use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

export type TChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TitleComponentOption
>;

/**
 * Chinese-capable faces on every platform a page or a printout meets (the pages' own list, then Linux's), single-quoted
 * because the SVG carries them inside a double-quoted style attribute.
 */
export const CHART_FONT = `system-ui,-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif`;

/**
 * Every chart is drawn 400 px wide, about a phone held upright, and scales to its container: on a 360 px phone it
 * shrinks by a seventh, so 12 px notes still read at 10 px; on a page or A4 it grows.
 */
export const CHART_WIDTH = 400;
/** Type sizes in the chart's own pixels. */
export const CHART_TEXT = { title: 16, label: 14, axis: 12, note: 12 } as const;

/** The colours of the pages (绿/黄/红 as the dashboard shows them), distinct in luminance so grey print tells them apart. */
export const CHART_COLOURS = {
  green: '#2e8b47',
  yellow: '#f0b400',
  red: '#c62828',
  neutral: '#5470c6',
  muted: '#9aa3b2',
  text: '#1d2330',
  line: '#dde1e8',
} as const;

/** Applied to every series: nothing reacts to a pointer, nothing animates, so the SVG is a still picture for print. */
export const STILL = { silent: true, animation: false, emphasis: { disabled: true } } as const;

/**
 * Renders an option to an SVG string with ECharts' server-side renderer: no DOM, no script, no animation. The root
 * element gets a viewBox and scales to its container (never wider than drawn), and names what it shows for screen
 * readers. ECharts escapes the text it draws; the title added here is escaped too.
 */
export function renderChartSvg(option: TChartOption, size: { height: number; label: string }): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: size.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#fff',
      textStyle: { fontFamily: CHART_FONT, color: CHART_COLOURS.text },
      ...option,
    });
    const label = escapeHtml(size.label);
    // ECharts escapes the text it draws; what could still disguise a name leaves the finished picture.
    return visibleText(
      chart
        .renderToSVGString({ useViewBox: true })
        .replace(/^<svg width="(\d+)" height="(\d+)"/, `<svg width="$1" height="$2" role="img" aria-label="${label}" style="max-width:100%;height:auto"`)
        .replace(/^(<svg[^>]*>)/, `$1<title>${label}</title>`)
        // zrender adds :hover rules for a pointer; a still picture has none, and a page of several charts no rules
        // that one chart's class names would carry over to another.
        .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    );
  } finally {
    chart.dispose();
  }
}

/** A round axis maximum a little above the largest value: 87 → 100, 0.93 → 1, 1234 → 1500. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const wanted = value * 1.02;
  const magnitude = 10 ** Math.floor(Math.log10(wanted));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * magnitude >= wanted - 1e-9)!;
  return Number((step * magnitude).toPrecision(12));
}

/** Numbers as the reports print them: up to two decimals, no trailing zeros beyond what the value has. */
export const numberText = (n: number) => String(Math.round(n * 100) / 100);

/**
 * A label cut to a width (in characters of its size, see `printWidth`) with an ellipsis: ECharts' own truncation
 * guesses text widths on the server and let long names run off the picture.
 */
export function fitLabel(text: string, chars: number): string {
  if (printWidth(text) <= chars) return text;
  let out = '';
  for (const ch of text) {
    if (printWidth(out + ch) > chars - 1) break;
    out += ch;
  }
  return `${out}…`;
}
