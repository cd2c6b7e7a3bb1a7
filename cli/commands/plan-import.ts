import { ZYearSchema } from '../../domain/dates';
import { loadConfig } from '../../lib/config';
import { UsageError, UserError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { importPlan, officeForOperator, PlanAlreadyImportedError } from '../../services/plans/import-plan';
import { openDatabase } from '../../stack/database';
import { parseCliArgs, printJson } from '../args';
import { readInputFile } from '../files';

const USAGE = 'usage: duban plan import FILE [--year YYYY] [--office UNIT] [--again] [--json]   (--office: the coordinating office the plan belongs to)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { year: { type: 'string' }, office: { type: 'string' }, again: { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError(USAGE);
  if (values.year !== undefined && !(/^\d{4}$/.test(values.year) && ZYearSchema.safeParse(values.year).success)) {
    throw new UsageError(`--year 应为 2000 至 2100 年之间的年份 / --year must be a year from 2000 to 2100, such as 2026\n${USAGE}`);
  }
  const buffer = await readInputFile(file);
  const database = await openDatabase(loadConfig());
  const db = createDb(database.url, { poolSize: 2 });
  try {
    const result = await importPlan(db, {
      source: { buffer },
      fileName: file.split(/[\\/]/).pop(),
      year: values.year ? Number(values.year) : undefined,
      again: values.again,
      by: { label: 'cli', officeUnitId: await officeForOperator(db, values.office) },
    }).catch((err: unknown) => {
      if (err instanceof PlanAlreadyImportedError) throw new UserError(`${err.message}；如确需再导入一份，加 --again / add --again to import it once more`);
      throw err;
    });
    if (values.json) {
      printJson(result);
    } else {
      const unresolved = result.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED').length;
      const out = [
        `计划已导入 / plan imported: ${result.planId}`,
        `  ${result.title} (${result.year}年, 实施期限 ${result.period.from} 至 ${result.period.to}, ${result.measures} 项措施)`,
        `  未识别的责任单位 ${unresolved} 个 / ${unresolved} unresolved`,
      ];
      // A measure with no resolved unit goes to the coordinator unit at launch: said once, beside its warning.
      const toCoordinator = new Set(result.unassigned.map((u) => u.ref));
      const warned = new Set(result.warnings.map((w) => w.ref));
      if (result.warnings.length) {
        out.push(`  需要复核 ${result.warnings.length} 条 / needs review:`);
        result.warnings.forEach((w, i) => {
          out.push(`    [${w.ref ?? '-'}] ${w.code}: ${w.message}`);
          const lastOfMeasure = result.warnings[i + 1]?.ref !== w.ref;
          if (lastOfMeasure && w.ref && toCoordinator.has(w.ref)) out.push('      → 启动后先交牵头协调单位 / goes to the coordinator unit at launch');
        });
      }
      for (const u of result.unassigned.filter((x) => !warned.has(x.ref))) {
        out.push(`    [${u.ref}] ${u.reason === 'unspecified' ? '未写明责任单位，启动后先交牵头协调单位' : '有未识别的单位，启动后先交牵头协调单位'}`);
      }
      process.stdout.write(out.join('\n') + '\n');
    }
    return 0;
  } finally {
    await db.close();
    await database.close();
  }
}
