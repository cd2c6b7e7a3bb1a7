import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { UserError } from '../lib/errors';
import { ensureTemporalCli } from './temporal-binary';

export type TemporalServer = {
  address: string;
  uiUrl: string | null;
  logFile: string;
  /** Stops the server gracefully, then forcibly after a grace period. */
  stop: () => Promise<void>;
  child: ChildProcess;
};

type Options = {
  dataDir: string;
  port: number;
  uiPort: number;
  host?: string;
  headless?: boolean;
  startTimeoutMs?: number;
  log?: (line: string) => void;
};

function tryConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return tryConnect(port, host);
}

/** A loopback port nobody listens on right now, for servers that cannot pick their own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The dev server opens its SQLite file with one connection, a rollback journal and a sync on every commit, so every
 * write of every workflow and activity step waits for several fsyncs in turn: about 11 bare one-activity workflows a
 * second here, the ceiling the timer benchmark's emails ran into. A write-ahead log without a sync per commit carries
 * about 45 a second. Commits stay durable when the server or the machine's processes crash; an operating-system crash
 * or power loss can lose the last ones, which this embedded development server accepts (production points
 * TEMPORAL_ADDRESS at a real Temporal cluster).
 */
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/**
 * Runs Temporal's dev server (the real server, SQLite-backed, with the Web UI), persisting to `<dataDir>/temporal.db`
 * and logging to `<dataDir>/temporal.log`. Waits until its frontend accepts connections, with a timeout: a server
 * that never comes up is reported with the tail of its log, never waited on silently.
 */
export async function startTemporalDevServer(options: Options): Promise<TemporalServer> {
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  for (const [port, name] of [
    [options.port, 'TEMPORAL_PORT'],
    [options.uiPort, 'TEMPORAL_UI_PORT'],
  ] as const) {
    if (!options.headless || name === 'TEMPORAL_PORT') {
      if (await portInUse(port, host)) {
        throw new UserError(`端口 ${port} 已被占用 / port ${port} is already in use: stop what uses it or set ${name}`);
      }
    }
  }
  const cli = await ensureTemporalCli(options.log);
  const logFile = path.join(options.dataDir, 'temporal.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(options.dataDir, 'temporal.db'),
    '--ip',
    host,
    '--port',
    String(options.port),
    '--log-level',
    'warn',
    ...(options.headless ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );

  const deadline = Date.now() + timeoutMs;
  while (!(await tryConnect(options.port, host))) {
    if (exited !== undefined) {
      throw new UserError(
        `Temporal 开发服务器启动失败 (退出码 ${exited}) / the Temporal dev server exited during start-up; log ${logFile}:\n${lastLines(logFile, 5)}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new UserError(
        `Temporal 开发服务器 ${timeoutMs / 1000} 秒内未就绪 / the Temporal dev server did not start within ${timeoutMs / 1000}s; log ${logFile}:\n${lastLines(logFile, 5)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    address: `${host}:${options.port}`,
    uiUrl: options.headless ? null : `http://${host}:${options.uiPort}`,
    logFile,
    child,
    async stop() {
      if (exited === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}
