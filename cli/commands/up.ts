import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { ensureDataDir } from '../../stack/data-dir';
import { startStack } from '../../stack/up';
import { installWorkerLog } from '../../stack/worker-log';
import { parseCliArgs } from '../args';

const USAGE = 'usage: duban up [--demo]';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { demo: { type: 'boolean' } }, USAGE);
  if (positionals.length) throw new UsageError(USAGE);
  const config = loadConfig();
  const log = (line: string) => process.stderr.write(`${line}\n`);
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
