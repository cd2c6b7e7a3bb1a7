import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../lib/errors';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = path.join(root, '.tools');
/** v1.6+ carry a `replace` directive that `go install` refuses; 1.5.1 builds from the Go module proxy. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && executable(candidate)) return candidate;
  }
  return null;
}

const HOW_TO =
  '设置 TEMPORAL_ADDRESS 使用现有集群，或 TEMPORAL_CLI 指向 temporal 可执行文件，或安装 Go 以自动构建 / ' +
  `set TEMPORAL_ADDRESS to use a cluster, TEMPORAL_CLI to a temporal binary, put temporal on PATH, or install Go so that ` +
  `\`go install ${TEMPORAL_CLI_MODULE}\` can build one into .tools/`;

/**
 * The `temporal` CLI whose `server start-dev` is Duban's embedded Temporal server, found in this order:
 * TEMPORAL_CLI, .tools/, PATH, else built into .tools/ with `go install` (cached; minutes on a fresh machine).
 */
export async function ensureTemporalCli(log: (line: string) => void = () => {}): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!executable(fromEnv)) throw new UserError(`TEMPORAL_CLI=${fromEnv} 不是可执行文件 / is not an executable file. ${HOW_TO}`);
    return fromEnv;
  }
  const cached = path.join(TOOLS_DIR, 'temporal');
  if (executable(cached)) return cached;
  const found = onPath('temporal');
  if (found) return found;
  const go = onPath('go');
  if (!go) throw new UserError(`找不到 Temporal 服务器 / no Temporal server available. ${HOW_TO}`);
  mkdirSync(TOOLS_DIR, { recursive: true });
  log(`正在构建 Temporal CLI (首次需要几分钟) / building the Temporal CLI with go install (first time takes minutes)…`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: TOOLS_DIR, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new UserError(`构建 Temporal CLI 失败 / go install failed: ${output.trim().split('\n').at(-1)}. ${HOW_TO}`)),
    );
  });
  if (!existsSync(cached)) throw new UserError(`go install 未生成 ${cached} / produced no binary. ${HOW_TO}`);
  return cached;
}
