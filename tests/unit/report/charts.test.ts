import { describe, expect, it } from 'vitest';
import { niceCeiling } from '../../../report/chart-svg';
import { renderColourChart } from '../../../report/render-colour-chart';
import { renderIndicatorChart, type TIndicatorChartIndicator } from '../../../report/render-indicator-chart';
import { renderRankingChart } from '../../../report/render-ranking-chart';

/** The text of every <text> element, decoded, in drawing order. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!),
  );
/** Bars as ECharts draws them, a closed rectangle path: where it starts, how wide and tall, its colour. */
const bars = (svg: string) =>
  [...svg.matchAll(/<path d="M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) 0l0 (-?[\d.]+)l-?[\d.]+ 0Z" fill="(#[0-9a-f]{6})" ecmeta_series_index/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    fill: m[5]!,
  }));

const HOSTILE_NAME = `<script>alert(1)</script>&amp;"局'</style><img src=x onerror=alert(2)>`;
const SUZHOU = [
  { name: '张家港市', score: 96.5, class: '区县' },
  { name: '常熟市', score: 88.25, class: '区县' },
  { name: '昆山市', score: 91, class: '区县' },
  { name: '太仓市', score: 88.25, class: '区县' },
  { name: '市市场监管局', score: 93.4, class: '部门' },
  { name: '市交通运输局', score: 71.05, class: '部门' },
];

function expectStill(svg: string) {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg).toMatch(/viewBox="0 0 400 \d+"/);
  expect(svg).not.toMatch(/<script|<style|<foreignObject|<animate|<set\b|<a\b|href=|javascript:/i);
  // No attribute is an event handler (onclick, onload, onmouseover…).
  expect([...svg.matchAll(/\s([a-zA-Z_:-]+)="/g)].map((m) => m[1]!).filter((a) => /^on/i.test(a))).toEqual([]);
}

describe('the ranking chart', () => {
  it('lists units best first with their ranks, prints each score, and draws bars as long as the scores', () => {
    const svg = renderRankingChart({ title: '2026年度得分排名', maxScore: 100, units: SUZHOU.map(({ name, score }) => ({ name, score })) });
    expectStill(svg);
    const shown = texts(svg);
    // Ties share a rank and are listed by name (常熟 before 太仓 in pinyin order of the collation).
    const labels = ['1. 张家港市', '2. 市市场监管局', '3. 昆山市', '4. 常熟市', '4. 太仓市', '6. 市交通运输局'];
    expect(shown.filter((t) => /^\d+\. /.test(t))).toEqual(labels);
    expect(shown).toEqual(expect.arrayContaining(['96.50', '93.40', '91.00', '88.25', '71.05', '2026年度得分排名']));
    const drawn = bars(svg);
    expect(drawn).toHaveLength(6);
    // Top to bottom as listed, each as long as its score on the 0–100 axis.
    expect(drawn.map((b) => b.y)).toEqual([...drawn.map((b) => b.y)].sort((a, b) => a - b));
    const perPoint = drawn[0]!.width / 96.5;
    [96.5, 93.4, 91, 88.25, 88.25, 71.05].forEach((score, i) => expect(drawn[i]!.width).toBeCloseTo(score * perPoint, 0));
    expect(drawn[3]!.width).toBe(drawn[4]!.width);
  });

  it('ranks 区县 and 部门 apart, one after the other, each in its own colour, with a legend', () => {
    const svg = renderRankingChart({ title: '分类考核排名', maxScore: 100, units: SUZHOU });
    const shown = texts(svg);
    expect(shown.filter((t) => /^\d+\. /.test(t))).toEqual(['1. 张家港市', '2. 昆山市', '3. 常熟市', '3. 太仓市', '1. 市市场监管局', '2. 市交通运输局']);
    expect(shown).toEqual(expect.arrayContaining(['区县', '部门']));
    const drawn = bars(svg);
    expect(new Set(drawn.slice(0, 4).map((b) => b.fill)).size).toBe(1);
    expect(new Set(drawn.slice(4).map((b) => b.fill)).size).toBe(1);
    expect(drawn[0]!.fill).not.toBe(drawn[4]!.fill);
    // A class’s bars share one left edge with the other’s: a row holds one bar, not two side by side.
    expect(new Set(drawn.map((b) => b.x)).size).toBe(1);
  });

  it('keeps a hostile unit name as text: escaped, drawn as typed (cut to fit), and never markup', () => {
    const svg = renderRankingChart({ title: `排名</title><script>x</script>`, units: [{ name: HOSTILE_NAME, score: 80 }, { name: '"乙"&', score: 70 }] });
    expectStill(svg);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('</style><');
    const shown = texts(svg);
    expect(shown[shown.findIndex((t) => t.startsWith('1. '))]).toBe('1. <script>alert(1)<…');
    expect(shown).toContain('2. "乙"&');
    expect(svg).toContain('<title>排名&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
    expect(svg).toContain('aria-label="排名&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"');
  });

  it('draws 100 units, one row each', () => {
    const units = Array.from({ length: 100 }, (_, i) => ({ name: `第${i + 1}单位`, score: 100 - i * 0.75 }));
    const svg = renderRankingChart({ title: '百家单位', units });
    const drawn = bars(svg);
    expect(drawn).toHaveLength(100);
    expect(drawn.every((b, i) => i === 0 || b.width < drawn[i - 1]!.width)).toBe(true);
  });
});

describe('the colours-over-time chart', () => {
  const points = [
    { date: '2026-03-31', green: 40, yellow: 6, red: 0 },
    { date: '2026-06-30', green: 35, yellow: 8, red: 3 },
    { date: '2026-09-30', green: 30, yellow: 9, red: 7 },
  ];

  it('stacks green, yellow and red per date, prints the counts, and the parts are as tall as the counts', () => {
    const svg = renderColourChart({ title: '措施红黄绿灯', points });
    expectStill(svg);
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['3月31日', '6月30日', '9月30日', '绿', '黄', '红', '措施数']));
    expect(shown).toEqual(expect.arrayContaining(['40', '6', '35', '8', '30', '9', '7']));
    const drawn = bars(svg).filter((b) => b.height !== 0);
    const fills = { green: '#2e8b47', yellow: '#f0b400', red: '#c62828' };
    const perMeasure = Math.abs(drawn.find((b) => b.fill === fills.green)!.height) / 40;
    for (const [colour, fill] of Object.entries(fills)) {
      const counts = points.map((p) => p[colour as keyof typeof fills]).filter((n) => n > 0);
      expect(drawn.filter((b) => b.fill === fill).map((b) => Math.round(Math.abs(b.height) / perMeasure))).toEqual(counts);
    }
  });

  it('prints the year when the dates span two, and a long run of dates as a stacked area', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ date: new Date(Date.UTC(2026, 11, 1 + i)).toISOString().slice(0, 10), green: 10, yellow: 2, red: i % 3 }));
    const svg = renderColourChart({ title: '跨年', points: many });
    expectStill(svg);
    expect(texts(svg).some((t) => t.startsWith('2027年1月'))).toBe(true);
    expect(bars(svg)).toHaveLength(0);
  });
});

describe('the indicator attainment chart', () => {
  const rate: TIndicatorChartIndicator = {
    name: '制造业产品质量合格率',
    unit: '%',
    comparator: 'gte',
    baseline: 92.1,
    target: 95,
    targetBy: '2026年',
    values: [
      { period: '一季度', value: 93.2 },
      { period: '二季度', value: 95.3 },
      { period: '三季度', value: null },
    ],
  };
  const complaints: TIndicatorChartIndicator = {
    name: '万人消费投诉量',
    unit: '件',
    comparator: 'lte',
    target: 9,
    values: [
      { period: '上半年', value: 10.5 },
      { period: '下半年', value: 8.7 },
    ],
  };

  it('shows each indicator’s baseline, target and reported values, green where the target is met (lower is better too)', () => {
    const svg = renderIndicatorChart({ title: '质量指标完成情况', indicators: [rate, complaints] });
    expectStill(svg);
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['制造业产品质量合格率（%）', '万人消费投诉量（件）', '93.2%', '95.3%', '10.5件', '8.7件', '一季度', '二季度', '三季度', '上半年', '下半年']));
    expect(shown).toEqual(expect.arrayContaining(['基线 92.1%（灰点线） · 目标 ≥95%（红虚线，2026年）', '最新 95.3%（二季度）', '目标 ≤9件（红虚线）', '最新 8.7件（下半年）']));
    const drawn = bars(svg);
    // 93.2 misses ≥95, 95.3 meets it; 10.5 misses ≤9, 8.7 meets it; the empty period draws nothing.
    expect(drawn.map((b) => b.fill)).toEqual(['#9aa3b2', '#2e8b47', '#9aa3b2', '#2e8b47']);
    const [q1, q2] = drawn;
    expect(Math.abs(q2!.height) / Math.abs(q1!.height)).toBeCloseTo(95.3 / 93.2, 2);
    // The target and the baseline as lines across the first panel: dashed red, dotted grey.
    expect(svg).toMatch(/stroke="#c62828"[^>]*stroke-dasharray/);
    expect(svg).toMatch(/stroke="#666"[^>]*stroke-dasharray/);
  });

  it('keeps hostile indicator names and periods as text', () => {
    const svg = renderIndicatorChart({ title: '指标', indicators: [{ ...complaints, name: `<b>投诉</b>&`, unit: `"件"`, values: [{ period: `</text><script>`, value: 3 }] }] });
    expectStill(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['<b>投诉</b>&（"件"）', '</text><script>', '3"件"']));
  });
});

describe('round axis ends', () => {
  it.each([
    [87, 100],
    [96.5, 100],
    [0.93, 1],
    [1234, 1500],
    [46, 50],
    [0, 1],
  ])('%d → %d', (value, top) => expect(niceCeiling(value)).toBe(top));
});

describe('charts in the reader’s language', () => {
  it('draws the colours chart’s legend, axis and dates in English for an English page', () => {
    const svg = renderColourChart({ title: 'Measures by colour over time', locale: 'en', points: [{ date: '2026-03-31', green: 4, yellow: 1, red: 0 }, { date: '2027-01-15', green: 3, yellow: 1, red: 1 }] });
    expectStill(svg);
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['green', 'yellow', 'red', 'Measures', '2026/3/31', '2027/1/15']));
    expect(shown.join('')).not.toMatch(/[绿黄红措施月日]/);
  });

  it('writes the indicator notes in English, with the numbers as in Chinese', () => {
    const svg = renderIndicatorChart({
      title: 'Indicator attainment',
      locale: 'en',
      indicators: [{ name: '合格率', unit: '%', comparator: 'gte', baseline: 85, target: 93, targetBy: '2020', values: [{ period: '2019-final', value: 90 }] }],
    });
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['合格率 (%)', 'baseline 85% (dotted) · target ≥93% (dashed, 2020)', 'latest 90% (2019-final)', '90%']));
    const none = texts(renderIndicatorChart({ title: 'x', locale: 'en', indicators: [{ name: '投诉量', comparator: 'lte', target: 9, values: [{ period: 'H1', value: null }] }] }));
    expect(none).toContain('no value reported yet');
  });

  it('names units without a class “Other” when the others are ranked in classes', () => {
    const svg = renderRankingChart({ title: 'Units ranked', locale: 'en', units: [{ name: 'A', score: 90, class: '区县' }, { name: 'B', score: 80 }] });
    expect(texts(svg)).toContain('Other');
  });
});
