import type { TConfig } from '../lib/config';
import type { TOutboxWriter } from '../outbox/messages';
import type { Db } from '../prisma/client';

/**
 * What every activity factory receives. `clock` is injectable so tests and the demo can read a fixed or fast time.
 * Activities write the messages their steps owe to the outbox (`outbox` wakes this worker's dispatcher); none sends.
 */
export type TActivityDeps = {
  db: Db;
  clock: () => Date;
  config: Pick<TConfig, 'publicUrl'>;
  outbox: TOutboxWriter;
};
