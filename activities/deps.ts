import type { TConfig } from '../lib/config';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';

/** What every activity factory receives. `clock` is injectable so tests and the demo can read a fixed or fast time. */
export type TActivityDeps = {
  db: Db;
  mailer: Mailer;
  clock: () => Date;
  config: Pick<TConfig, 'publicUrl'>;
};
