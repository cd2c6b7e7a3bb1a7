import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ensureTemporalCli, TEMPORAL_CLI_MODULE } from '../stack/temporal-binary';
import type { TBenchStack } from './harness';
import { ZBenchResultSchema, type TBenchResult } from './result';

/** One figure of the suite, in the shape of contracts/cli.md; `details` carries what a single number hides. */
export const ZBenchReportSchema = z.object({
  machine: z.object({ cpus: z.number(), node: z.string(), db: z.string(), temporal: z.string() }).loose(),
  benchmarks: z.array(ZBenchResultSchema),
});
export type TBenchReport = z.infer<typeof ZBenchReportSchema>;

export type TLog = (line: string) => void;
/**
 * What the command line sets for a run: the province benchmark's scale (`--full`, `--measures N`) and its stack
 * (`--postgres URL`, `--temporal-server`).
 */
export type TBenchOptions = { provinceMeasures?: number; provinceStack?: TBenchStack };
type TBenchmark = (log: TLog, options: TBenchOptions) => Promise<TBenchResult[]>;

/** In the order they run: the cheap, in-memory ones first, so a broken stack still leaves their figures. */
export const BENCHMARKS: Record<string, TBenchmark> = {
  parse: async () => [await (await import('../parser/bench')).benchParse()],
  'parse-corners': async () => [await (await import('./parse-corners')).benchParseCorners()],
  score: async () => [await (await import('../scoring/bench')).benchScore()],
  'score-assessment': async () => (await import('../scoring/bench-assessment')).benchScoreAssessment(),
  charts: async () => [await (await import('../report/bench-charts')).benchCharts()],
  mail: async () => [await (await import('./mail')).benchMail()],
  launch: async (log) => (await import('./launch')).benchLaunch(log),
  submit: async (log) => (await import('./submit')).benchSubmit(log),
  dashboard: async (log) => (await import('./dashboard')).benchDashboard(log),
  'timer-lateness': async (log) => (await import('./timer-lateness')).benchTimerLateness(log),
  memory: async (log) => (await import('./memory')).benchMemory(log),
  province: async (log, options) => (await import('./province')).benchProvince(log, { measures: options.provinceMeasures, stack: options.provinceStack }),
};
export const BENCHMARK_NAMES = Object.keys(BENCHMARKS);

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** `value / baseline`, rounded for reading. */
async function temporalVersion(): Promise<string> {
  const cli = await ensureTemporalCli();
  const { stdout } = await promisify(execFile)(cli, ['--version']);
  // A CLI built with `go install` calls itself 0.0.0-DEV; the module it was built from names the release.
  const cliVersion = /version (\S+)/.exec(stdout)?.[1];
  const version = !cliVersion || cliVersion.startsWith('0.0.0') ? TEMPORAL_CLI_MODULE.split('@v')[1] : cliVersion;
  const server = /Server ([\d.]+)/.exec(stdout)?.[1];
  return `dev-server ${version}${server ? ` (server ${server})` : ''}`;
}

export async function machine(): Promise<TBenchReport['machine']> {
  return {
    cpus: os.cpus().length,
    node: process.version,
    db: 'pglite',
    temporal: await temporalVersion(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
}

/** Runs the named benchmarks one after another; each starts and stops what it needs. */
export async function runBenchmarks(names: string[], log: TLog, options: TBenchOptions = {}): Promise<TBenchReport> {
  const benchmarks: TBenchResult[] = [];
  for (const name of names) {
    log(`bench ${name}…`);
    const started = Date.now();
    const results = await BENCHMARKS[name]!(log, options);
    log(`bench ${name}: done in ${Math.round((Date.now() - started) / 1000)} s`);
    benchmarks.push(...results);
  }
  return { machine: await machine(), benchmarks };
}

/**
 * Writes the day's results to bench/results/<YYYY-MM-DD>.json. A run of some benchmarks (`--only`) replaces their
 * figures in the day's file and keeps the others, so a suite can be built up one benchmark at a time.
 */
export function writeResults(report: TBenchReport, day = new Date().toISOString().slice(0, 10), dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${day}.json`);
  const earlier = existsSync(file) ? ZBenchReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))) : null;
  const fresh = new Set(report.benchmarks.map((b) => b.name));
  const kept = earlier?.success ? earlier.data.benchmarks.filter((b) => !fresh.has(b.name)) : [];
  const order = (name: string) => {
    const i = BENCHMARK_NAMES.findIndex((n) => name === n || name.startsWith(`${n}-`));
    return i === -1 ? BENCHMARK_NAMES.length : i;
  };
  const merged = { machine: report.machine, benchmarks: [...kept, ...report.benchmarks].sort((a, b) => order(a.name) - order(b.name)) };
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
  return file;
}
