import { appLink, loadConfig } from '../../lib/config';
import { AppError, UsageError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { createDb, type Db } from '../../prisma/client';
import { findPlanFor } from '../../services/access/scope';
import { openFileStore } from '../../services/files/file-store';
import { createNotice, ZCreateNoticeSchema } from '../../services/notices/create-notice';
import { draftPlanNotice, ZNoticeDraftInputSchema } from '../../services/notices/draft-notice';
import { issueNotice, ZIssueNoticeSchema } from '../../services/notices/issue-notice';
import { listPlanNotices } from '../../services/notices/list-notices';
import { openNoticeFile } from '../../services/notices/open-notice-file';
import { openDatabase } from '../../stack/database';
import { actingCoordinator } from '../acting-coordinator';
import { answerHelp, parseCliArgs, printJson } from '../args';
import { writeOutputFile } from '../files';

const USAGE = [
  '用法 / usage: duban notice PLAN_ID [--period KEY] --out FILE.docx      通报草稿的 Word 文件 / the draft as a Word file',
  '       duban notice list PLAN_ID [--json]                             本计划的通报 / the plan’s notices',
  '       duban notice draft PLAN_ID [--period KEY] [--as EMAIL] [--json]   起草通报，供修改后印发 / start a notice to edit and issue',
  '       duban notice issue NOTICE_ID [--version N] [--as EMAIL] [--json]  印发：编文号、存档、发送各单位 / issue it',
  '       duban notice docx NOTICE_ID --out FILE.docx [--as EMAIL]       通报的 Word 文件（已印发的为存档原件） / its Word file',
  '  --as: 操作的统筹协调人员 / the coordinator acting; without it, the plan’s one coordinator',
].join('\n');

const SUBCOMMANDS = ['list', 'draft', 'issue', 'docx'] as const;
type TSub = (typeof SUBCOMMANDS)[number];

const docxOut = (out: string | undefined): string => {
  if (!out) throw new UsageError(`请用 --out 指定要写入的 .docx 文件 / give --out FILE.docx\n${USAGE}`);
  if (!out.toLowerCase().endsWith('.docx')) throw new UsageError(`--out 应为 .docx 文件 / --out names a .docx file\n${USAGE}`);
  return out;
};

/**
 * `duban notice`: the office's 通报 from the command line, through the services the API and the page call.
 * `duban notice PLAN_ID --out FILE.docx` writes the draft of the plan's latest closed reporting period (or --period: a
 * period's key such as 2026-H1, or a year) without keeping it; a plan with no closed period gets the year so far, and
 * the draft's first paragraph says so. `draft` keeps one as the office's text (edited on its page), `issue` numbers,
 * archives and sends it once its year is final, `docx` writes its Word file, `list` lists the plan's.
 */
export async function run(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) answerHelp(argv, USAGE);
  if ((SUBCOMMANDS as readonly string[]).includes(first ?? '')) return runSub(first as TSub, rest);
  return writeDraftFile(argv);
}

async function writeDraftFile(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { period: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (positionals.length !== 1) throw new UsageError(`需要且只需要一个计划编号 / expected exactly one PLAN_ID\n${USAGE}`);
  const out = docxOut(values.out);
  const input = ZNoticeDraftInputSchema.parse({ planId: positionals[0], period: values.period });
  const draft = await withDb((db) => draftPlanNotice(db, input));
  await writeOutputFile(out, draft.docx);
  const scope = draft.scope.closed ? draft.scope.label : `${draft.scope.label}（尚未结束 / still running）`;
  process.stderr.write(`已写入通报草稿 / draft notice written: ${out} — ${scope}\n`);
  return 0;
}

async function runSub(sub: TSub, argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    argv,
    { period: { type: 'string' }, version: { type: 'string' }, as: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  const [id, ...extra] = positionals;
  if (!id || extra.length) throw new UsageError(`需要且只需要一个${sub === 'list' || sub === 'draft' ? '计划编号 / expected exactly one PLAN_ID' : '通报编号 / expected exactly one NOTICE_ID'}\n${USAGE}`);
  const allowed: Record<TSub, string[]> = { list: ['json'], draft: ['period', 'as', 'json'], issue: ['version', 'as', 'json'], docx: ['out', 'as'] };
  const stray = Object.keys(values).find((k) => !allowed[sub].includes(k));
  if (stray) throw new UsageError(`duban notice ${sub} 不接受 --${stray} / --${stray} does not apply to ${sub}\n${USAGE}`);
  // Checked before the database is opened, with the schemas the API parses.
  const out = sub === 'docx' ? docxOut(values.out) : null;
  const created = sub === 'draft' ? ZCreateNoticeSchema.parse({ period: values.period }) : null;
  const version = values.version === undefined ? undefined : Number(values.version);
  const issued = sub === 'issue' ? ZIssueNoticeSchema.safeParse({ version }) : null;
  if (issued && !issued.success) throw new UsageError(`--version 应为正整数 / --version takes the version number read, 1 or more\n${USAGE}`);
  const refusal = `请用 --as 指明操作的统筹协调人员 / name the coordinator acting with --as EMAIL\n${USAGE}`;
  const config = loadConfig();

  return withDb(async (db) => {
    if (sub === 'list') {
      const plan = await db.plan.findUnique({ where: { id }, select: { id: true } });
      if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlanId', { planId: id }));
      const notices = await listPlanNotices(db, plan.id);
      if (values.json) printJson(notices);
      else if (notices.length === 0) process.stdout.write('暂无通报 / no notice yet\n');
      else for (const n of notices) process.stdout.write(`${n.id}  ${n.docNumber ?? '草稿 / draft'}  ${n.signedOn}  ${n.title}\n`);
      return 0;
    }
    if (sub === 'draft') {
      const person = await actingCoordinator(db, values.as, id, refusal);
      const plan = await findPlanFor(db, person, id);
      const record = await createNotice({ db, now: () => new Date() }, plan.id, created!, { id: person.id, label: 'cli' });
      if (values.json) printJson(record);
      else {
        process.stdout.write(`已起草通报 / notice drafted: ${record.id}  ${record.notice.title.replace(/\s*\n\s*/g, '')}（${record.scope}）\n`);
        process.stdout.write(`修改后印发 / edit, then issue: ${appLink(config.publicUrl, `/plans/${plan.id}/notices/${record.id}`)}\n`);
      }
      return 0;
    }
    const notice = await db.notice.findUnique({ where: { id }, select: { planId: true } });
    if (!notice) throw new AppError('NOT_FOUND', say('noSuchNotice'));
    const person = await actingCoordinator(db, values.as, notice.planId, refusal);
    const files = openFileStore(db, config);
    if (sub === 'docx') {
      const file = await openNoticeFile({ db, files }, person, id);
      await writeOutputFile(out!, file.body);
      process.stderr.write(`已写入${file.issued ? '通报（存档原件）' : '通报草稿'} / ${file.issued ? 'issued notice' : 'draft notice'} written: ${out}\n`);
      return 0;
    }
    const plan = await findPlanFor(db, person, notice.planId);
    const record = await issueNotice({ db, files, now: () => new Date(), publicUrl: config.publicUrl }, plan.id, id, issued!.data!, { id: person.id, label: 'cli' });
    const units = await db.noticeUnit.count({ where: { noticeId: record.id } });
    if (values.json) printJson({ ...record, units });
    else process.stdout.write(`已印发 / issued: ${record.docNumber}  ${record.notice.title.replace(/\s*\n\s*/g, '')}，已发送 ${units} 个单位 / sent to ${units} units\n`);
    return 0;
  });
}

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig());
  const db = createDb(database.url, { poolSize: 2 });
  try {
    return await work(db);
  } finally {
    await db.close();
    await database.close();
  }
}
