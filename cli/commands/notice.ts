import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { draftPlanNotice, ZNoticeDraftInputSchema } from '../../services/notices/draft-notice';
import { openDatabase } from '../../stack/database';
import { parseCliArgs } from '../args';
import { writeOutputFile } from '../files';

const USAGE = '用法 / usage: duban notice PLAN_ID [--period KEY] --out FILE.docx';

/**
 * `duban notice PLAN_ID --out FILE.docx`: the draft 通报 of the plan's latest closed reporting period (or --period: a
 * period's key such as 2026-H1, or a year), as a Word file in the national format, for the office to edit and issue.
 * A plan with no closed period gets the year so far, and the draft's first paragraph says so.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { period: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (positionals.length !== 1) throw new UsageError(`需要且只需要一个计划编号 / expected exactly one PLAN_ID\n${USAGE}`);
  if (!values.out) throw new UsageError(`请用 --out 指定要写入的 .docx 文件 / give --out FILE.docx\n${USAGE}`);
  if (!values.out.toLowerCase().endsWith('.docx')) throw new UsageError(`--out 应为 .docx 文件 / --out names a .docx file\n${USAGE}`);
  const input = ZNoticeDraftInputSchema.parse({ planId: positionals[0], period: values.period });

  const database = await openDatabase(loadConfig());
  const db = createDb(database.url, { poolSize: 2 });
  let draft;
  try {
    draft = await draftPlanNotice(db, input);
  } finally {
    await db.close();
    await database.close();
  }
  await writeOutputFile(values.out, draft.docx);
  const scope = draft.scope.closed ? draft.scope.label : `${draft.scope.label}（尚未结束 / still running）`;
  process.stderr.write(`已写入通报草稿 / draft notice written: ${values.out} — ${scope}\n`);
  return 0;
}
