import { loadConfig } from '../../lib/config';
import { UsageError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { closePlan } from '../../services/plans/close-plan';
import { openDatabase } from '../../stack/database';
import { connectTemporalClient } from '../../stack/temporal-client';
import { parseCliArgs, printJson } from '../args';

const USAGE = 'usage: duban plan close PLAN_ID --reason TEXT [--json]';

/**
 * `duban plan close PLAN_ID --reason TEXT`: closes a launched plan whose period is over, as the plan page's button
 * does: its measures not 办结 are recorded as 未办结 and their workflows end; the plan is read-only from then on.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { reason: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const [planId, ...extra] = positionals;
  if (!planId || extra.length || values.reason === undefined) throw new UsageError(USAGE);
  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>> | undefined;
  try {
    temporal = await connectTemporalClient(config);
    const closed = await closePlan({ db, temporal, now: () => new Date() }, planId, { reason: values.reason }, { id: null, label: 'cli' });
    if (values.json) printJson(closed);
    else process.stdout.write(`计划已关闭 / plan closed: ${planId}\n  未办结 ${closed.unfinished} 项 / ${closed.unfinished} measures not done\n`);
    return 0;
  } finally {
    await db.close();
    await database.close();
    await temporal?.close();
  }
}
