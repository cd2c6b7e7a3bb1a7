import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../lib/config';
import { UserError, UsageError } from '../../lib/errors';
import { decodeDocument } from '../../parser/decode';
import { createDb } from '../../prisma/client';
import { readCalendarYear, ZCalendarDaySchema, ZCalendarYearNumberSchema, type TCalendarYearView } from '../../services/calendar/calendar-years';
import { calendarFromNotice, changeCalendarYear } from '../../services/calendar/change-calendar-year';
import { openDatabase } from '../../stack/database';
import { parseCliArgs, printJson } from '../args';
import { dataFileText, readInputFile } from '../files';

const USAGE = [
  'usage: duban calendar show YEAR [--json]',
  '       duban calendar set YEAR FILE [--provisional] [--json]   (FILE: the State Council notice as .txt/.docx, or .json days)',
].join('\n');

const ZDaysFileSchema = z.union([
  z.array(ZCalendarDaySchema),
  z.object({ days: z.array(ZCalendarDaySchema), source: z.string().trim().min(1).max(200).optional() }),
]);

/** `duban calendar`: read a year's holidays and make-up working days, or set them and let every open measure recount. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { json: { type: 'boolean' }, provisional: { type: 'boolean' } }, USAGE);
  const [sub, yearText, file, ...extra] = positionals;
  const year = ZCalendarYearNumberSchema.safeParse(yearText);
  if (!year.success || extra.length || (sub === 'show' && file) || (sub === 'set' && !file) || (sub !== 'show' && sub !== 'set')) throw new UsageError(USAGE);
  const input = sub === 'set' ? await readDaysFile(file!, year.data, values.provisional ?? false) : null;
  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  try {
    if (input) {
      // Saved with its announcement; the worker tells the open measures, now or once Temporal is reachable.
      const change = await changeCalendarYear({ db }, input, { id: null, name: '命令行', label: 'cli' });
      if (values.json) printJson(change);
      else process.stderr.write(`已设置 ${year.data} 年工作日历（${change.view.source}），进行中的任务将按新日历重新计算 / set; open measures recount\n`);
      if (!values.json) process.stdout.write(describeYear(change.view));
    } else {
      const view = await readCalendarYear(db, year.data);
      if (values.json) printJson(view);
      else process.stdout.write(describeYear(view));
    }
    return 0;
  } finally {
    await db.close();
    await database.close();
  }
}

/** Checked in full before the database is touched. */
async function readDaysFile(file: string, year: number, provisional: boolean) {
  const buf = await readInputFile(file);
  if (path.extname(file).toLowerCase() !== '.json') return { ...calendarFromNotice(await decodeDocument(buf, file), year), provisional };
  const text = dataFileText(buf, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} 不是有效的 JSON / ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ZDaysFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file}：${issue.path.join('.') || '(根)'} ${issue.message} / expected an array of { date, kind, name } or { days: [...] }`);
  }
  const days = Array.isArray(parsed.data) ? parsed.data : parsed.data.days;
  const source = (Array.isArray(parsed.data) ? undefined : parsed.data.source) ?? '手工编辑';
  return { year, days, source, provisional };
}

function describeYear(v: TCalendarYearView): string {
  const head = `${v.year} 年工作日历：${v.source ?? '尚无安排，仅按周一至周五计算'}${v.provisional ? '（暂定）' : ''}${v.set ? `，${v.updatedBy ?? ''} 设置于 ${v.updatedAt ?? ''}` : ''}`;
  return [head, ...v.days.map((d) => `  ${d.date} ${d.kind === 'holiday' ? '放假' : '上班'} ${d.name}`)].join('\n') + '\n';
}
