import path from 'node:path';
import { withEmbeddedSecretKey } from './secret-key';
import { Connection } from '@temporalio/client';
import type { Logger } from '../lib/logger';
import type { TConfig } from '../lib/config';
import type { TDemoSource } from '../seeds/seed';
import { UserError } from '../lib/errors';
import { describeTemporalConnection, temporalConnectionOptions } from '../lib/temporal-connection';
import { ensureDataDir } from './data-dir';
import { openDatabase, type OpenDatabase } from './database';
import { startMailCapture, type MailCapture } from './mail-capture';
import { startServices } from './services';
import { recordRunningStack } from './running-stack';
import { portInUse, startTemporalDevServer, type TemporalServer } from './temporal-server';
import { assertDataFolderCurrent, markDataFolder } from './workflow-generation';

/** `demo`: run the demo, on the sample registry and plan unless it names others. */
export type StackOptions = {
  demo?: TDemoSource | false;
  log?: (line: string) => void;
  /** Where the app logs (stack/app-log.ts); none without it. */
  appLog?: Logger;
};

export type RunningStack = {
  config: TConfig;
  databaseUrl: string;
  temporalAddress: string;
  smtpUrl: string;
  urls: { app: string; temporalUi: string | null; mail: string | null };
  stop: () => Promise<void>;
};

/** Refuses to start over a port that is taken, naming the variable that moves it. */
async function assertPortsFree(ports: [number, string][]): Promise<void> {
  for (const [port, variable] of ports) {
    if (await portInUse(port)) {
      throw new UserError(`端口 ${port} 已被占用 / port ${port} is already in use: stop what uses it or set ${variable}`);
    }
  }
}

async function connectTemporal(config: TConfig, address: string, timeoutMs: number): Promise<Connection> {
  const options = temporalConnectionOptions(config, address);
  try {
    return await Connection.connect({ ...options, connectTimeout: timeoutMs });
  } catch (err) {
    throw new UserError(
      `无法连接 Temporal / cannot reach Temporal at ${address} (${describeTemporalConnection(options)}): ${(err as Error).message}. 检查 TEMPORAL_ADDRESS`,
    );
  }
}

/**
 * Starts the whole stack in this process, in dependency order: database, Temporal, mail, worker, HTTP server.
 * Anything that fails to start stops what already started, so a failed `duban up` leaves nothing behind.
 */
export async function startStack(config: TConfig, options: StackOptions = {}): Promise<RunningStack> {
  const log = options.log ?? (() => {});
  ensureDataDir(config.dataDir);
  config = withEmbeddedSecretKey(config);
  // A folder whose histories an earlier generation wrote is settled by the command first (stack/workflow-generation).
  if (!config.TEMPORAL_ADDRESS) assertDataFolderCurrent(config.dataDir, Boolean(config.DATABASE_URL));
  await assertPortsFree([
    [config.PORT, 'PORT'],
    ...(config.DATABASE_URL ? [] : ([[config.DUBAN_PGLITE_PORT, 'DUBAN_PGLITE_PORT']] as [number, string][])),
    ...(config.SMTP_URL
      ? []
      : ([
          [config.SMTP_CAPTURE_PORT, 'SMTP_CAPTURE_PORT'],
          [config.MAIL_UI_PORT, 'MAIL_UI_PORT'],
        ] as [number, string][])),
  ]);

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log(`停止时出错 / error while stopping: ${(err as Error).message}`));
    stops.length = 0;
  };
  try {
    log('启动数据库 / starting the database…');
    const database: OpenDatabase = await openDatabase(config, { port: config.DUBAN_PGLITE_PORT });
    stops.push(database.close);

    let temporal: TemporalServer | null = null;
    let temporalAddress = config.TEMPORAL_ADDRESS;
    if (!temporalAddress) {
      // The histories the server keeps in the folder are this generation's workflows' from here on.
      markDataFolder(config.dataDir);
      log('启动 Temporal 开发服务器 / starting the Temporal dev server…');
      temporal = await startTemporalDevServer({
        dataDir: config.dataDir,
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        log,
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
    }
    const connection = await connectTemporal(config, temporalAddress, 30_000);
    stops.push(() => connection.close());
    const release = recordRunningStack(config.dataDir, temporalAddress);
    stops.push(async () => release());

    let mail: MailCapture | null = null;
    let smtpUrl = config.SMTP_URL;
    if (!smtpUrl) {
      mail = await startMailCapture({
        smtpPort: config.SMTP_CAPTURE_PORT,
        webPort: config.MAIL_UI_PORT,
        storeFile: path.join(config.dataDir, 'mail', 'messages.jsonl'),
      });
      stops.push(mail.close);
      smtpUrl = mail.smtpUrl;
    }

    const effective = { ...config, DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporalAddress, SMTP_URL: smtpUrl };
    const services = await startServices(effective, connection, { demo: options.demo ?? false, log, mailUrl: mail?.webUrl ?? null, appLog: options.appLog });
    stops.push(services.stop);

    return {
      config: effective,
      databaseUrl: database.url,
      temporalAddress,
      smtpUrl,
      urls: { app: config.publicUrl, temporalUi: temporal?.uiUrl ?? null, mail: mail?.webUrl ?? null },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
