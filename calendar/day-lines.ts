import { festivalOf, isIsoDate, makeUpDayName, type TCalendarDay } from './working-days';

/**
 * A year's days as a coordinator edits them in a text box, one per line: `2027-02-06 上班 春节` or
 * `2027-02-11 放假 春节`. A make-up day's name carries 调休上班 when stored, as the shipped schedule writes it.
 */
const KIND_WORDS: Record<string, TCalendarDay['kind']> = { 放假: 'holiday', 休: 'holiday', holiday: 'holiday', 上班: 'workday', 班: 'workday', workday: 'workday' };

export function formatDayLines(days: readonly TCalendarDay[]): string {
  return days
    .map((d) => `${d.date} ${d.kind === 'holiday' ? '放假' : '上班'} ${festivalOf(d)}`)
    .join('\n');
}

export type TDayLinesParse = { days: TCalendarDay[]; problems: { line: number; text: string; message: string }[] };

/** Blank lines and lines starting with # are skipped; every other line must read as a day, or it is a problem. */
export function parseDayLines(text: string): TDayLinesParse {
  const days: TCalendarDay[] = [];
  const problems: TDayLinesParse['problems'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\d{4}-\d{1,2}-\d{1,2})\s+(\S+)\s*(.*)$/.exec(line);
    const kind = m ? KIND_WORDS[m[2]!.toLowerCase()] : undefined;
    if (!m || !kind) {
      problems.push({ line: i + 1, text: line, message: '应为“日期 放假|上班 名称”，如 2027-02-06 上班 春节 / expected "date 放假|上班 name"' });
      return;
    }
    const [y, mo, d] = m[1]!.split('-');
    const date = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    if (!isIsoDate(date)) {
      problems.push({ line: i + 1, text: line, message: `${m[1]} 不是有效日期 / not a real date` });
      return;
    }
    const name = m[3]!.trim() || (kind === 'holiday' ? '放假' : '');
    days.push({ date, kind, name: kind === 'workday' ? makeUpDayName(name) : name });
  });
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { days, problems };
}
