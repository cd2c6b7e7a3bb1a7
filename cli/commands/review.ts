import { randomUUID } from 'node:crypto';
import { ZReviewReportBodySchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import { loadConfig } from '../../lib/config';
import { UserError, UsageError } from '../../lib/errors';
import { createDb, type Db } from '../../prisma/client';
import type { TPerson } from '../../services/access/scope';
import { listReviews } from '../../services/reviews/list-reviews';
import { reviewReport } from '../../services/reviews/review-report';
import { connectTemporalClient } from '../../stack/temporal-client';
import { openDatabase } from '../../stack/database';
import { actingCoordinator } from '../acting-coordinator';
import { answerHelp, parseCliArgs, printJson } from '../args';

const USAGE = [
  'usage: duban review list PLAN_ID [--unit UNIT_ID] [--as EMAIL] [--json]',
  '       duban review accept REPORT_ID [--as EMAIL] [--json]',
  '       duban review return REPORT_ID --reason TEXT [--days N] [--as EMAIL] [--json]',
  '  --as: the coordinator who reviews; without it, the plan’s one coordinator',
].join('\n');

/** The coordinator who reviews: --as, else the plan's one coordinator. Reviews are audited in a person's name. */
const reviewer = (db: Db, as: string | undefined, planId: string | null): Promise<TPerson> =>
  actingCoordinator(db, as, planId, `请用 --as 指明审核人 / name the reviewer with --as EMAIL\n${USAGE}`);

/** `duban review list|accept|return`: the office's review queue (审核), and its decisions on one report. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub.startsWith('-')) answerHelp(argv, USAGE);
  if (sub !== 'list' && sub !== 'accept' && sub !== 'return') throw new UsageError(USAGE);
  const { values, positionals } = parseCliArgs(
    rest,
    { as: { type: 'string' }, unit: { type: 'string' }, reason: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  const [id, ...extra] = positionals;
  if (!id || extra.length) throw new UsageError(USAGE);
  if (sub !== 'list' && values.unit) throw new UsageError(USAGE);
  if (sub !== 'return' && (values.reason !== undefined || values.days !== undefined)) throw new UsageError(USAGE);
  // Checked here, before the database and Temporal are looked for, with the schema the workflow's validator runs.
  const body =
    sub === 'list'
      ? null
      : ZReviewReportBodySchema.safeParse({
          decision: sub,
          ...(values.reason === undefined ? {} : { reason: values.reason }),
          ...(values.days === undefined ? {} : { reworkDays: Number(values.days) }),
          requestId: `cli:${randomUUID()}`,
        });
  if (body && !body.success) throw new UserError(`审核无效 / invalid review: ${describeIssue(body.error)}`);

  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  try {
    if (sub === 'list') {
      const queue = await listReviews(db, await reviewer(db, values.as, id), { planId: id, unitId: values.unit, limit: 500 });
      if (values.json) printJson(queue);
      else if (queue.items.length === 0) process.stdout.write('暂无待审核的报告 / no report is waiting for review\n');
      else {
        for (const r of queue.items) {
          process.stdout.write(`${r.reportId}  ${r.submittedAt.slice(0, 10)}  ${r.unit.name}  ${r.measure.ref} ${r.measure.title}  ${r.period} ${r.status} ${r.percent}%\n`);
        }
      }
      return 0;
    }
    const report = await db.progressReport.findUnique({ where: { id }, select: { assignment: { select: { measure: { select: { planId: true } } } } } });
    if (!report) throw new UserError(`无此报告 / no report ${id}`);
    const person = await reviewer(db, values.as, report.assignment.measure.planId);
    const temporal = await connectTemporalClient(config);
    try {
      const answer = await reviewReport({ db, temporal }, person, id, body!.data!);
      if (values.json) printJson(answer);
      else if (answer.review === 'accepted') process.stdout.write(`已通过 / accepted: report ${answer.reportId}\n`);
      else process.stdout.write(`已退回 / returned: report ${answer.reportId}，须于 ${answer.reworkDue} 前重报 / to be reported again by ${answer.reworkDue}\n`);
      return 0;
    } finally {
      await temporal.close();
    }
  } finally {
    await db.close();
    await database.close();
  }
}
