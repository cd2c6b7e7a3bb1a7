import { shanghaiDate } from '../../calendar/working-days';
import { loadConfig } from '../../lib/config';
import { UsageError, UserError } from '../../lib/errors';
import { issueText, say } from '../../lib/messages';
import { sayBoth } from '../../lib/text';
import { createDb } from '../../prisma/client';
import { pastDatesRefusal, ZLaunchDatesSchema, type TLaunchDatesChoice } from '../../services/plans/launch-dates';
import { launchablePlan, launchPlan } from '../../services/plans/launch-plan';
import { connectTemporalClient } from '../../stack/temporal-client';
import { openDatabase } from '../../stack/database';
import { parseCliArgs, printJson } from '../args';

const USAGE = 'usage: duban plan launch PLAN_ID [--rebase YEAR | --as-is] [--json]';

/** --rebase YEAR or --as-is, read with the schema the API reads its body with; a refusal names its field. */
function datesChoice(values: { rebase?: string; 'as-is'?: boolean }): TLaunchDatesChoice | undefined {
  if (values.rebase === undefined && !values['as-is']) return undefined;
  if (values.rebase !== undefined && !/^-?\d+$/.test(values.rebase)) throw new UsageError(`--rebase 应为年份，如 2026 / --rebase takes a year such as 2026\n${USAGE}`);
  const parsed = ZLaunchDatesSchema.safeParse({
    ...(values.rebase !== undefined ? { rebase: Number(values.rebase) } : {}),
    ...(values['as-is'] ? { asIs: true } : {}),
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UserError(issueText(issue.message) ? sayBoth({ text: issueText(issue.message)! }) : `${issue.path.join('.')}: ${issue.message}`);
}

/**
 * `duban plan launch PLAN_ID`: one workflow per measure; a second launch starts nothing new. A plan whose dates are
 * past needs --rebase YEAR or --as-is, and is refused without either, naming the dates.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { json: { type: 'boolean' }, rebase: { type: 'string' }, 'as-is': { type: 'boolean' } }, USAGE);
  const [planId, ...extra] = positionals;
  if (!planId || extra.length) throw new UsageError(USAGE);
  const dates = datesChoice(values);
  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  let temporal: Awaited<ReturnType<typeof connectTemporalClient>> | undefined;
  try {
    // A mistyped id, a closed plan or past dates with no way chosen are told before the Temporal server is looked for.
    const plan = await launchablePlan(db, planId);
    const refusal = plan.status === 'draft' ? await pastDatesRefusal(db, planId, shanghaiDate(new Date()), dates) : null;
    if (refusal) throw new UserError(say('datesPastFlags', refusal.say.params));
    temporal = await connectTemporalClient(config);
    const demoDayMs = config.DUBAN_DEMO_DAY_SECONDS ? config.DUBAN_DEMO_DAY_SECONDS * 1000 : undefined;
    // A large plan takes a while: say how far it got, once a second, on stderr (stdout stays the result).
    let said = Date.now();
    const result = await launchPlan(db, temporal.client, planId, {
      taskQueue: temporal.taskQueue,
      actor: { id: null, label: 'cli' },
      ...(dates ? { dates } : {}),
      onProgress: (done, total) => {
        if (Date.now() - said < 1_000 || done === total) return;
        said = Date.now();
        process.stderr.write(`已启动 ${done}/${total} / started ${done} of ${total}\n`);
      },
      onStall: () =>
        process.stderr.write(
          '启动已登记，但 15 秒内没有进展：请确认工作进程（duban up 或 worker）在运行，启动会在其运行后继续；按 Ctrl-C 退出不影响启动。\n' +
            'The launch is recorded but has not moved for 15 s: is a worker (duban up) running? It carries on once one is; Ctrl-C leaves it running.\n',
        ),
      ...(demoDayMs ? { clock: { dayMs: demoDayMs } } : {}),
    });
    if (values.json) printJson(result);
    else {
      process.stdout.write(
        `计划已启动 / plan launched: ${planId}\n  ${result.measures} 项措施：新启动 ${result.started}，已在运行 ${result.alreadyRunning} / ` +
          `${result.started} started, ${result.alreadyRunning} already running\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
    await database.close();
    await temporal?.close();
  }
}
