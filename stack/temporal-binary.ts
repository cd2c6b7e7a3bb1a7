import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
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
  log(`正在构建 Temporal CLI (首次需要几分钟) / building the Temporal CLI with go install (first time takes minutes)…`);
  await goInstall(go, [TEMPORAL_CLI_MODULE], TOOLS_DIR).catch((err: Error) => {
    throw new UserError(`构建 Temporal CLI 失败 / go install failed: ${err.message}. ${HOW_TO}`);
  });
  if (!existsSync(cached)) throw new UserError(`go install 未生成 ${cached} / produced no binary. ${HOW_TO}`);
  return cached;
}

/** `go install` of `packages` into `gobin`, niced: a cold build takes minutes of every core, beside other work. */
async function goInstall(go: string, packages: string[], gobin: string): Promise<void> {
  mkdirSync(gobin, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', go, 'install', ...packages], {
      env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(output.trim().split('\n').at(-1)))));
  });
}

/** The Temporal server the CLI's dev server embeds (`temporal server start-dev` of CLI 1.5.1 runs server 1.29.1). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SERVER_MODULE = 'go.temporal.io/server';

export type TemporalServerTools = {
  /** `temporal-server --config-file FILE start`. */
  server: string;
  /** `temporal-sql-tool`: creates the databases and applies the schema. */
  sqlTool: string;
  /** The module's `schema/postgresql/v12`, with `temporal/versioned` and `visibility/versioned` in it. */
  postgresSchemaDir: string;
};

/**
 * The production Temporal server and its SQL schema tool, built from the Go module proxy into
 * `.tools/temporal-server-<version>/` with the module's PostgreSQL schema copied beside them, so nothing depends on
 * the Go module cache afterwards (and `.tools/` alone can be shipped). Cached: a cold build is minutes.
 */
export async function ensureTemporalServer(log: (line: string) => void = () => {}): Promise<TemporalServerTools> {
  const dir = path.join(TOOLS_DIR, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const tools: TemporalServerTools = {
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    postgresSchemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
  if (executable(tools.server) && executable(tools.sqlTool) && existsSync(tools.postgresSchemaDir)) return tools;
  const go = onPath('go');
  if (!go) throw new UserError(`构建 Temporal 服务器需要 Go / building the Temporal server needs Go on PATH (${SERVER_MODULE}@${TEMPORAL_SERVER_VERSION})`);
  log(`正在构建 Temporal 服务器 (首次需要几分钟) / building the Temporal server ${TEMPORAL_SERVER_VERSION} with go install (first time takes minutes)…`);
  mkdirSync(TOOLS_DIR, { recursive: true });
  const gobin = mkdtempSync(path.join(TOOLS_DIR, '.go-install-'));
  try {
    await goInstall(go, [`${SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], gobin).catch(
      (err: Error) => {
        throw new UserError(`构建 Temporal 服务器失败 / go install of the Temporal server failed: ${err.message}`);
      },
    );
    const moduleDir = path.join(execFileSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(), `${SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`);
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    // The module cache is read-only: copied files keep its modes, so give them write permission back.
    cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), tools.postgresSchemaDir, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', path.join(dir, 'schema')]);
    renameSync(path.join(gobin, 'server'), tools.server);
    renameSync(path.join(gobin, 'sql'), tools.sqlTool);
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
  return tools;
}
