import type { Client } from '@temporalio/client';
import type { Db } from '../prisma/client';

/** How long a readiness check waits for the database or Temporal before calling it unreachable. */
const READY_CHECK_MS = 2_000;

export type TReadiness = { ready: boolean; checks: Record<string, string> };

/** Runs each check with a bound; `ok`, or why not in a few words. */
export async function checkReadiness(checks: Record<string, () => Promise<unknown>>): Promise<TReadiness> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_CHECK_MS / 1000} s`)), READY_CHECK_MS);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, `unreachable: ${(err as Error).message.split('\n')[0]}`] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
}

/** The database answers a query. */
export const databaseCheck = (db: Db) => () => db.$queryRaw`select 1`;

/** The Temporal frontend answers, through the client's own connection (which a lazy connection opens here). */
export const temporalCheck = (temporal: Client) => () =>
  temporal.connection.withDeadline(Date.now() + READY_CHECK_MS, () => temporal.workflowService.getSystemInfo({}));
