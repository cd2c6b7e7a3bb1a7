import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../lib/config';
import { temporalConnectionOptions } from '../../lib/temporal-connection';
import { ensureTemporalServer } from '../../stack/temporal-binary';
import { freeClusterPorts, setupTemporalSchema, startTemporalCluster, type TTemporalServerTls } from '../../stack/temporal-cluster';

export type TTestTemporalCluster = {
  address: string;
  namespace: string;
  /** Temporal's own database (executions, history), for tests that look at what it stored. */
  databaseUrl: string;
  logFile: string;
  /** Stops the server, then drops its two databases and its folder. */
  stop: () => Promise<void>;
};

export type TTestTemporalClusterOptions = {
  /** Frontend TLS; with `clientCaFile`, client certificates are required. */
  tls?: TTemporalServerTls;
  /** The TEMPORAL_TLS_* variables with which the helper itself reaches the frontend to register the namespace. */
  clientEnv?: Record<string, string>;
  namespace?: string;
};

/** The PostgreSQL server the cluster keeps its databases on: the one `DUBAN_TEST_DB=postgres` runs the suites on. */
function postgresServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    throw new Error('the production Temporal server runs on PostgreSQL: set TEST_POSTGRES_URL (a server URL with rights to create databases)');
  }
  return url;
}

export { freeLowPorts } from '../../stack/temporal-cluster';

/**
 * The production Temporal server (built into .tools/ on first use, minutes cold) on two fresh databases of the test
 * PostgreSQL server, on free loopback ports, with its namespace registered.
 */
export async function startTestTemporalCluster(options: TTestTemporalClusterOptions = {}): Promise<TTestTemporalCluster> {
  const server = postgresServerUrl();
  const tools = await ensureTemporalServer();
  const name = `temporal_test_${randomBytes(5).toString('hex')}`;
  const on = (database: string) => {
    const url = new URL(server);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const persistence = { url: on(name), visibilityUrl: on(`${name}_visibility`) };
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-temporal-'));
  const dropDatabases = async () => {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      for (const db of [name, `${name}_visibility`]) await admin.query(`drop database if exists ${db} with (force)`);
    } finally {
      await admin.end();
    }
  };
  try {
    await setupTemporalSchema(tools, persistence);
    const settings = { persistence, host: '127.0.0.1', ports: await freeClusterPorts(), numHistoryShards: 4, tls: options.tls };
    const address = `${settings.host}:${settings.ports.frontend}`;
    const cluster = await startTemporalCluster({
      tools,
      settings,
      dir,
      namespace: options.namespace ?? 'default',
      retentionDays: 1,
      connection: temporalConnectionOptions(loadConfig({ ...options.clientEnv, TEMPORAL_ADDRESS: address }), address),
    });
    return {
      address: cluster.address,
      namespace: cluster.namespace,
      databaseUrl: persistence.url,
      logFile: cluster.logFile,
      async stop() {
        await cluster.stop();
        await dropDatabases();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await dropDatabases().catch(() => {});
    throw err;
  }
}
