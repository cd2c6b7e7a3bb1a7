import path from 'node:path';
import type { TBenchResult } from '../../bench/result';
import { DEFAULT_PROVINCE_MEASURES, PROVINCE_MEASURES } from '../../bench/province-scale';
import { BENCHMARK_NAMES, runBenchmarks, writeResults } from '../../bench/run-all';
import { UsageError } from '../../lib/errors';
import { TEMPORAL_SERVER_VERSION } from '../../stack/temporal-binary';
import { parseCliArgs, printJson } from '../args';

const USAGE = `用法 / usage: duban bench [--json] [--only NAME[,NAME]] [--full | --measures N] [--postgres URL [--temporal-server]] [--results DIR]
  NAME: ${BENCHMARK_NAMES.join(', ')}
  --full: province at its full scale, ${PROVINCE_MEASURES.toLocaleString('en')} open measures (default ${DEFAULT_PROVINCE_MEASURES.toLocaleString('en')})
  --measures N: province at N open measures
  --postgres URL: province on this PostgreSQL server (a URL that may create databases; its own are dropped after)
  --temporal-server: province on the built Temporal server ${TEMPORAL_SERVER_VERSION} on that PostgreSQL (built on first use)
  --results DIR: where the day's results file goes (default bench/results)`;

function selected(only: string | undefined): string[] {
  if (only === undefined) return BENCHMARK_NAMES;
  const names = only.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !BENCHMARK_NAMES.includes(n));
  if (names.length === 0 || unknown.length) throw new UsageError(`未知的基准 / unknown benchmark: ${unknown.join(', ') || '(none)'}\n${USAGE}`);
  return BENCHMARK_NAMES.filter((n) => names.includes(n));
}

/** The province benchmark's open measures: `--full`, `--measures N` (2 or more, even: two launches of half), or the default. */
function provinceScale(full: boolean, measures: string | undefined): number {
  if (full && measures !== undefined) throw new UsageError(`--full 与 --measures 只能选其一 / give --full or --measures, not both\n${USAGE}`);
  if (full) return PROVINCE_MEASURES;
  if (measures === undefined) return DEFAULT_PROVINCE_MEASURES;
  const n = Number(measures);
  if (!Number.isInteger(n) || n < 2 || n > 200_000) throw new UsageError(`--measures：应为 2 至 200000 的整数 / must be a whole number from 2 to 200000\n${USAGE}`);
  return n;
}

function line(b: TBenchResult): string {
  const base = b.baseline === undefined ? '' : `  baseline ${b.baseline} ${b.unit}  ratio ${b.ratio}`;
  const target = b.target ? `  target ${b.target}${b.met === undefined ? '' : b.met ? ' (met)' : ' (MISSED)'}` : '';
  const details = b.details ? `\n    ${Object.entries(b.details).map(([k, v]) => `${k}=${v}`).join('  ')}` : '';
  return `${b.name.padEnd(28)} ${String(b.value).padStart(10)} ${b.unit}${base}${target}${details}`;
}

/** `duban bench`: runs the suite on an embedded stack of its own; figures on stdout, progress on stderr. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    argv,
    { json: { type: 'boolean', default: false }, only: { type: 'string' }, full: { type: 'boolean', default: false }, measures: { type: 'string' }, results: { type: 'string' },
      postgres: { type: 'string' }, 'temporal-server': { type: 'boolean', default: false } },
    USAGE,
  );
  if (positionals.length) throw new UsageError(USAGE);
  const names = selected(values.only);
  if (values['temporal-server'] && values.postgres === undefined) {
    throw new UsageError(`--temporal-server 需要 --postgres / the built Temporal server keeps its state in PostgreSQL: give --postgres URL\n${USAGE}`);
  }
  if (values.postgres !== undefined && !/^postgres(ql)?:\/\//.test(values.postgres)) throw new UsageError(`--postgres：应为 postgresql:// 地址 / must be a postgresql:// URL\n${USAGE}`);
  const report = await runBenchmarks(names, (l) => process.stderr.write(`${l}\n`), {
    provinceMeasures: provinceScale(values.full, values.measures),
    provinceStack: { postgresUrl: values.postgres, temporalServer: values['temporal-server'] },
  });
  const file = writeResults(report, undefined, values.results === undefined ? undefined : path.resolve(values.results));
  if (values.json) printJson(report);
  else {
    const m = report.machine;
    process.stdout.write(
      [`machine: ${m.cpus} cpus (${String(m.cpu)}), node ${m.node}, ${m.db}, temporal ${m.temporal}`, ...report.benchmarks.map(line)].join('\n') + '\n',
    );
  }
  process.stderr.write(`results: ${path.relative(process.cwd(), file)}\n`);
  return 0;
}
