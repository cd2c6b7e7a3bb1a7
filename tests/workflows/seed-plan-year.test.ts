import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import type { TPerson } from '../../services/access/scope';
import { decideExtension } from '../../services/measures/decide-extension';
import { requestExtension } from '../../services/measures/request-extension';
import { importPlan } from '../../services/plans/import-plan';
import { launchPlan } from '../../services/plans/launch-plan';
import { planStatus } from '../../services/plans/plan-status';
import { submitProgress } from '../../services/progress/submit-progress';
import { buildReport } from '../../services/reports/build-report';
import { importUnits } from '../../services/units/import-units';
import { readRegistryFile } from '../../services/units/registry-file';
import { repoRoot } from '../support/cli';
import { startWorkflowWorld, type TWorld } from '../support/workflow-world';

/**
 * A real seed plan run as an office would run it: 宝坻's 2018 opinion (../shared/plans/000, 26 measures, targets 到2020年)
 * imported with 宝坻区's registry, launched as is on 2026-01-05 on the time-skipping server, and driven through 2026.
 * Its work fell due in 2019–2020, so it is all due at the first reporting date after the launch, 2026-07-15.
 * - 五/(二十一) 区财政局 never reports: 提醒, 到期, 催办, 督办 to its leader, 提请协调 to the office; scores 0.
 * - 三/(九) 区市场监管局 reports done on 07-16, one working day late (after the 09:00 催办).
 * - 五/(二十三) 区市场监管局 asks for 延期 to 08-31, gets it, and reports done on 08-20.
 * - Every other unit reports done on 07-08, with each target's value reached.
 */
const TASK_QUEUE = 'seed-plan-year';
const plansDir = path.join(repoRoot, '..', 'shared', 'plans');
const planFile = path.join(plansDir, readdirSync(plansDir).find((f) => f.startsWith('000_') && f.endsWith('.txt'))!);

let world: TWorld;
let office: TPerson;
let planId: string;

beforeAll(async () => {
  world = await startWorkflowWorld({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05') });
  const officeUnit = await world.t.db.unit.create({ data: { name: '区质量强区办' } });
  office = await world.t.db.person.create({ data: { name: '赵协调', email: 'office@baodi.duban.test', unitId: officeUnit.id, isContact: true, role: 'coordinator' } });
  await importUnits(world.t.db, readRegistryFile(readFileSync(path.join(repoRoot, 'seeds/registries/baodi.json'), 'utf8'), 'baodi.json'), 'test');
  const imported = await importPlan(world.t.db, { source: { buffer: readFileSync(planFile) }, fileName: path.basename(planFile) });
  expect(imported.measures).toBe(26);
  expect(imported.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED')).toEqual([]);
  expect(imported.period).toEqual({ from: '2018-12-29', to: '2020-12-31' });
  planId = imported.planId;
  // In review the office names itself the coordinating unit: the three items with no unit (六/…) go to it.
  await world.t.db.plan.update({ where: { id: planId }, data: { coordinatorUnitId: officeUnit.id } });
}, 120_000);
afterAll(async () => world?.stop());

const services = () => ({ db: world.t.db, temporal: { client: world.env.client, taskQueue: TASK_QUEUE } });
const mailsTo = (email: string) => world.capture.messages().filter((m) => m.to.includes(email)).map((m) => m.subject);

async function assignmentsByRef() {
  const rows = await world.t.db.assignment.findMany({
    where: { measure: { planId } },
    include: { measure: { select: { ref: true, targets: { select: { id: true, value: true } } } }, unit: { select: { name: true, people: { where: { isContact: true }, select: { id: true } } } } },
  });
  return rows;
}

describe.sequential('宝坻’s 2018 plan, launched as is in 2026 and run through its first year', () => {
  it('launches as is: every measure due at 2026-07-15, its own date kept; launch day brings one notice per assignment and nothing else', async () => {
    const clock = await world.startClock();
    await launchPlan(world.t.db, world.env.client, planId, { taskQueue: TASK_QUEUE, clock: { dayMs: DAY_MS, ...clock }, dates: { asIs: true }, actor: { id: office.id, label: 'test' } });
    const measures = await world.t.db.measure.findMany({ where: { planId }, select: { ref: true, due: true, originalDue: true } });
    expect(new Set(measures.map((m) => shanghaiDate(m.due)))).toEqual(new Set(['2026-07-15']));
    expect(measures.every((m) => m.originalDue !== null && shanghaiDate(m.originalDue) <= '2020-12-31')).toBe(true);
    const assignments = await world.t.db.assignment.count({ where: { measure: { planId } } });
    // By hand from the plan: 二/(一)…五/(二十三) name 72 unit parties; the three 六/… go to the office.
    expect(assignments).toBe(75);
    await world.capture.waitFor(() => world.capture.messages().length >= assignments, 60_000, 'one notice per assignment');
    await world.advanceTo('2026-01-12');
    await new Promise((r) => setTimeout(r, 1_000));
    const subjects = world.capture.messages().map((m) => m.subject);
    expect(subjects).toHaveLength(assignments);
    expect(subjects.every((s) => s.startsWith('【督办】任务交办'))).toBe(true);
    expect((await planStatus(world.t.db, planId)).period).toEqual({ from: '2026-01-05', to: '2026-07-15' });
  }, 300_000);

  it('drives the year: 延期 asked and granted, on-time reports, one late, one never', async () => {
    const all = await assignmentsByRef();
    const of = (ref: string, unit: string) => all.find((a) => a.measure.ref === ref && a.unit.name === unit)!;
    const report = (a: (typeof all)[number], key: string) =>
      submitProgress(services(), {
        assignmentId: a.id,
        status: 'done',
        percent: 100,
        narrative: '已完成。',
        targetValues: a.measure.targets.map((t) => ({ targetId: t.id, value: t.value })),
        attachments: [],
        submittedBy: a.unit.people[0]!.id,
        idempotencyKey: key,
      });
    const never = of('五/(二十一)', '区财政局');
    const late = of('三/(九)', '区市场监管局');
    const extended = of('五/(二十三)', '区市场监管局');

    await world.advanceTo('2026-07-01');
    const ext = await requestExtension(services(), { assignmentId: extended.id, requestedDue: '2026-08-31', reason: '专项整治尚未结束', requestedBy: extended.unit.people[0]!.id, idempotencyKey: 'extension-23' });
    expect((await decideExtension(services(), office, { extensionId: ext.extensionId }, { approve: true, requestId: 'decide-extension-23' })).status).toBe('approved');

    await world.advanceTo('2026-07-08');
    for (const a of all.filter((x) => ![never.id, late.id, extended.id].includes(x.id))) {
      expect(await report(a, `on-time-${a.id}`)).toMatchObject({ workingDaysLate: 0 });
    }
    await world.advanceTo('2026-07-16', 10);
    expect(await report(late, 'late-report-9')).toMatchObject({ workingDaysLate: 1 });
    await world.advanceTo('2026-08-20');
    expect(await report(extended, 'ext-23-done')).toMatchObject({ workingDaysLate: 0, due: '2026-08-31' });
    await world.advanceTo('2026-12-31', 20);
    await world.capture.waitFor(() => mailsTo('office@baodi.duban.test').some((s) => s.startsWith('【督办】提请协调：区财政局')), 30_000, '提请协调 for 区财政局');
  }, 600_000);

  it('mails 区财政局 its reminders and 催办, its leader the 督办单, the office the 提请协调; the late unit one 催办; the others nothing after the notice', async () => {
    const czj = mailsTo('czj@baodi.duban.test');
    expect(czj.map((s) => s.slice(0, 9))).toEqual(['【督办】任务交办：', '【督办】报送提醒：', '【督办】今日到期：', '【督办】催办：区财']);
    expect(mailsTo('ma.guodong@baodi.duban.test').filter((s) => s.includes('区财政局'))).toEqual([expect.stringMatching(/^【督办】督办单：区财政局.*已逾期3个工作日$/)]);
    expect(mailsTo('office@baodi.duban.test').filter((s) => s.startsWith('【督办】提请协调'))).toEqual([expect.stringMatching(/^【督办】提请协调：区财政局.*已逾期7个工作日$/)]);
    const escalations = await world.t.db.escalation.findMany({ where: { assignment: { measure: { planId } } }, include: { assignment: { include: { measure: true, unit: true } } }, orderBy: { sentAt: 'asc' } });
    // Both 催办 go out at 09:00 on 07-16; the 督办 three working days after 07-15, the 提请协调 seven.
    expect(escalations.map((e) => [shanghaiDate(e.sentAt), e.assignment.measure.ref, e.assignment.unit.name, e.level]).sort()).toEqual([
      ['2026-07-16', '三/(九)', '区市场监管局', 'urge'],
      ['2026-07-16', '五/(二十一)', '区财政局', 'urge'],
      ['2026-07-20', '五/(二十一)', '区财政局', 'supervise'],
      ['2026-07-24', '五/(二十一)', '区财政局', 'coordinator'],
    ]);
    // 区教育局 reported on time everywhere: its notices, and nothing else.
    expect(mailsTo('jyj@baodi.duban.test').every((s) => s.startsWith('【督办】任务交办'))).toBe(true);
  });

  it('at the year’s end: colours, and scores worked out by hand, for 2026 and for the whole period', async () => {
    const status = await planStatus(world.t.db, planId);
    expect(status.measures.filter((m) => m.colour === 'red').map((m) => m.ref)).toEqual(['五/(二十一)']);
    const asOf = new Date('2026-12-31T23:00:00+08:00');
    for (const year of [2026, 'all'] as const) {
      const report = await buildReport(world.t.db, planId, asOf, year);
      const s = report.scores;
      const assignment = (ref: string, unit: string) => s.assignments.find((a) => a.measureId === status.measures.find((m) => m.ref === ref)!.id && report.input.units.find((u) => u.id === a.unitId)?.name === unit)!;
      // Never reported: completion 0 (of 70: no targets), timeliness 0; 催办 free, 督办 −2, 提请协调 −5: floored at 0.
      expect(assignment('五/(二十一)', '区财政局')).toMatchObject({ points: 0, grade: '不合格' });
      // Done one working day late: completion 70 × 0.8 = 56, timeliness 30 × 0.9 = 27; its 催办 is the free one: 83.
      expect(assignment('三/(九)', '区市场监管局')).toMatchObject({ points: 83, grade: '良好' });
      // Done on 08-20, before the granted 08-31: 100.
      expect(assignment('五/(二十三)', '区市场监管局')).toMatchObject({ points: 100 });
      // 26 measures of weight 1: 23 at 100, 0, 83, 100 → 2483 / 26.
      expect(s.plan.points).toBe(95.5);
      const unit = (name: string) => s.units.find((u) => report.input.units.find((x) => x.id === u.subjectId)?.name === name)!;
      // 区市场监管局 leads 18 items (二/(一)…五/(二十三)): 17 at 100 and 83 → 1783 / 18.
      expect(s.assignments.filter((a) => a.unitId === unit('区市场监管局').subjectId)).toHaveLength(18);
      expect(unit('区市场监管局').points).toBe(99.06);
      expect(unit('区财政局')).toMatchObject({ points: 0, grade: '不合格' });
    }
  });
});
