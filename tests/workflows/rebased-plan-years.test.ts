import { readFileSync } from 'node:fs';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect } from 'vitest';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { planSettingsOf } from '../../domain/plan-settings';
import { renderReport } from '../../report/render-report';
import { acknowledgeAssignment } from '../../services/assignments/acknowledge-assignment';
import type { TPerson } from '../../services/access/scope';
import { draftPlanNotice } from '../../services/notices/draft-notice';
import { importPlan } from '../../services/plans/import-plan';
import { launchPlan } from '../../services/plans/launch-plan';
import { planStatus } from '../../services/plans/plan-status';
import { submitProgress } from '../../services/progress/submit-progress';
import { buildReport } from '../../services/reports/build-report';
import { loadScoringInput } from '../../services/scoring/load-scoring-input';
import { importUnits } from '../../services/units/import-units';
import { readRegistryFile } from '../../services/units/registry-file';
import { repoRoot, runDuban } from '../support/cli';
import { itemsOf } from '../support/mail-items';
import { waitFor } from '../support/wait-for';
import { workflowWorldTest } from '../support/fixtures';
import type { TWorld } from '../support/workflow-world';

/**
 * 宝坻's opinion (issued 2018-12-29, its work 到2020年) as an office re-uses it: imported in 2026, re-based to start in
 * 2026 (every date eight years on: its period 2026-12-29 to 2028-12-31, every measure due 2028-12-31), launched on its
 * first day and run on the time-skipping server through its first year (2026: the half-year due 2027-01-15) and into
 * its second (2027: the half-years due 2027-07-15 and 2028-01-15):
 * - every unit reports progress on time: 20% by 2027-01-15, 60% by 2027-07-15;
 * - but 区市场监管局 on 三/(九) (its only unit, no targets) sends its first report on 2027-01-18, one working day late;
 * - and 区财政局 on 五/(二十一) (its only unit, no targets) reports for 2026 and then falls silent: nothing for
 *   2027-H1, so 催办, 督办 and 提请协调 in 2027.
 * The scores of 2026, of 2027 and of the whole period, as of 2027-08-02, are worked out by hand below.
 */
const TASK_QUEUE = 'rebased-plan-years';
const PLAN_FILE = path.join(repoRoot, '..', 'shared', 'plans', '000_08e948cdccb5297d.txt');
const REGISTRY = 'seeds/registries/baodi.json';
const LATE = { ref: '三/(九)', unit: '区市场监管局' };
const SILENT = { ref: '五/(二十一)', unit: '区财政局', contact: 'czj@baodi.duban.test', leader: 'ma.guodong@baodi.duban.test' };
const AS_OF = new Date('2027-08-02T10:00:00+08:00');

let world: TWorld;
let office: TPerson;
let planId: string;

const it = workflowWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-12-29') });
it.beforeAll(async ({ world: started }) => {
  world = started;
  const officeUnit = await world.t.db.unit.create({ data: { name: '质量工作协调办' } });
  office = await world.t.db.person.create({ data: { name: '赵协调', email: 'office@duban.test', unitId: officeUnit.id, isContact: true, role: 'coordinator' } });
  await importUnits(world.t.db, readRegistryFile(readFileSync(path.join(repoRoot, REGISTRY), 'utf8'), REGISTRY), { id: office.id, label: 'test' });
  const imported = await importPlan(world.t.db, { source: { buffer: readFileSync(PLAN_FILE) }, fileName: path.basename(PLAN_FILE), by: { person: office } });
  expect(imported.warnings.filter((w) => w.code === 'UNIT_UNRESOLVED')).toEqual([]);
  expect(imported.period).toEqual({ from: '2018-12-29', to: '2020-12-31' });
  planId = imported.planId;
  await world.t.db.plan.update({ where: { id: planId }, data: { coordinatorUnitId: officeUnit.id } });
}, 240_000);

const services = () => ({ db: world.t.db, temporal: { client: world.env.client, taskQueue: TASK_QUEUE } });
const mailsTo = (email: string) => world.capture.messages().filter((m) => m.to.includes(email)).map((m) => m.subject);

async function assignments() {
  return world.t.db.assignment.findMany({
    where: { measure: { planId } },
    include: {
      measure: { select: { ref: true, targets: { select: { id: true, value: true, comparator: true } } } },
      unit: { select: { name: true, people: { where: { isContact: true }, select: { id: true } } } },
    },
  });
}
type TAssignment = Awaited<ReturnType<typeof assignments>>[number];

/** A progress report at `percent`, each target's value reached (progress short of 完成 needs no 审核: it counts as sent). */
async function report(a: TAssignment, percent: number) {
  const key = `${a.id}-${percent}`;
  const answer = await submitProgress(services(), {
    assignmentId: a.id,
    status: 'in_progress',
    percent,
    narrative: `推进中，已完成${percent}%。`,
    targetValues: a.measure.targets.map((t) => ({ targetId: t.id, value: t.value + (t.comparator === 'gt' ? 1 : t.comparator === 'lt' ? -1 : 0) })),
    attachments: [],
    submittedBy: a.unit.people[0]!.id,
    idempotencyKey: key,
  });
  return answer;
}

describe.sequential('宝坻 (2018–2020) re-based to 2026 and run into its second year', () => {
  it('launches re-based: every date eight years on, 原定 kept beside the target years; launch day brings notices only', async () => {
    const clock = await world.startClock();
    await launchPlan(world.t.db, world.client, planId, { taskQueue: TASK_QUEUE, clock: { dayMs: DAY_MS, ...clock }, dates: { rebase: 2026 }, actor: { id: office.id, label: 'test' } });
    const plan = await world.t.db.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan.year).toBe(2026);
    expect(planSettingsOf(plan, ['period']).period).toMatchObject({ from: '2026-12-29', to: '2028-12-31', original: { from: '2018-12-29', to: '2020-12-31' } });
    // 到2020年 is every measure's own end: each is due 2028-12-31 now, the plan's 2020-12-31 kept.
    const measures = await world.t.db.measure.findMany({ where: { planId }, select: { due: true, originalDue: true } });
    expect(measures).toHaveLength(26);
    expect(new Set(measures.map((m) => [shanghaiDate(m.due), m.originalDue && shanghaiDate(m.originalDue)].join(' ')))).toEqual(new Set(['2028-12-31 2020-12-31']));
    const status = await planStatus(world.t.db, planId);
    expect(status.period).toEqual({ from: '2026-12-29', to: '2028-12-31' });
    expect(new Set(status.measures.map((m) => [m.due, m.originalDue].join(' ')))).toEqual(new Set(['2028-12-31 2020-12-31']));

    const count = () => world.t.db.assignment.count({ where: { measure: { planId } } });
    await waitFor('every assignment recorded', async () => (await count()) >= 75, { timeoutMs: 120_000, progress: async () => `${await count()} of 75` });
    expect(await count()).toBe(75);
    // Reports are due half-yearly from the plan's first day, 01-15 and 07-15, in every year alike, to the measures' end:
    // the half-year 2028-12-31 closes is reported by 2029-01-15, as every year's second half is.
    const { input } = await loadScoringInput(world.t.db, planId, new Date(shanghaiMidnight('2026-12-30')));
    for (const m of input.measures) {
      expect(m.periods.map((p) => [p.period, shanghaiDate(p.dueAt), p.year])).toEqual([
        ['2026-H2', '2027-01-15', 2026],
        ['2027-H1', '2027-07-15', 2027],
        ['2027-H2', '2028-01-15', 2027],
        ['2028-H1', '2028-07-15', 2028],
        ['2028-H2', '2029-01-15', 2028],
      ]);
    }

    const listed = () => world.capture.messages().flatMap((m) => itemsOf(m.text));
    await world.capture.waitFor(() => listed().length >= 75, 60_000, 'every assignment’s notice');
    for (const a of await world.t.db.assignment.findMany({ where: { measure: { planId } }, select: { id: true, unitId: true } })) {
      const contact = await world.t.db.person.findFirstOrThrow({ where: { unitId: a.unitId, isContact: true }, select: { id: true, name: true, role: true, unitId: true, email: true } });
      await acknowledgeAssignment(services(), contact, a.id, { responsible: { name: contact.name, email: contact.email } });
    }
    await world.advanceTo('2027-01-05');
    await world.settled();
    expect(world.capture.messages().every((m) => m.subject.startsWith('【督办】任务交办'))).toBe(true);
    // The notice of 二/(三) names its target with the plan's own year beside the moved one.
    expect(world.capture.messages().some((m) => m.text.includes('装备制造业产品质量合格率稳定在93%以上（原定2020年）'))).toBe(true);
  }, 300_000);

  it('drives 2026 and the first half of 2027: on-time progress, one late report, one unit silent in 2027', async () => {
    const all = await assignments();
    const of = (at: { ref: string; unit: string }) => all.find((a) => a.measure.ref === at.ref && a.unit.name === at.unit)!;
    const late = of(LATE);
    const silent = of(SILENT);

    await world.advanceTo('2027-01-08');
    for (const a of all.filter((x) => x.id !== late.id)) expect(await report(a, 20)).toMatchObject({ period: '2026-H2', workingDaysLate: 0 });
    // 2027-01-15 is a Friday: the Monday after is one working day late, after its 09:00 催办.
    await world.advanceTo('2027-01-18', 10);
    expect(await report(late, 20)).toMatchObject({ period: '2026-H2', workingDaysLate: 1 });

    await world.advanceTo('2027-07-08');
    for (const a of all.filter((x) => x.id !== silent.id)) expect(await report(a, 60)).toMatchObject({ period: '2027-H1', workingDaysLate: 0 });
    await world.advanceTo('2027-08-02', 10);
    await world.capture.waitFor(() => mailsTo('office@duban.test').some((s) => s.startsWith(`【督办】提请协调：${SILENT.unit}`)), 30_000, `提请协调 for ${SILENT.unit}`);
    await world.settled();
  }, 600_000);

  it('chases the late unit once in 2026 and the silent unit up the ladder in 2027, each in its own year', async () => {
    const escalations = await world.t.db.escalation.findMany({ where: { assignment: { measure: { planId } } }, include: { assignment: { include: { measure: true, unit: true } } } });
    // 督办 three working days after 2027-07-15, 提请协调 seven.
    expect(escalations.map((e) => [shanghaiDate(e.sentAt), e.period, e.assignment.measure.ref, e.assignment.unit.name, e.level]).sort()).toEqual(
      [
        ['2027-01-18', '2026-H2', LATE.ref, LATE.unit, 'urge'],
        ['2027-07-16', '2027-H1', SILENT.ref, SILENT.unit, 'urge'],
        ['2027-07-20', '2027-H1', SILENT.ref, SILENT.unit, 'supervise'],
        ['2027-07-26', '2027-H1', SILENT.ref, SILENT.unit, 'coordinator'],
      ].sort(),
    );
    expect(mailsTo(SILENT.leader).filter((s) => s.includes(SILENT.unit))).toEqual([expect.stringMatching(new RegExp(`^【督办】督办单：${SILENT.unit}.*已逾期3个工作日$`))]);
  });

  it('scores 2026, 2027 and the whole period as worked out by hand, and `duban report` gives them', async () => {
    const status = await planStatus(world.t.db, planId);
    const measureId = (ref: string) => status.measures.find((m) => m.ref === ref)!.id;
    const scored = async (year: number | 'all') => {
      const r = await buildReport(world.t.db, planId, AS_OF, year);
      const unitId = (name: string) => r.input.units.find((u) => u.name === name)!.id;
      const points = (at: { ref: string; unit: string }) => r.scores.assignments.find((a) => a.measureId === measureId(at.ref) && a.unitId === unitId(at.unit))!.points;
      return { plan: r.scores.plan.points, late: points(LATE), silent: points(SILENT), others: new Set(r.scores.assignments.filter((a) => ![measureId(LATE.ref), measureId(SILENT.ref)].includes(a.measureId)).map((a) => a.points)) };
    };
    // Measures run from 2026-12-29 to 2028-12-31: 733 days. By 2026-12-31 2 have passed (序时进度 0%), by 2027-12-31
    // 367 (50%). No target is due before 2028, so in 2026 and 2027 completion is worth 70, timeliness 30.
    // 2026: any progress is ahead of 0%: completion 70; its one period on time 30. The late unit's is one working day
    // late, 30 × 0.9 = 27, its 催办 the free one: 97. Plan (25 × 100 + 97) / 26 = 99.88.
    expect(await scored(2026)).toEqual({ plan: 99.88, late: 97, silent: 100, others: new Set([100]) });
    // 2027: 60% ≥ 50%: 100, the late unit too. The silent unit's latest is 20% (sent 2027-01-08): 70 × 20 / 50 = 28;
    // 2027-H1 missing: timeliness 0; 催办 free, 督办 −2, 提请协调 −5: 21. Plan (2500 + 21) / 26 = 96.96.
    expect(await scored(2027)).toEqual({ plan: 96.96, late: 100, silent: 21, others: new Set([100]) });
    // The whole period, not due until 2028-12-31: completion its share by the latest report (60% of 70 = 42, of 50 = 30
    // where targets count), targets reached 20, two periods of 15 fallen due. No targets: 42 + 30 = 72; with: 80.
    // Late: 42 + 13.5 + 15 = 70.5. Silent: 20% of 70 = 14, 15 + 0, −7: 22. Four measures have targets (二/(三),
    // 三/(十一), 三/(十三), 三/(十四)): plan (4 × 80 + 70.5 + 22 + 20 × 72) / 26 = 71.25.
    expect(await scored('all')).toEqual({ plan: 71.25, late: 70.5, silent: 22, others: new Set([72, 80]) });
    // `duban report` gives the same, a year at a time.
    const cli = await runDuban(['report', planId, '--year', '2027', '--as-of', AS_OF.toISOString()], { DATABASE_URL: world.t.url });
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ assessed: { year: 2027, label: '2027年度' }, plan: { points: 96.96 } });
    // And `duban plan status --json` the re-based period.
    const statusCli = await runDuban(['plan', 'status', planId, '--json'], { DATABASE_URL: world.t.url });
    expect(statusCli.code).toBe(0);
    expect(JSON.parse(statusCli.stdout).period).toEqual({ from: '2026-12-29', to: '2028-12-31' });
  }, 180_000);

  it('reads 原定 beside the re-based years in the report (json, html, xlsx) and the 通报 draft', async () => {
    const report = await buildReport(world.t.db, planId, AS_OF);
    const json = JSON.parse((await renderReport(report, 'json')) as string);
    expect(json.assessed).toMatchObject({ from: '2026-12-29', to: '2028-12-31', original: { from: '2018-12-29', to: '2020-12-31' }, label: '实施期全程（2026-12-29 至 2028-12-31，原定 2018-12-29 至 2020-12-31）' });
    const targets = json.measures.find((m: { ref: string }) => m.ref === '二/(三)').targets;
    expect(targets).toEqual([expect.objectContaining({ by: '2028', original: '2020年', text: '装备制造业产品质量合格率稳定在93%以上（原定2020年）' })]);
    const row = report.indicators.find((r) => r.measureRef === '二/(三)')!;
    expect(row).toMatchObject({ targetYear: 2028, targetBy: '2028年（原定2020年）' });
    const html = (await renderReport(report, 'html')) as string;
    expect(html).toContain('2028年（原定2020年）');
    expect(html).toContain('原定 2018-12-29 至 2020-12-31');
    const sheets = await readXlsxFile((await renderReport(report, 'xlsx')) as Buffer);
    const indicators = sheets.find((s) => s.sheet === '指标')!.data;
    expect(indicators[0]![5]).toBe('目标年份');
    expect(indicators.find((r) => r[0] === '二/(三)')![5]).toBe('2028年（原定2020年）');

    // The plan's clock reads the server's time as the virtual 2027-08-02.
    const draft = await draftPlanNotice(world.t.db, { planId, period: '2026' }, new Date(await world.env.currentTimeMs()));
    const lead = draft.notice.sections[0]!.paragraphs.join('');
    expect(lead).toContain('本计划实施期为2026年12月29日至2028年12月31日（原定2018年12月29日至2020年12月31日）。');
  });
});
