import { requireSettings, type TConfig } from '../lib/config';
import { temporalConnectionOptions, type TTemporalConnectionOptions } from '../lib/temporal-connection';
import { assertMigrated } from '../prisma/migration-status';
import { checkReachable } from './database';

/** What `duban web` and `duban worker` need set: they share every server with other processes, and start none. */
const DEPLOYED_SETTINGS = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'PUBLIC_URL'] as const;

export type TDeployedConfig = TConfig & { DATABASE_URL: string; TEMPORAL_ADDRESS: string; SMTP_URL: string };

/**
 * The start-up checks of a deployed process, each stopping it with one line before anything listens or polls: the
 * variables it needs are set, the Temporal TLS files are readable and match, the database answers and has every
 * migration of this release.
 */
export async function checkDeployedStart(
  config: TConfig,
  command: string,
): Promise<{ config: TDeployedConfig; temporal: TTemporalConnectionOptions }> {
  requireSettings(config, [...DEPLOYED_SETTINGS], command);
  const deployed = config as TDeployedConfig;
  const temporal = temporalConnectionOptions(deployed, deployed.TEMPORAL_ADDRESS);
  await checkReachable(deployed.DATABASE_URL, deployed.DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@'));
  await assertMigrated(deployed.DATABASE_URL, command);
  return { config: deployed, temporal };
}
