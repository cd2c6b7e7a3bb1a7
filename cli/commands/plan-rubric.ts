import { COMPARATOR_SIGNS } from '../../scoring/target-attainment';
import { loadConfig } from '../../lib/config';
import { UsageError, UserError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { readRubricTemplate, writeRubricTemplate } from '../../services/assessment/rubric-template';
import { saveRubric } from '../../services/assessment/save-rubric';
import { showRubric } from '../../services/assessment/show-rubric';
import { openDatabase } from '../../stack/database';
import { parseCliArgs } from '../args';
import { dataFileText, readInputFile, writeOutputFile } from '../files';

const USAGE = [
  'usage: duban plan rubric PLAN_ID FILE [--reason TEXT]     (FILE: .json or a filled-in .xlsx template)',
  '       duban plan rubric PLAN_ID --template --out FILE.xlsx',
].join('\n');

/**
 * `duban plan rubric PLAN_ID FILE`: saves the 方案 in FILE (JSON, or the workbook --template writes, filled in) as the
 * plan's next version and the plan is rescored by the worker; a 方案 that does not add up, or a template cell that does
 * not read, is refused in one line naming its field or row and column, and nothing is saved.
 * `--template --out FILE.xlsx` writes the plan's current 方案 as that workbook, with its targets listed to copy from.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { template: { type: 'boolean' }, out: { type: 'string' }, reason: { type: 'string' } }, USAGE);
  const [planId, file, ...extra] = positionals;
  if (!planId || extra.length) throw new UsageError(USAGE);
  if (values.template) {
    if (file || !values.out?.toLowerCase().endsWith('.xlsx')) throw new UsageError(`--template 需要 --out FILE.xlsx / --template writes --out FILE.xlsx\n${USAGE}`);
  } else if (!file) throw new UsageError(USAGE);

  const rubricIn = file ? await readRubricFile(file) : null;
  const database = await openDatabase(loadConfig());
  const db = createDb(database.url, { poolSize: 2 });
  try {
    if (values.template) {
      const { rubric } = await showRubric(db, planId);
      const targets = await db.target.findMany({
        where: { measure: { planId, status: { not: 'cancelled' } } },
        orderBy: [{ measure: { seq: 'asc' } }, { position: 'asc' }],
        select: { id: true, indicator: true, comparator: true, value: true, unit: true, measure: { select: { ref: true } } },
      });
      const listed = targets.map((t) => ({ id: t.id, measureRef: t.measure.ref, indicator: t.indicator, goal: `${COMPARATOR_SIGNS[t.comparator]}${t.value}${t.unit}` }));
      await writeOutputFile(values.out!, await writeRubricTemplate(rubric, listed));
      process.stderr.write(`已写入考核方案模板 / rubric template written: ${values.out}\n`);
      return 0;
    }
    const saved = await saveRubric({ db, now: () => new Date() }, planId, { rubric: rubricIn, reason: values.reason ?? `由文件 ${file} 导入` }, { id: null, label: 'cli' });
    process.stdout.write(`考核方案已保存为第 ${saved.version} 版，将重新计分 / rubric saved as version ${saved.version}; the plan will be rescored\n`);
    return 0;
  } finally {
    await db.close();
    await database.close();
  }
}

async function readRubricFile(file: string): Promise<unknown> {
  const bytes = await readInputFile(file);
  if (file.toLowerCase().endsWith('.xlsx')) return readRubricTemplate(bytes);
  try {
    return JSON.parse(dataFileText(bytes, file));
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${file}：不是有效的 JSON / not valid JSON: ${(err as Error).message}`);
  }
}
