import writeXlsxFile, { type Cell, type Sheet } from 'write-excel-file/node';
import { reportTables, type TColumn, type TTable } from './tables';
import type { TReport } from './report-model';

const COLOUR_FILL: Record<string, string> = { 红: '#FFC7CE', 黄: '#FFEB9C', 绿: '#C6EFCE' };
const GRADE_FILL: Record<string, string> = { 优秀: '#C6EFCE', 不合格: '#FFC7CE' };
const HEADER = { fontWeight: 'bold', backgroundColor: '#D9E1F2', align: 'center', alignVertical: 'center', wrap: true } as const;

/**
 * A workbook with one sheet per view (单位排名, 措施, 单位明细, 台账, 通报): Chinese headers in a frozen first row,
 * column widths sized for Chinese text, long text wrapped, 红/黄/绿 and grades shaded. Opens in Excel and WPS.
 */
export async function renderXlsx(report: TReport): Promise<Buffer> {
  const sheets: Sheet<Buffer>[] = reportTables(report).map((table) => ({
    sheet: table.title,
    data: [table.columns.map((c) => ({ value: c.header, ...HEADER })), ...table.rows.map((r) => r.map((v, i) => cell(v, table.columns[i]!)))],
    columns: table.columns.map((c) => ({ width: c.width })),
    stickyRowsCount: 1,
    ...(wide(table) ? { orientation: 'landscape' as const } : {}),
  }));
  return writeXlsxFile(sheets, { fontFamily: '宋体', fontSize: 11 }).toBuffer();
}

function cell(value: string | number | null, column: TColumn): Cell {
  if (value === null || value === '') return null;
  if (typeof value === 'number') return { value, type: Number, alignVertical: 'top' };
  const fill = column.kind === 'colour' ? COLOUR_FILL[value] : column.kind === 'grade' ? GRADE_FILL[value] : undefined;
  return {
    value,
    type: String,
    alignVertical: 'top',
    ...(column.width >= 28 ? { wrap: true } : {}),
    ...(fill ? { backgroundColor: fill, align: 'center' as const } : {}),
  };
}

const wide = (table: TTable) => table.columns.reduce((s, c) => s + c.width, 0) > 100;
