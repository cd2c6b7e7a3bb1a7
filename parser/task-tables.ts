import { FIRST_IS_LEAD } from './annotation';
import { halfWidthDigits, matchMarker } from './numbering';
import { rx } from './variants';

/**
 * Plans often carry their measures in a table (附件：重点任务分工表) rather than in numbered paragraphs:
 * 序号 | 领域 | 重点任务 | 牵头单位 | 配合单位 | 完成时限. Read cell by cell, such a table is a heap of fragments; this module
 * writes each row back as the numbered item with its annotation that the parser reads everywhere else:
 * `1. 加强标准体系建设，制修订地方标准10项以上。（牵头单位：市市场监管局；配合单位：市发展改革委；完成时限：2026年12月底前）`.
 * A table that is not a task table comes out row by row, so none of its text is lost.
 */

/**
 * One cell of a table whose merged cells are already spread over the grid: its text (paragraphs separated by \n),
 * and for a copy of a merged cell, the direction of the cell it copies. A plain string is a cell merged with nothing.
 */
export type TTableCell = string | { text: string; merged?: 'left' | 'above' };

type TColumnKind = 'number' | 'category' | 'title' | 'task' | 'lead' | 'cooperating' | 'responsible' | 'deadline' | 'extra';

type TCell = { text: string; merged: 'left' | 'above' | null };

/** Longer than any column heading: a cell this long is data, whatever words it contains. */
const MAX_HEADER = 14;

/** Checked in order; the first that matches names the column. */
const HEADER_KINDS: [TColumnKind, RegExp][] = [
  ['number', rx('^(序号|编号|序|号|NO\\.?)$', 'i')],
  // people, not units: 牵头领导 must not make a lead column
  ['extra', rx('(领导|责任人|联系人|负责人|备注)')],
  ['lead', rx('牵头')],
  ['cooperating', rx('(配合|参与|协办|协同|协助|协作)')],
  ['responsible', rx('(责任|主办|承办|实施|负责|落实|主管)(单位|部门|主体|机构|处室)|^责任$|^(单位|部门)$')],
  // 完成年限 names its column by the years it gives, as 完成时限 does by the time
  ['deadline', rx('(时限|年限|时间|期限|节点|日期|截止|进度安排)')],
  ['category', rx('(类别|领域|分类|类型|板块|方面|专项)')],
  ['task', rx('(任务|措施|举措|内容|事项|重点工作|工作要点|具体工作)')],
  ['extra', rx('(目标|成效|成果|指标|标准|要求)')],
  // 指导部门, 督导单位, 推广部门: whatever the column calls them, the units it names are the row's
  ['responsible', rx('(单位|部门|机构|处室)$')],
];

type TLabels = { lead: string; cooperating: string; responsible: string; deadline: string; unit: string };
const SIMPLIFIED_LABELS: TLabels = { lead: '牵头单位', cooperating: '配合单位', responsible: '责任单位', deadline: '完成时限', unit: '单位' };
const TRADITIONAL_LABELS: TLabels = { lead: '牽頭單位', cooperating: '配合單位', responsible: '責任單位', deadline: '完成時限', unit: '單位' };
/** Characters of the headings' vocabulary that only traditional script writes. */
const TRADITIONAL_HEADING = /[單頭牽責務時間號點領類協參與門項內舉實負際據]/;

/** A 序号 as written: 1, 1., 1、 */
const NUMBER = /^([0-9０-９]{1,3})[.、．]?$/;

const RESPONSIBILITY: ReadonlySet<TColumnKind> = new Set(['lead', 'cooperating', 'responsible']);

const SPACE = /[\s\u3000\u00a0]+/g;

function cellOf(cell: TTableCell | undefined): TCell {
  if (cell === undefined) return { text: '', merged: null };
  if (typeof cell === 'string') return { text: cell, merged: null };
  return { text: cell.text, merged: cell.merged ?? null };
}

/** The paragraphs of a cell, trimmed, empty ones left out; the end of a table nested in it kept when asked for. */
function paragraphs(text: string, keepTableEnds = false): string[] {
  return text
    .split('\n')
    .map((p) => (keepTableEnds && p === TABLE_END ? p : p.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '')))
    .filter((p) => p.length > 0);
}

/** What a heading cell names; `牵 头 单 位` is 牵头单位, `责任单位（排名第一的为牵头单位）` is 责任单位. */
function kindOfHeader(text: string): TColumnKind | null {
  const compact = text.replace(SPACE, '').replace(/[(（][^()（）]*[)）]/g, '').replace(/[:：*＊]$/, '');
  if (compact.length === 0 || compact.length > MAX_HEADER) return null;
  for (const [kind, re] of HEADER_KINDS) if (re.test(compact)) return kind;
  return null;
}

type THeader = { row: number; rows: number; kinds: (TColumnKind | null)[]; labels: string[]; script: TLabels };

/**
 * The number of columns of the widest row. A loop, not `Math.max(...rows)`: a spread passes every row as an argument,
 * and a pasted table of some 100,000 rows overflows the call stack.
 */
export function widest(grid: readonly (readonly unknown[])[]): number {
  let width = 0;
  for (const row of grid) if (row.length > width) width = row.length;
  return width;
}

/** The column headings: the first of the top three rows with a task column and a responsibility column, with any heading rows right below it (责任单位 over 牵头单位 | 配合单位). */
function findHeader(grid: TCell[][]): THeader | null {
  const width = widest(grid);
  for (let r = 0; r < Math.min(3, grid.length); r++) {
    const kinds = grid[r]!.map((c) => kindOfHeader(c.text));
    if (!kinds.includes('task') || !kinds.some((k) => k !== null && RESPONSIBILITY.has(k))) continue;
    const labels = grid[r]!.map((c) => c.text.replace(SPACE, ''));
    let rows = 1;
    while (r + rows < grid.length && isHeadingRow(grid[r + rows]!)) {
      grid[r + rows]!.forEach((c, j) => {
        const kind = kindOfHeader(c.text);
        if (kind === null) return;
        kinds[j] = kind;
        labels[j] = c.text.replace(SPACE, '');
      });
      rows++;
    }
    while (kinds.length < width) kinds.push(null);
    // an unheaded first column of numbers holds the 序号
    const firstColumn = grid.slice(r + rows).map((row) => row[0]?.text.trim() ?? '').filter((t) => t.length > 0);
    if (!kinds.includes('number') && kinds[0] === null && labels[0] === '' && firstColumn.every((t) => NUMBER.test(t))) kinds[0] = 'number';
    // the annotation is written in the table's own script, as the rest of the plan is
    const script = TRADITIONAL_HEADING.test(grid.slice(r, r + rows).flat().map((c) => c.text).join('')) ? TRADITIONAL_LABELS : SIMPLIFIED_LABELS;
    return { row: r, rows, kinds: demoteEarlierTasks(kinds, grid.slice(r + rows)), labels, script };
  }
  return null;
}

/**
 * A second heading row: every cell it writes itself is a column heading. A cell spread over the whole row heads a
 * section of rows (一、知识产权保护方面), whatever its words: it names no column.
 */
function isHeadingRow(row: TCell[]): boolean {
  const own = row.filter((c) => c.merged === null && c.text.trim().length > 0);
  if (row.length > 1 && row[0]!.merged === null && row.slice(1).every((c) => c.merged === 'left')) return false;
  return own.length > 0 && own.every((c) => kindOfHeader(c.text) !== null);
}

/**
 * 重点任务 | 具体措施: the last task column holds the measure, the ones before it group the rows. An earlier one that
 * names each row on its own (改革举措 | 主要内容, never merged or repeated down the rows) is the item's heading instead.
 */
function demoteEarlierTasks(kinds: (TColumnKind | null)[], body: TCell[][]): (TColumnKind | null)[] {
  const last = kinds.lastIndexOf('task');
  return kinds.map((k, j) => (k === 'task' && j < last ? (groupsRows(body, j) ? 'category' : 'title') : k));
}

/** Whether a column's cells stand for several rows: merged down, left empty below a value, or repeated. */
function groupsRows(body: TCell[][], j: number): boolean {
  let previous: string | null = null;
  for (const row of body) {
    const cell = row[j];
    if (!cell || cell.merged === 'left' || row.slice(1).every((c) => c.merged === 'left')) continue;
    const text = cell.text.trim();
    if (cell.merged === 'above' || (text === '' && previous !== null) || (text !== '' && text === previous)) return true;
    if (text !== '') previous = text;
  }
  return false;
}

/** Renders a table as lines of plan text: a task table as numbered items, any other table row by row. */
export function renderTable(rows: TTableCell[][]): string[] {
  return renderTaskTable(rows) ?? renderRows(rows.map((r) => r.map(cellOf)));
}

/**
 * A line of its own after a task table's items in a document's text. A row is one line, but the parser reads the
 * lines after an item's as more of it until the next number, so without it the paragraph after a table (各部门要…)
 * became the text of the table's last row when that row had no annotation to end it. It is whitespace (U+2029,
 * paragraph separator): every reader but the structure builder in parse-plan.ts sees a blank line.
 */
export const TABLE_END = '\u2029';

/**
 * A text file's own line and paragraph separators (U+2028, U+2029, as text copied out of Word or a page may carry),
 * with any line end written after them: line ends to a reader. Read as line ends before the text is parsed, they
 * never stand in a measure's text and are never taken for a TABLE_END, whose line keeps the text after it out of
 * every measure.
 */
export const OWN_SEPARATOR = /[\u2028\u2029](?:\r\n|\r|\n)?/g;

/** A table as it stands in a document's text: as renderTable writes it, a task table's items closed by TABLE_END. */
export function renderTableInText(rows: TTableCell[][]): string[] {
  const items = renderTaskTable(rows);
  return items ? [...items, TABLE_END] : renderRows(rows.map((r) => r.map(cellOf)));
}

/** Renders a task table as numbered items with their annotations, or returns null when the table is not one. */
export function renderTaskTable(rows: TTableCell[][]): string[] | null {
  const grid = rows.map((r) => r.map(cellOf));
  const header = findHeader(grid);
  if (!header) return null;
  const body = grid.slice(header.row + header.rows);
  if (!body.some((r) => r.some((c) => c.text.trim().length > 0))) return null;
  // 排名第一的为牵头单位 said once in a heading holds for every row, so the parser must still read it
  const headings = grid.slice(header.row, header.row + header.rows).flat().filter((c) => c.merged === null).map((c) => c.text.replace(SPACE, ''));
  const declaration = headings.some((h) => FIRST_IS_LEAD.test(h)) ? [headings.filter((h) => h).join('\u3000')] : [];
  return [...renderRows(grid.slice(0, header.row)), ...declaration, ...renderBody(body, header)];
}

/**
 * Any table, a row to a line with its cells set apart by an ideographic space; a cell alone keeps its paragraphs as
 * lines, and the ends of task tables laid out in it (a layout table holding the whole plan).
 */
function renderRows(grid: TCell[][]): string[] {
  const lines: string[] = [];
  for (const row of grid) {
    const cells = row.filter((c) => c.merged === null && paragraphs(c.text).length > 0);
    if (cells.length === 1) lines.push(...paragraphs(cells[0]!.text, true));
    else if (cells.length > 1) lines.push(cells.map((c) => paragraphs(c.text).join('\u3000')).join('\u3000'));
  }
  return lines;
}

const ANNOTATION_WORDS = rx('(牵头|负责|配合|协助|按照?(各自的?)?职[责能]分工|单位[:：]|部门[:：])');
const ROLE_LABEL = rx('^(牵头|配合|责任|参与|协办)\\s*[:：]');
const ROLE_LABELS = rx('(^|；)(牵头|配合|责任|参与|协办)\\s*[:：]', 'g');
/** 市发改委（牵头）、市财政局: the lead marked inside a plain list. */
const MARKED_LEAD = rx('^(.+?)[(（](牵头|负责)[)）][、，,；;\\s]*(.*)$');
function renderBody(body: TCell[][], header: THeader): string[] {
  const columns = (kind: TColumnKind) => header.kinds.flatMap((k, j) => (k === kind ? [j] : []));
  const numberColumn = columns('number')[0];
  const taskColumn = columns('task')[0]!;
  const categoryColumns = columns('category');
  const titleColumns = columns('title');
  const categories: string[] = categoryColumns.map(() => '');
  const numbers = new Numbering();
  const lines: string[] = [];
  let previousTask: string[] | null = null;
  /** the line of the last row written, which a continuation without units of its own adds to */
  let lastRow: TRowLine | null = null;

  for (const row of body) {
    // A copy of a cell merged from the left belongs to the column it started in.
    const own = (j: number | undefined): TCell => {
      const cell = j === undefined ? undefined : row[j];
      return cell && cell.merged !== 'left' ? cell : { text: '', merged: null };
    };
    if (row.every((c) => c.text.trim().length === 0) || isRepeatedHeader(row)) continue;

    // A category written once for several rows (a merged cell, or left empty below its first row) heads them all.
    categoryColumns.forEach((j, level) => {
      const value = paragraphs(own(j).text).join('');
      if (value.length === 0 || value === categories[level]) return;
      categories[level] = value;
      for (let deeper = level + 1; deeper < categories.length; deeper++) categories[deeper] = '';
      lines.push(value);
      numbers.heading(value);
      previousTask = null;
    });

    const numberCell = own(numberColumn);
    const heading = titleColumns.map((j) => paragraphs(own(j).text).join('')).filter((t) => t.length > 0);
    let task = paragraphs(own(taskColumn).text);
    // the item's heading stands first, a sentence of its own, as a numbered paragraph writes it
    if (task.length === 0) task = heading;
    else task = [...heading.map((t) => (FINAL.test(t) ? t : `${t}。`)), ...task];
    const fields = rowFields(row, header);
    // A row under a merged 序号 (or, pasted, under an empty 序号 and task) is one more span of the item above.
    const continues =
      previousTask !== null && (numberCell.merged === 'above' || (numberCell.text.trim() === '' && task.length === 0 && fields.hasAny));
    if (task.length === 0 && continues) task = previousTask!;
    if (task.length === 0) {
      const heading = sectionRow(row, categoryColumns);
      if (heading) {
        lines.push(heading);
        numbers.heading(heading);
        previousTask = null;
      }
      continue;
    }
    const numbered = NUMBER.exec(numberCell.text.trim());
    let written = numbered ? Number(halfWidthDigits(numbered[1]!)) : null;
    // a task that carries its own number (1.加强…) is numbered by it, and a line must not open with a second one
    const inTask = matchMarker(task[0]!);
    if (inTask && inTask.style === 'digit' && (continues || written === null || written === inTask.value)) {
      if (!continues) written = inTask.value;
      task = [task[0]!.slice(inTask.length), ...task.slice(1)].filter((p) => p.length > 0);
      if (task.length === 0) continue;
    }
    // A continuation that names no units is more of the row above: written as a line of its own after that row's
    // annotation, its text and deadline belonged to no measure.
    if (continues && fields.parts.length === 0 && lastRow !== null) {
      const own = task.join('\n') === previousTask!.join('\n') ? [] : task;
      lastRow.pieces.push(...own, ...fields.extras);
      for (const d of fields.deadline) if (!lastRow.deadline.includes(d)) lastRow.deadline.push(d);
      lines[lastRow.index] = rowLine(lastRow, header.script);
      previousTask = task;
      continue;
    }
    previousTask = task;
    lastRow = {
      index: lines.length,
      number: continues ? '' : `${numbers.next(written)}. `,
      pieces: [...task, ...fields.extras],
      parts: fields.parts,
      deadline: [...fields.deadline],
    };
    lines.push(rowLine(lastRow, header.script));
  }
  return lines;
}

/** One row as a line of plan text: its number, its task, and its annotation or its note of when it is due. */
type TRowLine = { index: number; number: string; pieces: string[]; parts: string[]; deadline: string[] };

function rowLine(row: TRowLine, labels: TLabels): string {
  const due = labels.deadline;
  const annotation = row.parts.length > 0 ? `（${[...row.parts, ...row.deadline.map((d) => `${due}：${d}`)].join('；')}）` : '';
  const deadlineNote = row.parts.length === 0 && row.deadline.length > 0 ? `${due}：${row.deadline.join('；')}。` : '';
  return `${row.number}${taskSentence(row.pieces)}${annotation}${deadlineNote}`;
}

/**
 * Item numbers for the rows: the 序号 as written while it names a new item, otherwise the next free number. Two
 * items with one number would be one reference for two measures, so a 序号 that restarts under a heading the parser
 * does not nest under (质量基础, not 一、质量基础) continues the count instead.
 */
class Numbering {
  private used = new Set<number>();
  private highest = 0;

  next(written: number | null): number {
    const n = written !== null && written > 0 && !this.used.has(written) ? written : this.highest + 1;
    this.used.add(n);
    this.highest = Math.max(this.highest, n);
    return n;
  }

  /** A numbered heading of another style opens a new level: its rows number afresh. */
  heading(text: string): void {
    const marker = matchMarker(text);
    if (marker && marker.style !== 'digit') {
      this.used = new Set();
      this.highest = 0;
    }
  }
}

/** Tables that run over pages may repeat their heading row: it is no task. */
function isRepeatedHeader(row: TCell[]): boolean {
  const kinds = row.map((c) => kindOfHeader(c.text));
  return isHeadingRow(row) && kinds.includes('task');
}

type TRowFields = { parts: string[]; deadline: string[]; extras: string[]; hasAny: boolean };

/** The annotation's clauses, the deadline and any other columns' text, from one row. */
function rowFields(row: TCell[], header: THeader): TRowFields {
  const parts: string[] = [];
  const seen = new Set<string>();
  const deadline: string[] = [];
  const extras: string[] = [];
  for (const kind of ['lead', 'responsible', 'cooperating'] as const) {
    header.kinds.forEach((k, j) => {
      const cell = row[j];
      if (k !== kind || !cell || cell.merged === 'left') return;
      const units = unitList(cell.text);
      // A cell merged across 牵头 and 配合 arrives twice from a string grid: once is enough.
      if (units.length === 0 || seen.has(units)) return;
      seen.add(units);
      parts.push(...clausesOf(kind, units, header.script));
    });
  }
  header.kinds.forEach((k, j) => {
    const cell = row[j];
    if (!cell || cell.merged === 'left') return;
    if (k === 'deadline') {
      const value = paragraphs(cell.text).join('，').replace(/[。.；;，,、\s]+$/, '');
      if (value && !deadline.includes(value)) deadline.push(value);
    } else if (k === 'extra' || k === null) {
      const value = paragraphs(cell.text).join('；');
      if (value) extras.push(header.labels[j] ? `${header.labels[j]}：${value}` : value);
    }
  });
  return { parts, deadline, extras, hasAny: parts.length > 0 || deadline.length > 0 };
}

/** The names in a unit cell as one list: paragraphs become list items, closing punctuation goes. */
function unitList(text: string): string {
  return paragraphs(text)
    .map((p) => p.replace(/[。.；;，,、]+$/, ''))
    .filter((p) => p.length > 0)
    .join(ROLE_LABEL.test(text.trim()) || ANNOTATION_WORDS.test(text) ? '；' : '、');
}

/**
 * How a unit cell goes into the annotation. A cell that states roles itself (市发改委牵头，市财政局配合) is written as
 * it stands; `X（牵头）、Y` names its lead inside a plain list; anything else is labelled by its column.
 */
function clausesOf(kind: 'lead' | 'cooperating' | 'responsible', units: string, labels: TLabels): string[] {
  const marked = MARKED_LEAD.exec(units);
  if (marked && !ANNOTATION_WORDS.test(marked[1]!) && !ANNOTATION_WORDS.test(marked[3]!)) {
    const rest = marked[3]!.replace(/[、，,；;\s]+$/, '');
    return rest ? [`${labels.lead}：${marked[1]}`, `${labels.cooperating}：${rest}`] : [`${labels.lead}：${marked[1]}`];
  }
  if (ROLE_LABEL.test(units)) return [units.replace(ROLE_LABELS, (_, before: string, role: string) => `${before}${role}${labels.unit}：`)];
  if (ANNOTATION_WORDS.test(units)) return [units];
  return [`${labels[kind]}：${units}`];
}

const FINAL = /[。！？!?]$/;
const PIECE_END = /[。！？!?；;，,：:、]$/;

/** A task cell's paragraphs as one run of sentences, with its own punctuation, closed by 。. */
function taskSentence(pieces: string[]): string {
  let run = '';
  pieces.forEach((piece, i) => {
    run += piece;
    if (i < pieces.length - 1 && !PIECE_END.test(piece)) run += '；';
  });
  run = run.replace(/[；;，,：:、\s]+$/, '');
  return FINAL.test(run) ? run : `${run}。`;
}

/** A row without a task: a section heading written across the table (一、质量基础), or a stray note, as one line. */
function sectionRow(row: TCell[], categoryColumns: number[]): string | null {
  const texts = [...new Set(row.filter((c) => c.merged === null).map((c) => paragraphs(c.text).join('')).filter((t) => t.length > 0))];
  if (texts.length === 0) return null;
  if (texts.length === 1 && NUMBER.test(texts[0]!)) return null;
  // a category alone was written as a heading already
  const inCategory = (j: number) => row[j]?.merged === null && paragraphs(row[j]!.text).join('') === texts[0];
  if (texts.length === 1 && categoryColumns.some(inCategory)) return null;
  return texts.join('\u3000');
}
