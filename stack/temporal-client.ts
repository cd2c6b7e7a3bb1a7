import { Client, Connection } from '@temporalio/client';
import type { TConfig } from '../lib/config';
import { UserError } from '../lib/errors';
import { describeTemporalConnection, temporalConnectionOptions } from '../lib/temporal-connection';
import { runningStackOf } from './running-stack';

/** gRPC's status code for a namespace the server does not have. */
const GRPC_NOT_FOUND = 5;

export type TemporalClient = { client: Client; taskQueue: string; close: () => Promise<void> };

/**
 * A client of `TEMPORAL_ADDRESS`, else of the Temporal server of the `duban up` running on this data folder, checked
 * to be a Temporal server that has the namespace: a wrong address fails here with one line, not in the first call.
 */
export async function connectTemporalClient(config: TConfig): Promise<TemporalClient> {
  const address = config.TEMPORAL_ADDRESS ?? runningStackOf(config.dataDir)?.temporalAddress;
  if (!address) {
    throw new UserError(
      `数据目录 ${config.dataDir} 没有运行中的 duban up：请先运行 duban up，或设置 TEMPORAL_ADDRESS / ` +
        `no duban up is running for the data folder ${config.dataDir}: start it, or set TEMPORAL_ADDRESS`,
    );
  }
  const options = temporalConnectionOptions(config, address);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: 5_000 });
  } catch (err) {
    throw new UserError(
      `无法连接 Temporal（${address}），请先运行 duban up 或设置 TEMPORAL_ADDRESS / cannot reach Temporal at ${address} (${describeTemporalConnection(options)}): ${(err as Error).message}`,
    );
  }
  try {
    await connection.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE });
  } catch (err) {
    await connection.close();
    const missing = (err as { code?: number }).code === GRPC_NOT_FOUND;
    throw new UserError(
      missing
        ? `Temporal（${address}）没有命名空间 ${config.TEMPORAL_NAMESPACE} / Temporal at ${address} has no namespace ${config.TEMPORAL_NAMESPACE}: check TEMPORAL_NAMESPACE`
        : `${address} 上不是可用的 Temporal 服务 / ${address} does not answer as a Temporal server: ${(err as Error).message.split('\n')[0]}. 检查 TEMPORAL_ADDRESS`,
    );
  }
  return {
    client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    close: () => connection.close(),
  };
}
