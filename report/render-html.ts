import { reportTables, type TCell, type TColumn, type TTable } from './tables';
import { dateText, type TReport } from './report-model';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A self-contained page that prints on A4: `@page { size: A4 }` with margins, repeated table headers, rows that do not
 * split across pages, each view starting on a new page, and colours kept when printing. Wide views (台账, 单位明细)
 * print in landscape via a named page.
 */
export function renderHtml(report: TReport): string {
  const { plan, scores } = report;
  const sections = reportTables(report).map(section).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(plan.title)} · 考核结果</title>
<style>
@page { size: A4; margin: 15mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; margin: 1rem; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 .3em; }
.meta { text-align: center; margin: 0 0 1em; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; border-bottom: 1px solid #000; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { overflow-wrap: anywhere; }
th, td { border: 1px solid #555; padding: 2px 4px; vertical-align: top; }
th { background: #d9e1f2; }
td.number { text-align: right; white-space: nowrap; }
td.red { background: #ffc7ce; } td.yellow { background: #ffeb9c; } td.green { background: #c6efce; }
td.grade-excellent { background: #c6efce; } td.grade-failing { background: #ffc7ce; }
.empty { color: #555; }
@media print {
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  section.wide { page: wide; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
</style>
</head>
<body>
<h1>${escape(plan.title)}</h1>
<p class="meta">考核结果 · 截至 ${dateText(report.asOf)} · 考核细则第 ${scores.rubricVersion} 版 · 计划得分 <strong>${scores.plan.points}</strong>（${escape(scores.plan.grade)}）</p>
${sections}
</body>
</html>
`;
}

function section(table: TTable): string {
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const wide = total > 100;
  // The same proportions as the workbook's column widths, so narrow columns (角色, 进度) do not wrap letter by letter.
  const cols = `<colgroup>${table.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(1)}%">`).join('')}</colgroup>`;
  const head = `<thead><tr>${table.columns.map((c) => `<th>${escape(c.header)}</th>`).join('')}</tr></thead>`;
  const body = table.rows.length
    ? table.rows.map((r) => `<tr>${r.map((v, i) => td(v, table.columns[i]!)).join('')}</tr>`).join('\n')
    : `<tr><td class="empty" colspan="${table.columns.length}">无</td></tr>`;
  return `<section id="${table.key}"${wide ? ' class="wide"' : ''}>\n<h2>${escape(table.title)}</h2>\n<table>${cols}${head}\n<tbody>\n${body}\n</tbody></table>\n</section>`;
}

const COLOUR_CLASS: Record<string, string> = { 红: 'red', 黄: 'yellow', 绿: 'green' };
const GRADE_CLASS: Record<string, string> = { 优秀: 'grade-excellent', 不合格: 'grade-failing' };

function td(value: TCell, column: TColumn): string {
  if (value === null) return '<td></td>';
  if (typeof value === 'number') return `<td class="number">${value}</td>`;
  const cls = column.kind === 'colour' ? COLOUR_CLASS[value] : column.kind === 'grade' ? GRADE_CLASS[value] : undefined;
  return `<td${cls ? ` class="${cls}"` : ''}>${escape(value)}</td>`;
}
