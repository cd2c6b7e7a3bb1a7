import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { UserError } from '../lib/errors';
import type { TTemporalConnectionOptions } from '../lib/temporal-connection';
import type { TemporalServerTools } from './temporal-binary';

/** Temporal's two PostgreSQL databases, as `postgresql://user:password@host:port/database` URLs. */
export type TTemporalPersistence = { url: string; visibilityUrl: string };

/**
 * The eight ports one server process of all four services listens on; membership ports carry the services' ring and
 * must be below 32768: Temporal stores them in a PostgreSQL `smallint` (`cluster_membership.rpc_port`).
 */
export type TTemporalPorts = {
  frontend: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
};

const MAX_MEMBERSHIP_PORT = 32_767;

/** A free loopback port below Linux's ephemeral range (32768 up), where Temporal's membership ports must be. */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

/** `n` free loopback ports, all below 32768 and all different. */
export async function freeLowPorts(n: number): Promise<number[]> {
  const taken = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await freeLowPort(taken));
  return out;
}

/** Free loopback ports for one server process of all four services (tests, benchmarks). */
export async function freeClusterPorts(): Promise<TTemporalPorts> {
  const taken = new Set<number>();
  const next = () => freeLowPort(taken);
  return {
    frontend: await next(),
    frontendMembership: await next(),
    history: await next(),
    historyMembership: await next(),
    matching: await next(),
    matchingMembership: await next(),
    worker: await next(),
    workerMembership: await next(),
  };
}

/** TLS on the frontend (where clients and workers connect); `clientCaFile` set: client certificates required. */
export type TTemporalServerTls = {
  certFile: string;
  keyFile: string;
  /** The CA that signed `certFile`: the server's own system worker checks the frontend with it. */
  caFile: string;
  /** The name in `certFile` that the system worker expects. */
  serverName: string;
  clientCaFile?: string;
};

export type TTemporalServerSettings = {
  persistence: TTemporalPersistence;
  /** The IP every service binds to and announces to the others. */
  host: string;
  ports: TTemporalPorts;
  /** Fixed for the life of the persistence: it cannot change once the server has run on it. */
  numHistoryShards: number;
  tls?: TTemporalServerTls;
};

function postgresTarget(url: string): { host: string; port: number; user: string; password: string; database: string } {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^postgres(ql)?:$/.test(u.protocol) || !database) {
    throw new UserError(`Temporal 的数据库地址无效 / not a postgresql://user@host:port/database URL: ${u.protocol}//${u.host}${u.pathname}`);
  }
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database,
  };
}

function runSqlTool(tool: string, url: string, args: string[]): Promise<void> {
  const t = postgresTarget(url);
  // Through the environment, so the password shows in no process list.
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: t.host,
    SQL_PORT: String(t.port),
    SQL_USER: t.user,
    SQL_PASSWORD: t.password,
    SQL_DATABASE: t.database,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const last = output.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${code}`;
      reject(new UserError(`temporal-sql-tool ${args[0]} 失败 / failed on ${t.host}:${t.port}/${t.database}: ${last}`));
    });
  });
}

/**
 * Creates Temporal's two databases if missing and brings both schemas to the version this server needs, with the
 * server's own SQL tool and the schema files of its module. Safe to run again: an up-to-date database is left alone,
 * and an older one is upgraded (the step before starting a newer server).
 */
export async function setupTemporalSchema(tools: TemporalServerTools, persistence: TTemporalPersistence): Promise<void> {
  for (const [url, schema] of [
    [persistence.url, 'temporal'],
    [persistence.visibilityUrl, 'visibility'],
  ] as const) {
    await runSqlTool(tools.sqlTool, url, ['create-database']);
    await runSqlTool(tools.sqlTool, url, ['setup-schema', '-v', '0.0']);
    await runSqlTool(tools.sqlTool, url, ['update-schema', '-d', path.join(tools.postgresSchemaDir, schema, 'versioned')]);
  }
}

function datastore(url: string, maxConns: number) {
  const t = postgresTarget(url);
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: t.database,
      connectAddr: `${t.host}:${t.port}`,
      connectProtocol: 'tcp',
      user: t.user,
      password: t.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/**
 * The server's configuration file, as JSON (which YAML reads). Modelled on the module's
 * `config/development-postgres12.yaml`, without archival, pprof or metrics listeners.
 */
export function temporalServerConfig(s: TTemporalServerSettings): Record<string, unknown> {
  for (const [name, port] of Object.entries(s.ports)) {
    if (name.endsWith('Membership') && port > MAX_MEMBERSHIP_PORT) {
      throw new UserError(`Temporal 的 ${name} 端口须小于 32768 / Temporal's ${name} port ${port} must be below 32768 (a smallint in its database)`);
    }
  }
  const frontendAddress = `${s.host}:${s.ports.frontend}`;
  const service = (grpcPort: number, membershipPort: number) => ({ rpc: { grpcPort, membershipPort, bindOnIP: s.host } });
  const tls = s.tls;
  const client = tls ? { serverName: tls.serverName, rootCaFiles: [tls.caFile] } : undefined;
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: s.numHistoryShards,
      datastores: {
        'postgres-default': datastore(s.persistence.url, 20),
        'postgres-visibility': datastore(s.persistence.visibilityUrl, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: s.host },
      ...(tls
        ? {
            tls: {
              frontend: {
                server: {
                  certFile: tls.certFile,
                  keyFile: tls.keyFile,
                  requireClientAuth: Boolean(tls.clientCaFile),
                  ...(tls.clientCaFile ? { clientCaFiles: [tls.clientCaFile] } : {}),
                },
                client,
              },
              // The server's own system worker (schedules, batch jobs) is a client of its frontend like any other.
              systemWorker: { certFile: tls.certFile, keyFile: tls.keyFile, client },
            },
          }
        : {}),
    },
    services: {
      frontend: service(s.ports.frontend, s.ports.frontendMembership),
      history: service(s.ports.history, s.ports.historyMembership),
      matching: service(s.ports.matching, s.ports.matchingMembership),
      worker: service(s.ports.worker, s.ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontendAddress } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    publicClient: { hostPort: frontendAddress },
  };
}

export type TTemporalCluster = {
  address: string;
  namespace: string;
  logFile: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop: () => Promise<void>;
};

export type TStartTemporalClusterOptions = {
  tools: TemporalServerTools;
  settings: TTemporalServerSettings;
  /** Where the configuration file and the log go. */
  dir: string;
  /** Registered if missing. */
  namespace: string;
  /** How long closed workflows' histories are kept. */
  retentionDays: number;
  /** How this process reaches the frontend to register the namespace (with a client certificate under mutual TLS). */
  connection: Omit<TTemporalConnectionOptions, 'address'>;
  startTimeoutMs?: number;
};

/** gRPC's status code for a namespace registered before. */
const GRPC_ALREADY_EXISTS = 6;

/** The last lines of the server's JSON log, each as level, message and error: its stack traces would drown them. */
function lastLines(file: string, n: number): string {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  return text
    .trim()
    .split('\n')
    .slice(-n)
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
        return [entry.level, entry.msg, entry.error].filter(Boolean).join(': ');
      } catch {
        return line;
      }
    })
    .join('\n');
}

/**
 * Runs `temporal-server start` (all four services in one process) on a schema already set up, and waits until its
 * frontend answers and the namespace is registered: only then can workers poll it. A server that exits or does not
 * come up in time is reported with the tail of its log.
 */
export async function startTemporalCluster(options: TStartTemporalClusterOptions): Promise<TTemporalCluster> {
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const address = `${options.settings.host}:${options.settings.ports.frontend}`;
  mkdirSync(options.dir, { recursive: true });
  // The server reads `<root>/<config>/<env>.yaml`.
  writeFileSync(path.join(options.dir, 'temporal.yaml'), JSON.stringify(temporalServerConfig(options.settings), null, 2));
  const logFile = path.join(options.dir, 'temporal-server.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  // No authorizer: who may connect is decided by the network and, with TLS, by the client certificate.
  const child = spawn(options.tools.server, ['--root', options.dir, '--config', '.', '--env', 'temporal', '--allow-no-auth', 'start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
    }
    log.end();
  };

  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  try {
    for (;;) {
      if (exited !== undefined) {
        throw new UserError(`Temporal 服务器启动失败 (退出码 ${exited}) / the Temporal server exited during start-up; log ${logFile}:\n${lastLines(logFile, 5)}`);
      }
      if (Date.now() > deadline) {
        throw new UserError(
          `Temporal 服务器 ${timeoutMs / 1000} 秒内未就绪 / the Temporal server was not ready within ${timeoutMs / 1000}s (${lastError}); log ${logFile}:\n${lastLines(logFile, 5)}`,
        );
      }
      const ready = await registerNamespace({ ...options.connection, address }, options).then(
        () => true,
        (err: Error) => {
          lastError = err.message.split('\n')[0]!;
          return false;
        },
      );
      if (ready) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, namespace: options.namespace, logFile, child, stop };
}

/** Registers the namespace unless it exists, then reads it back: it fails until history and matching have joined. */
async function registerNamespace(reach: TTemporalConnectionOptions, options: TStartTemporalClusterOptions): Promise<void> {
  const connection = await Connection.connect({ ...reach, connectTimeout: 2_000 });
  try {
    const { namespace } = options;
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${options.retentionDays} days`) })
      .catch((err: { code?: number }) => {
        if (err.code !== GRPC_ALREADY_EXISTS) throw err;
      });
    await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}
