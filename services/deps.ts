import type { Client } from '@temporalio/client';
import { AppError } from '../lib/errors';
import type { Db } from '../prisma/client';

/** A Temporal client and the task queue the workers poll. */
export type TTemporal = { client: Client; taskQueue: string };

/**
 * What operations run on, given by their caller (the API, the CLI, a test); each takes the part it needs. `temporal`
 * is null where no workflow service runs: an operation that needs one refuses.
 */
export type TServiceDeps = { db: Db; temporal: TTemporal | null; now: () => Date };

export function temporalOf(deps: Pick<TServiceDeps, 'temporal'>): TTemporal {
  if (!deps.temporal) throw new AppError('WORKFLOWS_UNAVAILABLE');
  return deps.temporal;
}
