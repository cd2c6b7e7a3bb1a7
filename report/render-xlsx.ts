import type { Blob } from 'node:buffer';
import type Stream from 'node:stream';
import JSZip from 'jszip';
import writeXlsxFile, { type Cell, type Feature, type Sheet } from 'write-excel-file/node';
import { cellText, readsAsFormula } from '../lib/escape';
import { reportTables, type TColumn, type TTable } from './tables';
import { assessedText, dateText, gradeBandsText, scoreCaveat, type TReport } from './report-model';

const COLOUR_FILL: Record<string, string> = { 红: '#FFC7CE', 黄: '#FFEB9C', 绿: '#C6EFCE' };
const GRADE_FILL: Record<string, string> = { 优秀: '#C6EFCE', 不合格: '#FFC7CE' };
const HEADER = { fontWeight: 'bold', backgroundColor: '#D9E1F2', align: 'center', alignVertical: 'center', wrap: true } as const;
/** Scores keep two decimals on screen and on paper while staying numbers a formula can add up. */
const SCORE_FORMAT = '0.00';
export const SUMMARY_SHEET = '概况';

/**
 * A workbook that opens on 概况 (plan, date of the scores, rubric version, plan score, grade bands, how each sheet is
 * ordered, lines to sign), then one sheet per view (单位排名, 措施, 单位明细, 台账, 通报): Chinese headers in a frozen
 * first row that also repeats on every printed page, column widths sized for Chinese text, text wrapped, scores as
 * numbers shown with two decimals, 红/黄/绿 and grades shaded, printed on A4 fitted to the page's width. Opens in
 * Excel and WPS.
 */
export async function renderXlsx(report: TReport): Promise<Buffer> {
  const tables = reportTables(report);
  const sheets: Sheet<Buffer>[] = [
    summarySheet(report, tables),
    ...tables.map((table) => ({
      sheet: table.title,
      data: [table.columns.map((c) => ({ value: c.header, ...HEADER })), ...table.rows.map((r) => r.map((v, i) => cell(v, table.columns[i]!)))],
      columns: table.columns.map((c) => ({ width: c.width })),
      stickyRowsCount: 1,
      ...(wide(table) ? { orientation: 'landscape' as const } : {}),
    })),
  ];
  const book = await writeXlsxFile(sheets, { fontFamily: '宋体', fontSize: 11, features: [printLayout(sheets.map((s) => s.sheet!))] }).toBuffer();
  return markFormulaLikeText(book);
}

function summarySheet(report: TReport, tables: TTable[]): Sheet<Buffer> {
  const { plan, scores } = report;
  const label = (value: string): Cell => ({ value, type: String, fontWeight: 'bold', alignVertical: 'top' });
  const text = (value: string): Cell => ({ value: cellText(value), type: String, wrap: true, alignVertical: 'top' });
  const caveat = scoreCaveat(report);
  const data: Cell[][] = [
    [{ value: cellText(`${plan.title} 考核结果`), type: String, fontWeight: 'bold', fontSize: 14 }, null],
    [label('计划'), text(plan.title)],
    ...(plan.issuer ? [[label('发文单位'), text(plan.issuer)]] : []),
    [label('考核范围'), text(assessedText(report))],
    [label('评分截至'), text(dateText(report.asOf))],
    [label('考核细则'), text(`第 ${scores.rubricVersion} 版`)],
    [label('计划得分'), { value: scores.plan.points, type: Number, format: SCORE_FORMAT, align: 'left' as const }],
    [label('满分'), { value: scores.plan.maxPoints, type: Number, format: SCORE_FORMAT, align: 'left' as const }],
    [label('等级'), text(scores.plan.grade)],
    [label('等级划分'), text(gradeBandsText(report))],
    ...(caveat ? [[label('注'), text(caveat)]] : []),
    [null, null],
    [label('工作表'), label('排列方式')],
    ...tables.map((t) => [text(t.title), text(t.note)]),
    [null, null],
    [label('制表单位（盖章）'), null],
    [label('制表人'), null],
    [label('审核人'), null],
    [label('日期'), null],
  ];
  return { sheet: SUMMARY_SHEET, data, columns: [{ width: 18 }, { width: 72 }] };
}

function cell(value: string | number | null, column: TColumn): Cell {
  if (value === null || value === '') return null;
  if (typeof value === 'number') return { value, type: Number, alignVertical: 'top', ...(column.kind === 'score' ? { format: SCORE_FORMAT } : {}) };
  const fill = column.kind === 'colour' ? COLOUR_FILL[value] : column.kind === 'grade' ? GRADE_FILL[value] : undefined;
  return {
    value: cellText(value),
    type: String,
    alignVertical: 'top',
    // Short codes stay on one line; any other text wraps in its column rather than running under the next one.
    ...(column.nowrap || fill ? {} : { wrap: true }),
    ...(fill ? { backgroundColor: fill, align: 'center' as const } : {}),
  };
}

const wide = (table: TTable) => table.columns.reduce((s, c) => s + c.width, 0) > 100;

/**
 * What printing a sheet needs beyond the library's options: the header row repeated at the top of every page
 * (Excel's 打印标题, the workbook's _xlnm.Print_Titles names) and the columns fitted to one page's width, any number
 * of pages long. The summary sheet (index 0) has no header row to repeat.
 */
function printLayout(sheetNames: string[]): Feature<Stream | Buffer | Blob> {
  const titles = sheetNames
    .map((name, i) => (i === 0 ? '' : `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${xmlText(name)}'!$1:$1</definedName>`))
    .join('');
  return {
    files: {
      transform: {
        'xl/workbook.xml': {
          transform: (xml) => xml.replace(/<definedNames\s*\/>|<definedNames>([\s\S]*?)<\/definedNames>/, (_m, inner: string | undefined) => `<definedNames>${inner ?? ''}${titles}</definedNames>`),
        },
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml) => {
            if (xml.includes('<sheetPr')) return xml;
            const fitted = xml.replace(/(<worksheet[^>]*>)/, '$1<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
            if (fitted.includes('<pageSetup ')) return fitted.replace('<pageSetup ', '<pageSetup fitToWidth="1" fitToHeight="0" ');
            // A portrait sheet gets no page setup from the library: A4 must still be said, or a printer's default wins.
            if (fitted.includes('<pageMargins')) return fitted;
            return fitted.replace('</sheetData>', `</sheetData>${PAGE_MARGINS}<pageSetup paperSize="9" fitToWidth="1" fitToHeight="0"/>`);
          },
        },
      },
    },
  };
}

/**
 * Text a spreadsheet would read as a formula (a narrative typed as "=…") is stored as text already (a shared string
 * is never run); Excel's quotePrefix on its cell also keeps it text when someone edits the cell, as a typed ' would,
 * without showing one. OWASP's advice for CSV, the way a workbook says it. Each style such a cell uses gets a twin
 * with quotePrefix, appended to the workbook's cell formats.
 */
async function markFormulaLikeText(book: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(book);
  const read = async (path: string) => (await zip.file(path)?.async('string')) ?? '';
  const strings = [...(await read('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => xmlUnescape(m[1]!.replace(/<[^>]+>/g, '')));
  const risky = new Set(strings.flatMap((s, i) => (readsAsFormula(s) ? [i] : [])));
  if (risky.size === 0) return book;
  const styles = await read('xl/styles.xml');
  const formats = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(styles);
  if (!formats) throw new Error('the workbook has no cell formats');
  const xfs = [...formats[2]!.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
  const twins = new Map<number, number>();
  const twinOf = (style: number) => {
    if (!twins.has(style)) twins.set(style, xfs.length + twins.size);
    return twins.get(style)!;
  };
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
    const xml = (await read(path)).replace(/<c\b([^>]*)>(<v>(\d+)<\/v><\/c>)/g, (whole, attrs: string, rest: string, index: string) => {
      if (!/\bt="s"/.test(attrs) || !risky.has(Number(index))) return whole;
      const style = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0);
      const styled = /\bs="\d+"/.test(attrs) ? attrs.replace(/\bs="\d+"/, `s="${twinOf(style)}"`) : `${attrs} s="${twinOf(style)}"`;
      return `<c${styled}>${rest}`;
    });
    zip.file(path, xml);
  }
  const added = [...twins.keys()].map((style) => xfs[style]!.replace(/^<xf\b/, '<xf quotePrefix="1"'));
  zip.file('xl/styles.xml', styles.replace(formats[0], `<cellXfs count="${xfs.length + added.length}">${formats[2]}${added.join('')}</cellXfs>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const xmlUnescape = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);

const PAGE_MARGINS = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
const xmlText = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
