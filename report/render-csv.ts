import { reportTables, type TCell } from './tables';
import { dateText, type TReport } from './report-model';

const BOM = '\uFEFF';

/**
 * One CSV file holding every view, each as a titled section: a 【title】 row, a header row, its rows, a blank row.
 * UTF-8 with a byte-order mark and CRLF line ends, because that is what makes Excel and WPS open Chinese text
 * correctly by double-click.
 */
export function renderCsv(report: TReport): string {
  const { plan, scores } = report;
  const lines: string[] = [
    row([plan.title]),
    row([`考核结果（截至 ${dateText(report.asOf)}，考核细则第 ${scores.rubricVersion} 版）`, `计划得分 ${scores.plan.points}`, scores.plan.grade]),
    '',
  ];
  for (const table of reportTables(report)) {
    lines.push(row([`【${table.title}】`]), row(table.columns.map((c) => c.header)), ...table.rows.map(row), '');
  }
  return BOM + lines.join('\r\n');
}

/** Rows as a CSV file Excel and WPS open correctly by double-click (see renderCsv). */
export function csvFile(rows: TCell[][]): string {
  return BOM + rows.map(row).join('\r\n');
}

function row(cells: TCell[]): string {
  return cells.map(field).join(',');
}

function field(cell: TCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  // Text a spreadsheet would run as a formula (a narrative typed as "=…") is shown as text instead.
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
