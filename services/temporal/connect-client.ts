import { Client, Connection } from '@temporalio/client';
import type { TConfig } from '../../lib/config';
import { UserError } from '../../lib/errors';

export type TemporalClient = { client: Client; taskQueue: string; close: () => Promise<void> };

/** A client of `TEMPORAL_ADDRESS`, else of the dev server `duban up` runs on 127.0.0.1. */
export async function connectTemporalClient(config: TConfig): Promise<TemporalClient> {
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5_000 });
  } catch (err) {
    throw new UserError(
      `无法连接 Temporal（${address}），请先运行 duban up 或设置 TEMPORAL_ADDRESS / cannot reach Temporal at ${address}: ${(err as Error).message}`,
    );
  }
  return {
    client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    close: () => connection.close(),
  };
}
