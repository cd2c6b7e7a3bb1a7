import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { ensureDataDir } from '../../stack/data-dir';
import { startStack } from '../../stack/up';
import { askOnTerminal, settleDataFolder } from '../../stack/workflow-generation';
import { installWorkerLog } from '../../stack/worker-log';
import { parseCliArgs } from '../args';

const USAGE = [
  'usage: duban up [--demo] [--fresh]',
  '  --demo   载入示例单位与计划，按压缩时钟运行 / load the sample registry and plan on a compressed clock',
  '  --fresh  数据目录的工作流历史来自不兼容的旧版本时，将其移开另存后以空目录启动 / when the data folder holds histories of an',
  '           incompatible earlier version, move it aside and start afresh',
].join('\n');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { demo: { type: 'boolean' }, fresh: { type: 'boolean' } }, USAGE);
  if (positionals.length) throw new UsageError(USAGE);
  const config = loadConfig();
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
  const workerLog = installWorkerLog(ensureDataDir(config.dataDir), log);
  const stack = await startStack(config, { demo: values.demo ?? false, log });
  const lines = [
    '',
    '督办 Duban 已启动 / is up:',
    `  应用 App              ${stack.urls.app}`,
    `  Temporal Web UI       ${stack.urls.temporalUi ?? `(外部集群 external cluster ${stack.temporalAddress})`}`,
    `  邮件捕获 Mail capture  ${stack.urls.mail ?? `(SMTP_URL ${stack.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')})`}`,
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
