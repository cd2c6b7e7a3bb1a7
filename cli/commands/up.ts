import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { UsageError, UserError } from '../../lib/errors';
import { decodeDocument } from '../../parser/decode';
import { assertMeasuresFound, parsePlan } from '../../parser/parse-plan';
import type { TDemoSource } from '../../seeds/seed';
import { readRegistryFile } from '../../services/units/registry-file';
import { ensureDataDir } from '../../stack/data-dir';
import { startStack } from '../../stack/up';
import { askOnTerminal, settleDataFolder } from '../../stack/workflow-generation';
import { installWorkerLog } from '../../stack/worker-log';
import { openAppLog } from '../../stack/app-log';
import { assertDemoHost } from '../../stack/demo';
import { parseCliArgs } from '../args';
import { readDataFile, readInputFile } from '../files';

const USAGE = [
  'usage: duban up [--demo [--plan FILE] [--registry FILE]] [--fresh]',
  '  --demo           载入示例单位与计划，按压缩时钟运行 / load the sample registry and plan on a compressed clock',
  '  --plan FILE      演示用另一份计划 / the plan the demo runs instead of the sample',
  '  --registry FILE  演示用另一份单位名录 / the unit registry the demo loads instead of the sample',
  '  --fresh          数据目录的工作流历史来自不兼容的旧版本时，将其移开另存后以空目录启动 / when the data folder holds',
  '                   histories of an incompatible earlier version, move it aside and start afresh',
].join('\n');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    argv,
    { demo: { type: 'boolean' }, plan: { type: 'string' }, registry: { type: 'string' }, fresh: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length) throw new UsageError(USAGE);
  if (!values.demo && (values.plan !== undefined || values.registry !== undefined)) {
    throw new UsageError(`--plan 和 --registry 只用于演示 / --plan and --registry go with --demo\n${USAGE}`);
  }
  const config = loadConfig();
  if (values.demo) assertDemoHost(config.HOST);
  // Both files are read and checked before anything starts: a wrong one costs a second, not a stack's start-up.
  const demo = values.demo ? await demoSource(values.plan, values.registry) : false;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Only the embedded Temporal server keeps its histories in the data folder; before anything writes to it.
  if (!config.TEMPORAL_ADDRESS) {
    const onTerminal = process.stdin.isTTY && process.stderr.isTTY;
    await settleDataFolder(config.dataDir, {
      fresh: values.fresh ?? false,
      ask: onTerminal ? askOnTerminal : null,
      log,
      databaseElsewhere: Boolean(config.DATABASE_URL),
    });
  }
  const workerLog = installWorkerLog(ensureDataDir(config.dataDir), config.LOG_LEVEL, log);
  const appLog = openAppLog(config);
  const stack = await startStack(config, { demo, log, appLog: appLog.logger });
  const lines = [
    '',
    '督办 Duban 已启动 / is up:',
    `  应用 App              ${stack.urls.app}`,
    `  Temporal Web UI       ${stack.urls.temporalUi ?? `(外部集群 external cluster ${stack.temporalAddress})`}`,
    `  邮件捕获 Mail capture  ${stack.urls.mail ?? `(SMTP_URL ${stack.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')})`}`,
    `  应用日志 App log       ${appLog.file}`,
    `  Worker 日志 log        ${workerLog}`,
    '按 Ctrl-C 停止 / press Ctrl-C to stop',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log(`\n收到 ${signal}，正在停止 / stopping…`);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      // A second Ctrl-C while stopping ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stack.stop();
  log('已停止 / stopped');
  return 0;
}

async function demoSource(planFile: string | undefined, registryFile: string | undefined): Promise<TDemoSource> {
  const source: TDemoSource = {};
  if (registryFile !== undefined) source.registry = readRegistryFile(await readDataFile(registryFile), registryFile);
  if (planFile !== undefined) {
    const content = await readInputFile(planFile);
    try {
      assertMeasuresFound(parsePlan(await decodeDocument(content, planFile)));
    } catch (err) {
      if (err instanceof UserError) throw new UserError(`${planFile}：${err.message}`);
      throw err;
    }
    source.plan = { fileName: path.basename(planFile), content };
  }
  return source;
}
