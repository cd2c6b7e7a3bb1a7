import { reportCharts } from './report-charts';
import { reportTables, type TCell, type TColumn, type TTable } from './tables';
import { cssString, escapeHtml as escape } from '../lib/escape';
import { assessedText, dateText, gradeBandsText, scoreCaveat, scoreText, type TReport } from './report-model';

/**
 * A self-contained page that prints on A4 as a document to file: `@page { size: A4 }` with margins, the plan's title
 * at the head of every page and 第 N 页 共 M 页 at its foot, repeated table headers, rows that do not split across
 * pages, each view starting on a new page, colours kept when printing, and a signature block at the end. Wide views
 * print in landscape via a named page; the title block prints on the first view's page, not on a page of its own.
 */
export function renderHtml(report: TReport): string {
  const { plan, scores } = report;
  const caveat = scoreCaveat(report);
  const facts = [
    plan.issuer ? `发文单位：${plan.issuer}` : null,
    `考核范围：${assessedText(report)}`,
    `评分截至：${dateText(report.asOf)}`,
    `考核细则：第 ${scores.rubricVersion} 版`,
  ].filter((f): f is string => f !== null);
  const header = `<header>
<h1>${escape(plan.title)}</h1>
<p class="subtitle">考核结果（${escape(assessedText(report))}）</p>
<p class="meta">${facts.map(escape).join('　')}</p>
<p class="total">计划得分 <strong>${scoreText(scores.plan.points)}</strong> 分（满分 ${scoreText(scores.plan.maxPoints)} 分），等级：<strong>${escape(scores.plan.grade)}</strong></p>
<p class="bands">等级划分：${escape(gradeBandsText(report))}。得分均保留两位小数。</p>
${caveat ? `<p class="caveat">注：${escape(caveat)}</p>\n` : ''}</header>`;
  const tables = reportTables(report);
  // The signature block closes the last view, on its page, rather than printing alone on one of its own.
  const sections = tables.map((table, i) => section(table, i === 0 ? header : '', i === tables.length - 1 ? SIGNATURES : ''));
  // The charts follow the league table they draw, on a page of their own when printed.
  sections.splice(1, 0, chartsSection(report));
  // The one piece of data in the style sheet: no browser prints a page margin's text from the document (string-set),
  // so the title goes in as a CSS string, escaped so it can end neither the string nor the <style> element.
  const runningHead = cssString(`${plan.title} · 考核结果（截至 ${dateText(report.asOf)}）`);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(plan.title)} · 考核结果 · ${dateText(report.asOf)}</title>
<style>
@page { size: A4; margin: 18mm 15mm 16mm;
  @top-center { content: ${runningHead}; font-size: 8pt; color: #444; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 8pt; } }
@page wide { size: A4 landscape; margin: 16mm 12mm 14mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; margin: 1rem; }
header { text-align: center; margin: 0 0 1em; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
header p { margin: .2em 0; }
.subtitle { font-size: 13pt; }
.caveat { font-weight: bold; }
h2 { font-size: 13pt; margin: 1.2em 0 .2em; border-bottom: 1px solid #000; }
header + h2 { margin-top: .6em; }
.note { margin: 0 0 .4em; font-size: 9pt; color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: 2px 4px; vertical-align: top; overflow-wrap: anywhere; }
th { background: #d9e1f2; white-space: nowrap; }
td.number { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.red { background: #ffc7ce; } td.yellow { background: #ffeb9c; } td.green { background: #c6efce; }
td.grade-excellent { background: #c6efce; } td.grade-failing { background: #ffc7ce; }
.empty { color: #555; }
figure.chart { margin: .8em auto; max-width: 640px; break-inside: avoid; }
.sign { margin-top: 2.5em; display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 1.6em 2em; break-inside: avoid; }
.sign p { margin: 0; white-space: nowrap; }
@media print {
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  section.wide { page: wide; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2, .note { break-after: avoid; }
}
</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}

function chartsSection(report: TReport): string {
  const charts = reportCharts(report);
  const body = charts.length ? charts.map((c) => `<figure class="chart" id="chart-${c.key}">${c.svg}</figure>`).join('\n') : '<p class="empty">无</p>';
  return `<section id="charts">\n<h2>图表</h2>\n${body}\n</section>`;
}

const SIGNATURES = `<div class="sign">
<p>制表单位（盖章）：</p><p>制表人：</p><p>审核人：</p>
<p>负责人（签字）：</p><p></p><p>日期：　　　　年　　月　　日</p>
</div>`;

function section(table: TTable, header: string, footer: string): string {
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const wide = total > 100;
  // Text columns share the width in the workbook's proportions; short codes, dates and numbers take what they need
  // and never break inside (一/(一) over two lines, 牵/头 letter by letter).
  const cols = `<colgroup>${table.columns.map((c) => (fixedWidth(c) ? '<col>' : `<col style="width:${((c.width / total) * 100).toFixed(1)}%">`)).join('')}</colgroup>`;
  const head = `<thead><tr>${table.columns.map((c) => `<th>${escape(c.header)}</th>`).join('')}</tr></thead>`;
  const body = table.rows.length
    ? table.rows.map((r) => `<tr>${r.map((v, i) => td(v, table.columns[i]!)).join('')}</tr>`).join('\n')
    : `<tr><td class="empty" colspan="${table.columns.length}">无</td></tr>`;
  return `<section id="${table.key}"${wide ? ' class="wide"' : ''}>\n${header}\n<h2>${escape(table.title)}</h2>\n<p class="note">${escape(table.note)}</p>\n<table>${cols}${head}\n<tbody>\n${body}\n</tbody></table>\n${footer}</section>`;
}

const fixedWidth = (c: TColumn) => c.nowrap || c.kind === 'number' || c.kind === 'score' || c.kind === 'colour' || c.kind === 'grade';

const COLOUR_CLASS: Record<string, string> = { 红: 'red', 黄: 'yellow', 绿: 'green' };
const GRADE_CLASS: Record<string, string> = { 优秀: 'grade-excellent', 不合格: 'grade-failing' };

function td(value: TCell, column: TColumn): string {
  if (value === null) return '<td></td>';
  if (typeof value === 'number') return `<td class="number">${column.kind === 'score' ? scoreText(value) : value}</td>`;
  const cls = column.kind === 'colour' ? COLOUR_CLASS[value] : column.kind === 'grade' ? GRADE_CLASS[value] : undefined;
  const classes = [cls, column.nowrap && !cls ? 'nowrap' : undefined].filter(Boolean).join(' ');
  return `<td${classes ? ` class="${classes}"` : ''}>${escape(value)}</td>`;
}
