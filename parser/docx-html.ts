import { renderTableInText, TABLE_END, widest, type TTableCell } from './task-tables';

/**
 * The text of a Word document from the HTML mammoth makes of it: each paragraph, heading or list item one line, and
 * each table laid out on a grid (merged cells spread over the rows and columns they cover) and written by
 * renderTableInText, so that a 重点任务分工表 reads as numbered items with their annotations. Mammoth writes simple,
 * well-formed HTML; this reads that and nothing more.
 */

type TToken =
  | { kind: 'text'; text: string }
  | { kind: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; name: string };

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

function* tokenize(html: string): Generator<TToken> {
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    if (lt < 0) {
      yield { kind: 'text', text: decodeEntities(html.slice(at)) };
      return;
    }
    if (lt > at) yield { kind: 'text', text: decodeEntities(html.slice(at, lt)) };
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      at = end < 0 ? html.length : end + 3;
      continue;
    }
    const end = tagEnd(html, lt + 1);
    if (end < 0) {
      yield { kind: 'text', text: decodeEntities(html.slice(lt)) };
      return;
    }
    const token = readTag(html.slice(lt + 1, end));
    if (token) yield token;
    at = end + 1;
  }
}

/** The `>` closing a tag, skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const ch = html[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i;
  }
  return -1;
}

const ATTRIBUTE = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function readTag(inside: string): TToken | null {
  const close = /^\/\s*([a-zA-Z][a-zA-Z0-9]*)/.exec(inside);
  if (close) return { kind: 'close', name: close[1]!.toLowerCase() };
  const open = /^([a-zA-Z][a-zA-Z0-9]*)/.exec(inside);
  if (!open) return null; // <!DOCTYPE …>, <?xml …?>
  const attributes: Record<string, string> = {};
  const rest = inside.slice(open[0].length);
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(rest); m; m = ATTRIBUTE.exec(rest)) {
    attributes[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return { kind: 'open', name: open[1]!.toLowerCase(), attributes, selfClosing: /\/\s*$/.test(inside) };
}

/** Elements that end the line before them and start a new one after. */
const BLOCK = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'div', 'blockquote', 'pre',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption',
]);
const VOID = new Set(['br', 'img', 'hr', 'input', 'col', 'meta', 'link', 'wbr']);
/** Never more columns than Word allows; a damaged span attribute cannot blow the grid up. */
const MAX_COLSPAN = 64;

/** Lines being written: the document's, or one table cell's. */
type TBlock = { lines: string[]; line: string };
type THtmlCell = TBlock & { rowspan: number; colspan: number };
type THtmlTable = { rows: THtmlCell[][]; cell: THtmlCell | null };

function endLine(block: TBlock): void {
  if (block.line.trim().length > 0) block.lines.push(block.line);
  block.line = '';
}

/**
 * Mammoth's footnote and endnote markers ([1]) and the notes themselves, listed after the body, are left out: the
 * plan's text is its body, as Word's plain-text view shows it.
 */
function isNoteApparatus(name: string, attributes: Record<string, string>): boolean {
  if (name === 'a') return /^#(footnote|endnote|comment)-/.test(attributes.href ?? '');
  if (name === 'li') return /^(footnote|endnote)-/.test(attributes.id ?? '');
  return name === 'dt' || name === 'dd';
}

/** The plan text of a Word document converted by mammoth.convertToHtml. */
export function htmlToPlanText(html: string): string {
  const document: TBlock = { lines: [], line: '' };
  const tables: THtmlTable[] = [];
  const open: string[] = [];
  let skipUntil = -1; // depth of the element whose content is being skipped

  const current = (): TBlock | null => {
    if (tables.length === 0) return document;
    return tables[tables.length - 1]!.cell;
  };
  const closeCell = (table: THtmlTable) => {
    if (table.cell) endLine(table.cell);
    table.cell = null;
  };

  for (const token of tokenize(html)) {
    if (token.kind === 'text') {
      if (skipUntil >= 0) continue;
      const block = current();
      if (block) block.line += token.text;
      continue;
    }
    const name = token.name;
    if (token.kind === 'open' && (VOID.has(name) || token.selfClosing)) {
      if (skipUntil < 0 && name === 'br') {
        const block = current();
        if (block) endLine(block);
      }
      continue;
    }
    if (token.kind === 'open') {
      open.push(name);
      if (skipUntil >= 0) continue;
      if (isNoteApparatus(name, token.attributes)) {
        skipUntil = open.length - 1;
        continue;
      }
      if (BLOCK.has(name)) {
        const block = current();
        if (block) endLine(block);
      }
      if (name === 'table') tables.push({ rows: [], cell: null });
      const table = tables[tables.length - 1];
      if (!table) continue;
      if (name === 'tr') {
        closeCell(table);
        table.rows.push([]);
      } else if (name === 'td' || name === 'th') {
        closeCell(table);
        if (table.rows.length === 0) table.rows.push([]);
        const cell: THtmlCell = { lines: [], line: '', rowspan: span(token.attributes.rowspan, Infinity), colspan: span(token.attributes.colspan, MAX_COLSPAN) };
        table.rows[table.rows.length - 1]!.push(cell);
        table.cell = cell;
      }
      continue;
    }
    // a closing tag: pop back to the element it closes
    const depth = open.lastIndexOf(name);
    if (depth < 0) continue;
    open.length = depth;
    if (skipUntil >= 0) {
      if (depth <= skipUntil) skipUntil = -1;
      continue;
    }
    const table = tables[tables.length - 1];
    if (table && (name === 'td' || name === 'th')) closeCell(table);
    else if (table && name === 'table') {
      closeCell(table);
      tables.pop();
      const lines = renderTableInText(spreadMergedCells(table.rows));
      const block = current();
      if (block) {
        endLine(block);
        for (const line of lines) block.lines.push(line);
      }
    } else if (BLOCK.has(name)) {
      const block = current();
      if (block) endLine(block);
    }
  }
  // a document cut short: whatever tables are still open are written as they stand
  while (tables.length > 0) {
    const table = tables.pop()!;
    closeCell(table);
    const block = current();
    if (block) for (const line of renderTableInText(spreadMergedCells(table.rows))) block.lines.push(line);
  }
  endLine(document);
  // a task table that ends the document is followed by nothing to keep apart from it
  while (document.lines[document.lines.length - 1] === TABLE_END) document.lines.pop();
  return document.lines.join('\n');
}

function span(value: string | undefined, max: number): number {
  const n = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/**
 * The table as a full grid: a merged cell's text stands in every row and column it covers, marked as a copy
 * from above or from the left so that a category applies to each of its rows and a heading spread over the width is
 * read once.
 */
function spreadMergedCells(rows: THtmlCell[][]): TTableCell[][] {
  const grid: TTableCell[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      const text = cell.lines.join('\n');
      const lastRow = Math.min(rows.length, r + cell.rowspan);
      for (let rr = r; rr < lastRow; rr++) {
        for (let cc = c; cc < c + cell.colspan; cc++) {
          grid[rr]![cc] = rr === r && cc === c ? text : { text, merged: cc > c ? 'left' : 'above' };
        }
      }
      c += cell.colspan;
    }
  });
  const width = widest(grid);
  return grid.map((row) => Array.from({ length: width }, (_, j) => row[j] ?? ''));
}
