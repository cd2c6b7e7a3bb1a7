import { UsageError } from '../../lib/errors';
import { writeOfflinePack } from '../../stack/pack';
import { parseCliArgs, printJson } from '../args';

const USAGE = 'usage: duban pack FILE [--force] [--json]   (an offline install for machines of this kind: FILE.tar.gz; --force replaces FILE)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { force: { type: 'boolean' }, json: { type: 'boolean' } }, USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError(USAGE);
  const summary = await writeOfflinePack(file, { force: values.force, log: (line) => process.stderr.write(`${line}\n`) });
  if (values.json) printJson(summary);
  else {
    process.stdout.write(
      `已写入离线安装包 / wrote ${summary.file}: ${(summary.bytes / 2 ** 20).toFixed(0)} MB, ${summary.platform}, Node ${summary.node}, ` +
        `Temporal CLI${summary.temporalServer ? ' and server' : ''}, in ${summary.seconds} s. ` +
        `安装 / install: tar -xzf ${summary.file} -C /opt && /opt/duban/duban up\n`,
    );
  }
  return 0;
}
