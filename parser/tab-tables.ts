import { renderTaskTable, TABLE_END, type TTableCell } from './task-tables';

/**
 * A table copied out of Word, WPS or Excel into a text file or the paste box arrives as tab-separated lines. A run
 * of such lines headed like a task table (序号 | 重点任务 | 牵头单位 | …) is written as numbered items the parser
 * reads; tabbed lines that are not one are left exactly as they are.
 */

const MIN_TABS = 2;
/** Longer than any cell a plan writes; an opening quote not closed within it is text, and scanning stays linear. */
const MAX_QUOTED = 4000;

type TRecord = { cells: string[]; end: number };

/**
 * One row starting at `start`: cells split on tabs, up to the line's end. A cell that opens with a double quote is
 * Excel's quoting and may hold line breaks and doubled quotes ("第一段\n第二段"); an opening quote that never
 * closes before a tab or line end is plain text.
 */
function readRecord(text: string, start: number): TRecord {
  const cells: string[] = [];
  let at = start;
  for (;;) {
    let cell: string | null = null;
    if (text[at] === '"') {
      const quoted = readQuoted(text, at);
      if (quoted) {
        cell = quoted.value;
        at = quoted.end;
      }
    }
    if (cell === null) {
      let end = at;
      while (end < text.length && text[end] !== '\t' && text[end] !== '\n') end++;
      cell = text.slice(at, end);
      at = end;
    }
    cells.push(cell);
    if (text[at] === '\t') {
      at++;
      continue;
    }
    return { cells, end: at };
  }
}

function readQuoted(text: string, open: number): { value: string; end: number } | null {
  let value = '';
  let at = open + 1;
  const limit = Math.min(text.length, open + MAX_QUOTED);
  while (at < limit) {
    const ch = text[at]!;
    if (ch !== '"') {
      value += ch;
      at++;
      continue;
    }
    if (text[at + 1] === '"') {
      value += '"';
      at += 2;
      continue;
    }
    const after = text[at + 1];
    return after === undefined || after === '\t' || after === '\n' ? { value, end: at + 1 } : null;
  }
  return null;
}

function tabsIn(text: string, start: number): number {
  let tabs = 0;
  for (let i = start; i < text.length && text[i] !== '\n'; i++) if (text[i] === '\t') tabs++;
  return tabs;
}

/** The text with every tab-separated task table written as plan lines. `text` has \n line ends. */
export function renderTabTables(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let copied = 0;
  let changed = false;
  let lineStart = 0;
  while (lineStart < text.length) {
    const lineEnd = nextLineEnd(text, lineStart);
    if (tabsIn(text, lineStart) < MIN_TABS) {
      lineStart = lineEnd + 1;
      continue;
    }
    const rows: TTableCell[][] = [];
    let at = lineStart;
    while (at < text.length) {
      const record = readRecord(text, at);
      if (record.cells.length > MIN_TABS) {
        rows.push(record.cells);
        at = record.end + 1;
        continue;
      }
      if (rows.length === 0) break;
      const spanning = spanningRows(text, at, rows[0]!.length);
      if (spanning.rows.length === 0) break;
      for (const row of spanning.rows) rows.push(row);
      at = spanning.end;
    }
    const rendered = renderTaskTable(rows);
    if (rendered) {
      // what follows the table is none of its rows'
      if (textFollows(text, at)) rendered.push(TABLE_END);
      out += text.slice(copied, lineStart) + rendered.join('\n');
      // the run's last row ends at a line break or at the end of the text: keep that break
      copied = Math.min(at - 1, text.length);
      changed = true;
    }
    lineStart = Math.max(at, lineEnd + 1);
  }
  return changed ? out + text.slice(copied) : text;
}

/** Lines of one cell a table may hold between its rows: a few section headings, never a paragraph run. */
const MAX_SPANNING = 3;

/**
 * A row merged across the table (一、知识产权保护方面) pastes as a line without tabs. Lines like that, up to a few, are
 * the table's when a row as wide as its first comes right after them; they come back as cells spread over the width.
 */
function spanningRows(text: string, from: number, width: number): { rows: TTableCell[][]; end: number } {
  const lines: string[] = [];
  let at = from;
  while (lines.length < MAX_SPANNING && at < text.length) {
    const end = nextLineEnd(text, at);
    const line = text.slice(at, end);
    if (line.includes('\t') || line.trim().length === 0) break;
    lines.push(line.trim());
    at = end + 1;
  }
  if (lines.length === 0 || at >= text.length || readRecord(text, at).cells.length !== width) return { rows: [], end: from };
  return { rows: lines.map((line) => [line, ...Array.from({ length: width - 1 }, () => ({ text: line, merged: 'left' as const }))]), end: at };
}

/** Whether anything but whitespace stands at or after `from`; stops at the first that does. */
function textFollows(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (!/\s/.test(text[i]!)) return true;
  return false;
}

function nextLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}
