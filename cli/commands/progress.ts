import { createHash } from 'node:crypto';
import { loadConfig } from '../../lib/config';
import { UserError, UsageError } from '../../lib/errors';
import { createDb } from '../../prisma/client';
import { describeIssue, ZProgressSubmissionSchema } from '../../domain/progress';
import { submitProgress } from '../../services/progress/submit-progress';
import { connectTemporalClient } from '../../stack/temporal-client';
import { openDatabase } from '../../stack/database';
import { answerHelp, parseCliArgs, printJson } from '../args';
import { readDataFile } from '../files';

const USAGE = 'usage: duban progress submit --assignment ID --file PROGRESS.json [--json]';

/**
 * `duban progress submit`: the file holds the report (status, percent, narrative, targetValues, attachments,
 * submittedBy as a person id or email). Without an idempotencyKey, one is derived from the assignment and the file,
 * so submitting the same file twice records one report.
 */
export async function run(argv: string[]): Promise<number> {
  answerHelp(argv, USAGE);
  const [sub, ...rest] = argv;
  if (sub !== 'submit') throw new UsageError(USAGE);
  const { values, positionals } = parseCliArgs(rest, { assignment: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (!values.assignment || !values.file || positionals.length) throw new UsageError(USAGE);
  const text = await readDataFile(values.file);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    // The parser's message quotes the file's text; its first line is enough to find the fault.
    throw new UserError(`${values.file} 不是有效的 JSON / is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UserError(`${values.file} 应为 JSON 对象 / must hold a JSON object`);
  if (body.assignmentId !== undefined && body.assignmentId !== values.assignment) {
    throw new UserError(`文件中的 assignmentId 与 --assignment 不一致 / assignmentId in the file differs from --assignment`);
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  const db = createDb(database.url, { poolSize: 2 });
  try {
    let submittedBy = body.submittedBy;
    if (typeof submittedBy === 'string' && submittedBy.includes('@')) {
      const person = await db.person.findUnique({ where: { email: submittedBy }, select: { id: true } });
      if (!person) throw new UserError(`无此人员 / no person with email ${submittedBy}`);
      submittedBy = person.id;
    }
    const idempotencyKey =
      body.idempotencyKey ?? `cli:${createHash('sha256').update(values.assignment).update('\0').update(text).digest('hex').slice(0, 32)}`;
    // Checked here, the command line's edge, with the schema the workflow's validator runs, before Temporal is looked for.
    const report = ZProgressSubmissionSchema.safeParse({ ...body, assignmentId: values.assignment, submittedBy, idempotencyKey });
    if (!report.success) throw new UserError(`进展报告无效 / invalid report: ${describeIssue(report.error)}`);
    const temporal = await connectTemporalClient(config);
    try {
      const answer = await submitProgress({ db, temporal, filesPerReport: config.FILES_PER_REPORT }, report.data);
      if (values.json) printJson(answer);
      else {
        const late = answer.workingDaysLate > 0 ? `，逾期 ${answer.workingDaysLate} 个工作日` : '';
        const waiting = answer.awaitingReview ? '，待审核 / awaiting review' : '';
        process.stdout.write(`已报送 / submitted: ${answer.period}（应于 ${answer.due} 前${late}）report ${answer.reportId}${waiting}\n`);
      }
      return 0;
    } finally {
      await temporal.close();
    }
  } finally {
    await db.close();
    await database.close();
  }
}
