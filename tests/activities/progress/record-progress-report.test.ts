import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRecordProgressReport } from '../../../activities/progress/record-progress-report';
import { renderDigestMail, type TMailFacts } from '../../../activities/mail/templates';
import { MEASURE_FAILURE } from '../../../domain/measure-failures';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedPlan, seedSmallRegistry, type TSmallRegistry } from '../../support/measure-fixtures';

let t: TestDatabase;
let reg: TSmallRegistry;
let assignmentId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  reg = await seedSmallRegistry(t.db);
  const { measureIds } = await seedPlan(t.db, reg, [{ ref: '一', title: '加大财政经费保障', due: '2026-07-15' }]);
  assignmentId = (await t.db.assignment.create({ data: { measureId: measureIds[0]!, unitId: reg.units.czj.id, role: 'lead' } })).id;
});
afterAll(async () => t?.close());

let writes = 0;
const deps = () => ({ db: t.db, config: { publicUrl: 'https://duban.example.gov.cn' }, outbox: { gatherMs: 0, written: () => (writes += 1) } });

const report = (over: { reportId: string; key: string; by?: string; status?: 'in_progress' | 'done' }) => ({
  reportId: over.reportId,
  period: '2026-H1',
  dueAt: '2026-07-15T15:59:59.999Z',
  submittedAt: '2026-07-10T02:00:00.000Z',
  submission: {
    assignmentId,
    status: over.status ?? 'in_progress',
    percent: 60,
    narrative: '资金已下达六成。',
    targetValues: [],
    attachments: [{ title: '拨付文件', url: 'https://example.gov.cn/a.pdf' }],
    submittedBy: over.by ?? reg.contacts.czj.id,
    idempotencyKey: over.key,
  },
});

it('records a report once under its idempotency key and moves the assignment on', async () => {
  const { recordProgressReport } = createRecordProgressReport(deps());
  const stored = { reportId: 'r-1', period: '2026-H1', dueAt: '2026-07-15T15:59:59.999Z', submittedAt: '2026-07-10T02:00:00.000Z' };
  expect(await recordProgressReport(report({ reportId: 'r-1', key: 'czj-h1' }))).toEqual({ ...stored, recorded: true });
  // A retry, even one carrying another id, finds the first row, answers with it and changes nothing.
  const later = { ...report({ reportId: 'r-1b', key: 'czj-h1', status: 'done' }), period: '2026-H2', submittedAt: '2026-08-01T02:00:00.000Z' };
  expect(await recordProgressReport(later)).toEqual({ ...stored, recorded: false });
  expect(await t.db.progressReport.findMany({ select: { id: true, status: true, percent: true, dueAt: true, attachments: true } })).toEqual([
    { id: 'r-1', status: 'in_progress', percent: 60, dueAt: new Date('2026-07-15T15:59:59.999Z'), attachments: [{ title: '拨付文件', url: 'https://example.gov.cn/a.pdf' }] },
  ]);
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ status: 'in_progress' });
  // The plan owes scores for the report, once, as of its instant: the retry recorded nothing and owes nothing.
  expect(await t.db.plan.findMany({ select: { scoresOwed: true, scoresOwedAsOf: true } })).toEqual([
    { scoresOwed: 1, scoresOwedAsOf: new Date('2026-07-10T02:00:00.000Z') },
  ]);
});

it('refuses for good a report by nobody it knows, and writes nothing', async () => {
  const { recordProgressReport } = createRecordProgressReport(deps());
  const refused = await recordProgressReport(report({ reportId: 'r-2', key: 'ghost-h1', by: 'no-such-person' })).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ApplicationFailure);
  expect(refused).toMatchObject({ type: MEASURE_FAILURE.unknownPerson, nonRetryable: true });
  expect(await t.db.progressReport.count({ where: { idempotencyKey: 'ghost-h1' } })).toBe(0);
});

it('keeps a key to its assignment and submitter: another unit’s report under the same key is its own', async () => {
  const { recordProgressReport } = createRecordProgressReport(deps());
  const other = (await t.db.assignment.create({ data: { measureId: (await t.db.measure.findFirstOrThrow()).id, unitId: reg.units.fgw.id, role: 'cooperating' } })).id;
  const theirs = report({ reportId: 'r-3', key: 'czj-h1', by: reg.contacts.fgw.id });
  expect(await recordProgressReport({ ...theirs, submission: { ...theirs.submission, assignmentId: other } })).toMatchObject({ reportId: 'r-3', recorded: true });
  expect((await t.db.progressReport.findMany({ where: { idempotencyKey: 'czj-h1' }, orderBy: { id: 'asc' } })).map((r) => [r.id, r.assignmentId])).toEqual([
    ['r-1', assignmentId],
    ['r-3', other],
  ]);
});

it('records a done report that waits for the office’s review as pending, its unit still in progress', async () => {
  const { recordProgressReport } = createRecordProgressReport(deps());
  expect(await recordProgressReport({ ...report({ reportId: 'r-4', key: 'czj-done', status: 'done' }), review: true })).toMatchObject({ reportId: 'r-4', recorded: true });
  expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: 'r-4' } })).toMatchObject({ status: 'done', review: 'pending' });
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ status: 'in_progress' });
  // One that needs no review counts at once, with no review on it.
  expect(await recordProgressReport({ ...report({ reportId: 'r-5', key: 'czj-done-2', status: 'done' }), review: false })).toMatchObject({ recorded: true });
  expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: 'r-5' } })).toMatchObject({ review: null });
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({ status: 'done' });
});

it('sends a cooperating unit’s part to the lead unit: its contacts told once, and the lead’s report records the latest part of each', async () => {
  const { recordProgressReport } = createRecordProgressReport(deps());
  const measureId = (await t.db.measure.findFirstOrThrow()).id;
  const scjg = (await t.db.assignment.create({ data: { measureId, unitId: reg.units.scjg.id, role: 'cooperating' } })).id;
  const part = (reportId: string, key: string, narrative: string) => {
    const r = report({ reportId, key, by: reg.contacts.scjg.id });
    return { ...r, submission: { ...r.submission, assignmentId: scjg, narrative }, toLead: assignmentId };
  };
  const before = { writes, mails: await t.db.outboxMessage.count() };
  await recordProgressReport(part('p-1', 'scjg-1', '抽检已开展。'));
  await recordProgressReport(part('p-1', 'scjg-1', '抽检已开展。'));
  await recordProgressReport({ ...part('p-2', 'scjg-2', '抽检已完成。'), submittedAt: '2026-07-11T02:00:00.000Z' });
  expect(writes - before.writes).toBe(2);
  const mails = await t.db.outboxMessage.findMany({ where: { step: 'part-received' }, orderBy: { source: 'asc' } });
  expect(mails.map((m) => [m.source, m.recipient, m.to, m.subject, m.digestKey])).toEqual([
    ['p-1:part-received', `unit:${reg.units.czj.id}`, [reg.contacts.czj.email], '【督办】配合单位报送：市市场监管局“加大财政经费保障”', `part-received:${reg.units.czj.id}:2026-07-10`],
    ['p-2:part-received', `unit:${reg.units.czj.id}`, [reg.contacts.czj.email], '【督办】配合单位报送：市市场监管局“加大财政经费保障”', `part-received:${reg.units.czj.id}:2026-07-11`],
  ]);
  expect(mails[1]!.text).toContain('工作进展：抽检已完成。');
  // Parts reaching one lead unit together go as one letter, each with its unit and its words.
  const digest = renderDigestMail('part-received', mails.map((m) => m.facts as TMailFacts));
  expect(digest.subject).toBe('【督办】配合单位报送：2份报告待汇总');
  expect(digest.text).toContain('配合单位：市市场监管局');
  expect(digest.text).toContain('工作进展：抽检已开展。');
  expect(digest.text).toContain('工作进展：抽检已完成。');
  expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: 'p-1' } })).toMatchObject({ toLead: true, review: null, parts: null });

  await recordProgressReport({ ...report({ reportId: 'r-6', key: 'czj-consolidated' }), submittedAt: '2026-07-12T02:00:00.000Z', consolidate: true });
  // The lead's report includes the unit's latest part only; the other cooperating unit (fgw, reporting to the office) has none.
  expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: 'r-6' } })).toMatchObject({ toLead: false, parts: ['p-2'] });
});
