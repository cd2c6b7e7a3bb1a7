import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { renderReport, ZReportFormatSchema } from '../../report/render-report';
import { buildReport } from '../../services/reports/build-report';
import { openDatabase } from '../../stack/database';
import { parseCliArgs } from '../args';
import { writeOutputFile } from '../files';

const USAGE = '用法 / usage: duban report PLAN_ID [--format json|csv|xlsx|html] [--out FILE] [--as-of YYYY-MM-DD|ISO-INSTANT] [--year YYYY|all]';

/** One year of the plan's period, or all of it. */
const ZReportYearSchema = z.union([z.literal('all'), z.string().regex(/^\d{4}$/).transform(Number)]);

/** A date is read as the end of that day in Shanghai: "as of 2026-07-15" includes what happened on the 15th. */
const ZAsOfSchema = z.union([
  z.iso.date().transform((d) => new Date(`${d}T23:59:59.999+08:00`)),
  z.iso.datetime({ offset: true }).transform((d) => new Date(d)),
]);

/**
 * `duban report PLAN_ID`: the plan's assessment — league table, measures, each unit's breakdown, 台账 and 通报 —
 * scored as of now (or --as-of), for the whole period or one year of it (--year; the report heads itself with which). JSON goes to stdout unless --out names a file; xlsx is bytes, so it needs --out or a pipe.
 * Without --format the --out file's extension (.json, .csv, .xlsx, .html) picks the format, else JSON.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    argv,
    { format: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' }, year: { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`需要且只需要一个计划编号 / expected exactly one PLAN_ID\n${USAGE}`);
  // Without --format, the --out file's extension says it (考核.xlsx is a workbook, not JSON under that name); else JSON.
  const fromOut = values.out ? ZReportFormatSchema.safeParse(path.extname(values.out).slice(1).toLowerCase()) : undefined;
  const format = ZReportFormatSchema.safeParse(values.format ?? (fromOut?.success ? fromOut.data : 'json'));
  if (!format.success) throw new UsageError(`--format 只能是 json、csv、xlsx 或 html / unknown format "${values.format}"\n${USAGE}`);
  const asOf = values['as-of'] === undefined ? undefined : ZAsOfSchema.safeParse(values['as-of']);
  if (asOf && !asOf.success) throw new UsageError(`--as-of 应为日期或带时区的时间 / --as-of takes a date or an ISO instant with offset\n${USAGE}`);
  const year = ZReportYearSchema.safeParse(values.year ?? 'all');
  if (!year.success) throw new UsageError(`--year 应为年份或 all / --year takes a year such as 2026, or all\n${USAGE}`);
  if (format.data === 'xlsx' && !values.out && process.stdout.isTTY) {
    throw new UsageError(`xlsx 是二进制文件，请用 --out 指定文件或重定向输出 / xlsx is binary: give --out FILE or redirect stdout\n${USAGE}`);
  }

  const database = await openDatabase(loadConfig());
  const db = createDb(database.url, { poolSize: 4 });
  let output: string | Buffer;
  try {
    output = await renderReport(await buildReport(db, positionals[0]!, asOf?.data, year.data), format.data);
  } finally {
    await db.close();
    await database.close();
  }

  if (values.out) {
    await writeOutputFile(values.out, output);
    process.stderr.write(`已写入 / written: ${values.out}\n`);
  } else {
    await new Promise<void>((resolve, reject) => process.stdout.write(output, (err) => (err ? reject(err) : resolve())));
  }
  return 0;
}
