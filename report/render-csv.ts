import { csvField } from '../lib/escape';
import { reportTables, type TCell, type TColumn } from './tables';
import { assessedText, dateText, gradeBandsText, scoreCaveat, scoreText, type TReport } from './report-model';

const BOM = '\uFEFF';

/**
 * One CSV file holding every view, each as a titled section: a 【title】 row (with how its rows are ordered beside
 * it), a header row, its rows, a blank row. Scores carry two decimals, as in every format. UTF-8 with a byte-order
 * mark and CRLF line ends, because that is what makes Excel and WPS open Chinese text correctly by double-click.
 */
export function renderCsv(report: TReport): string {
  const { plan, scores } = report;
  const caveat = scoreCaveat(report);
  const lines: string[] = [
    row([plan.title]),
    row([`考核结果（${assessedText(report)}，截至 ${dateText(report.asOf)}，考核细则第 ${scores.rubricVersion} 版）`, `计划得分 ${scoreText(scores.plan.points)}`, scores.plan.grade]),
    row([`等级划分：${gradeBandsText(report)}`]),
    ...(caveat ? [row([`注：${caveat}`])] : []),
    '',
  ];
  for (const table of reportTables(report)) {
    const cells = (r: TCell[]) => row(r.map((v, i) => scoreCell(v, table.columns[i])));
    lines.push(row([`【${table.title}】`, table.note]), row(table.columns.map((c) => c.header)), ...table.rows.map(cells), '');
  }
  return BOM + lines.join('\r\n');
}

const scoreCell = (v: TCell, column: TColumn | undefined): TCell => (typeof v === 'number' && column?.kind === 'score' ? scoreText(v) : v);

/** Rows as a CSV file Excel and WPS open correctly by double-click (see renderCsv). */
export function csvFile(rows: TCell[][]): string {
  return BOM + rows.map(row).join('\r\n');
}

function row(cells: TCell[]): string {
  return cells.map(csvField).join(',');
}
