import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import type { TPerson } from '../../services/access/scope';
import { recordAssessment } from '../../services/assessment/record-assessment';
import { saveRubric } from '../../services/assessment/save-rubric';
import { submitAnnualSummary } from '../../services/assessment/submit-annual-summary';
import { changePlanSettings } from '../../services/plans/change-plan-settings';
import { editDraftMeasure } from '../../services/plans/edit-draft-measure';
import { launchPlan } from '../../services/plans/launch-plan';
import { submitProgress } from '../../services/progress/submit-progress';
import { buildReport } from '../../services/reports/build-report';
import { reviewReport } from '../../services/reviews/review-report';
import { importSeedPlan, signForAll } from '../support/seed-plans';
import { waitFor } from '../support/wait-for';
import { startWorkflowWorld, type TWorld } from '../support/workflow-world';

/**
 * The 苏州 2016 seed plan run through 2026 under a 考核方案 that uses every component, each unit's score checked line by
 * line against points worked out by hand. To keep the year small the office, in review, narrows each item to its
 * leads (the plan's 各成员单位 cooperate on every item): 18 items, 46 assignments, 18 units. Launched as is on
 * 2026-01-05 (everything due 2026-07-15, one report each), then:
 * - 07-06 市卫生计生委 reports 三/(十八); the office returns it (退回); it reports again on 07-07, accepted;
 * - 07-07 市经信委 reports 三/(十六) with its own values of the two regional indicators: PM2.5 down 10% (target ≥13),
 *   noise 57 dB (target <55, lower is better);
 * - 07-08 every other unit reports done with each target reached, but 市住建局's 其他工程一次验收合格率 at 97% (target ≥98);
 * - 07-16 市科技局 reports 二/(九) one working day late, after its 09:00 催办;
 * - 市财政局 stays silent on 一/(四) through 催办 (07-16), 督办 (07-20) and 提请协调 (07-24), then reports on 08-03;
 * - 年度总结 due 12-15: 市教育局's comes on 12-18, 市粮食局 sends none, everyone else on 12-10;
 * - 12-20 the office records 评议, two 加分 for 市质监局 above the cap, and a 一票否决 for 市委宣传部.
 */
const TASK_QUEUE = 'seed-plan-rubric-year';
const SEED = { plan: '003', registry: 'seeds/registries/suzhou.json', measures: 18, period: { from: '2016-04-25', to: '2016-12-31' } };
const YEAR = 2026;
/** Departments the office assesses apart as 执法监管 (one 优秀 at most); every other department is 综合 (two at most). */
const ENFORCEMENT = ['市质监局', '市工商局', '市食药监局', '苏州出入境检验检疫局'];

describe('the 苏州 seed plan (003) under a 方案 with every component, run through 2026', () => {
  let world: TWorld;
  let office: TPerson;
  let planId: string;
  const unitIds = new Map<string, string>();
  const unitId = (name: string) => unitIds.get(name) ?? expect.fail(`no unit ${name}`);

  const services = () => ({ db: world.t.db, temporal: { client: world.env.client, taskQueue: TASK_QUEUE } });
  /** The services that take a clock are given the test server's, which the plan's clock maps to its 2026. */
  const now = async () => {
    const at = new Date(await world.env.currentTimeMs());
    return { db: world.t.db, now: () => at };
  };
  const contactOf = (name: string) =>
    world.t.db.person.findFirstOrThrow({ where: { unitId: unitId(name), isContact: true }, select: { id: true, name: true, role: true, unitId: true, email: true } });

  beforeAll(async () => {
    world = await startWorkflowWorld({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05') });
    ({ office, planId } = await importSeedPlan(world, SEED));
    for (const u of await world.t.db.unit.findMany({ select: { id: true, name: true } })) unitIds.set(u.name, u.id);
  }, 120_000);
  afterAll(async () => world?.stop());

  async function targetsOf(ref: string) {
    return world.t.db.target.findMany({ where: { measure: { planId, ref } }, select: { id: true, indicator: true, comparator: true, value: true }, orderBy: { id: 'asc' } });
  }

  it('in review the office narrows every item to its leads, asks for 年度总结 by 12-15 and saves a 方案 with every component', async () => {
    for (const m of await world.t.db.measure.findMany({ where: { planId }, select: { id: true } })) {
      await editDraftMeasure(world.t.db, office, { planId, measureId: m.id }, { cooperating: [] });
    }
    await changePlanSettings({ db: world.t.db }, office, planId, { annualSummary: { due: '12-15' } });

    const air = await targetsOf('三/(十六)');
    const pm25 = air.find((t) => t.comparator === 'gte')!;
    const noise = air.find((t) => t.comparator === 'lt')!;
    // As the plan writes them: PM2.5 年均浓度较2013年下降 ≥13%, 城市区域环境噪声平均值 <55 (lower is better).
    expect([pm25.value, noise.value]).toEqual([13, 55]);
    const works = await targetsOf('三/(十四)');
    expect(works.map((t) => t.value).sort()).toEqual([100, 100, 98]);

    const rubric = {
      // 50 + 30 + 20 on each assignment, 6 + 4 + 5 of 指标分, 10 of 评议.
      total: 125,
      completion: { weight: 50, lateShare: 0.8 },
      timeliness: { weight: 30, perWorkingDayLate: 0.1, lateFloor: 0.2 },
      targets: { weight: 20, partialCap: 0.9 },
      deductions: { urge: { free: 0, each: 1, max: 5 }, supervise: { free: 0, each: 2, max: 10 }, coordinator: { free: 0, each: 4, max: 12 } },
      indicators: [
        { name: 'PM2.5年均浓度下降', targets: [pm25.id], points: 6, rule: { kind: 'linear', baseline: 0 } },
        { name: '城市区域环境噪声', targets: [noise.id], points: 4, rule: { kind: 'bands', baseline: 60, bands: [{ reach: 0.5, credit: 0.5 }] } },
        { name: '工程一次验收合格率', targets: works.map((t) => t.id), points: 5, rule: { kind: 'all-or-nothing' } },
      ],
      bonus: { cap: 3 },
      appraisal: { max: 10 },
      returns: { each: 2, max: 4 },
      annualSummary: { missing: 2, late: 1 },
      classes: [
        { name: '执法监管', units: ENFORCEMENT.map(unitId), excellentQuota: 1 },
        { name: '综合', kinds: ['department'], excellentQuota: 2 },
      ],
      // 市统计局 has no item once the 各成员单位 are gone: assessed, it is 不考核.
      subjects: [unitId('市统计局')],
    };
    expect(await saveRubric(await now(), planId, { rubric, reason: '年度考核细则' }, { id: office.id, label: 'test' })).toMatchObject({ version: 2 });
  });

  it('launches as is; every unit signs for its items', async () => {
    const clock = await world.startClock();
    await launchPlan(world.t.db, world.client, planId, { taskQueue: TASK_QUEUE, clock: { dayMs: DAY_MS, ...clock }, dates: { asIs: true }, actor: { id: office.id, label: 'test' } });
    const count = () => world.t.db.assignment.count({ where: { measure: { planId } } });
    // 18 items' leads: 2+2+2+1+3 + 4+3+3+3+1+1 + 2+3+1+2+3+6+4.
    await waitFor('every assignment recorded', async () => (await count()) >= 46, { timeoutMs: 60_000 });
    expect(await count()).toBe(46);
    await signForAll(world, TASK_QUEUE, planId);
    await world.advanceTo('2026-01-12');
    await world.settled();
  }, 120_000);

  it('drives the year: reports on time, one returned, one late, one silent through 督办 and 提请协调; summaries; the office’s records', async () => {
    const all = await world.t.db.assignment.findMany({
      where: { measure: { planId } },
      select: { id: true, measure: { select: { ref: true, targets: { select: { id: true, value: true, comparator: true } } } }, unit: { select: { name: true, people: { where: { isContact: true }, select: { id: true } } } } },
    });
    expect(new Set(all.map((a) => a.unit.name)).size).toBe(18);
    const of = (ref: string, unit: string) => all.find((a) => a.measure.ref === ref && a.unit.name === unit) ?? expect.fail(`${ref} ${unit}`);
    /** A value that reaches the target, unless given: 突破 (>) 1200 is reached by 1201. */
    const reached = (t: { value: number; comparator: string }) => t.value + (t.comparator === 'gt' ? 1 : t.comparator === 'lt' ? -1 : 0);
    const send = (a: (typeof all)[number], key: string, values: Record<number, number> = {}) =>
      submitProgress(services(), {
        assignmentId: a.id,
        status: 'done',
        percent: 100,
        narrative: '已完成。',
        targetValues: a.measure.targets.map((t) => ({ targetId: t.id, value: values[t.value] ?? reached(t) })),
        attachments: [],
        submittedBy: a.unit.people[0]!.id,
        idempotencyKey: key,
      });
    const accept = async (answer: Awaited<ReturnType<typeof send>>, key: string) => {
      expect(answer.awaitingReview).toBe(true);
      await reviewReport(services(), office, answer.reportId, { decision: 'accept', requestId: `accept-${key}` });
      return answer;
    };
    const returned = of('三/(十八)', '市卫生计生委');
    const regional = of('三/(十六)', '市经信委');
    const works = of('三/(十四)', '市住建局');
    const late = of('二/(九)', '市科技局');
    const silent = of('一/(四)', '市财政局');

    await world.advanceTo('2026-07-06');
    const first = await send(returned, 'returned-first');
    await reviewReport(services(), office, first.reportId, { decision: 'return', reason: '佐证材料不全', requestId: 'return-first' });
    await world.advanceTo('2026-07-07');
    await accept(await send(returned, 'returned-again'), 'returned-again');
    // Its own values of the regional indicators: PM2.5 down 10 (of 13), noise 57 (of <55, from 60).
    await accept(await send(regional, 'regional', { 13: 10, 55: 57 }), 'regional');
    await world.advanceTo('2026-07-08');
    for (const a of all.filter((x) => ![returned.id, regional.id, late.id, silent.id].includes(x.id))) {
      const answer = await send(a, `on-time-${a.id}`, a.id === works.id ? { 98: 97 } : {});
      expect(answer).toMatchObject({ workingDaysLate: 0 });
      await accept(answer, a.id);
    }
    await world.advanceTo('2026-07-16', 10);
    expect(await accept(await send(late, 'late-report'), 'late-report')).toMatchObject({ workingDaysLate: 1 });
    await world.advanceTo('2026-08-03');
    expect(await accept(await send(silent, 'silent-report'), 'silent-report')).toMatchObject({ workingDaysLate: 13 });

    await world.advanceTo('2026-12-10');
    for (const name of new Set(all.map((a) => a.unit.name))) {
      if (name === '市教育局' || name === '市粮食局') continue;
      expect(await submitAnnualSummary(await now(), planId, await contactOf(name), { year: YEAR, summary: '全年完成。', targets: '巩固提升。', measures: '常态推进。' })).toMatchObject({ onTime: true });
    }
    await world.advanceTo('2026-12-18');
    expect(await submitAnnualSummary(await now(), planId, await contactOf('市教育局'), { year: YEAR, summary: '全年完成。', targets: '巩固提升。', measures: '常态推进。' })).toMatchObject({
      due: '2026-12-15',
      submittedOn: '2026-12-18',
      onTime: false,
    });

    await world.advanceTo('2026-12-20');
    const record = async (r: Parameters<typeof recordAssessment>[2]) => recordAssessment(await now(), planId, r, { id: office.id, label: 'test' });
    for (const [name, points] of [['市质监局', 10], ['市工商局', 9], ['市政府办公室', 8], ['市环保局', 7], ['市经信委', 6]] as const) {
      await record({ kind: 'appraisal', unitId: unitId(name), year: YEAR, points, evidence: [] });
    }
    // 加分 with its evidence: a file 市质监局 uploaded on the plan (佐证材料).
    const uploader = await contactOf('市质监局');
    const proof = await world.t.db.storedFile.create({
      data: { name: '省级质量奖证书.pdf', size: 3, sha256: 'b'.repeat(64), contentType: 'application/pdf', uploaderId: uploader.id, assignmentId: of('二/(十)', '市质监局').id, storedAt: new Date() },
    });
    await record({ kind: 'bonus', unitId: unitId('市质监局'), year: YEAR, points: 2, title: '省级质量奖', evidence: [proof.id] });
    await record({ kind: 'bonus', unitId: unitId('市质监局'), year: YEAR, points: 2, title: '国家级标准化试点', evidence: [] });
    await record({ kind: 'veto', unitId: unitId('市委宣传部'), year: YEAR, reason: '发生重大质量安全事故', evidence: [] });

    await world.advanceTo('2026-12-31', 20);
    await world.settled();
    const escalations = await world.t.db.escalation.findMany({ where: { assignment: { measure: { planId } } }, select: { level: true, assignment: { select: { unit: { select: { name: true } } } } } });
    expect(escalations.map((e) => `${e.assignment.unit.name} ${e.level}`).sort()).toEqual(['市科技局 urge', '市财政局 coordinator', '市财政局 supervise', '市财政局 urge']);
  }, 600_000);

  it('scores 2026 component by component as worked out by hand', async () => {
    const { scores } = await buildReport(world.t.db, planId, new Date('2026-12-31T23:00:00+08:00'), YEAR);
    const measures = await world.t.db.measure.findMany({ where: { planId }, select: { id: true, ref: true } });
    const measureId = (ref: string) => measures.find((m) => m.ref === ref)!.id;
    const assignment = (ref: string, name: string) => scores.assignments.find((a) => a.measureId === measureId(ref) && a.unitId === unitId(name)) ?? expect.fail(`${ref} ${name}`);
    const unit = (name: string) => scores.units.find((u) => u.subjectId === unitId(name)) ?? expect.fail(`no score for ${name}`);
    /** The lines of a score for some components, as [component, points, max], in its order. */
    const lines = (s: { breakdown: { component: string; points: number; max: number }[] }, ...components: string[]) =>
      s.breakdown.filter((l) => components.includes(l.component)).map((l) => [l.component, l.points, l.max]);

    // 市科技局, one working day late: completion (no targets, so 50 + 20) 70 × 0.8 = 56; timeliness 30 × (1 − 0.1) = 27;
    // its one 催办, none free: −1. 56 + 27 − 1 = 82.
    expect(lines(assignment('二/(九)', '市科技局'), 'completion', 'timeliness', 'deduction')).toEqual([['completion', 56, 70], ['timeliness', 27, 30], ['deduction', -1, 0]]);
    expect(assignment('二/(九)', '市科技局').points).toBe(82);
    // 市财政局, done on 08-03, 13 working days late: 70 × 0.8 = 56; 30 × max(0.2, 1 − 1.3) = 6; 催办 −1, 督办 −2, 提请协调 −4.
    // 56 + 6 − 7 = 55.
    expect(lines(assignment('一/(四)', '市财政局'), 'completion', 'timeliness', 'deduction')).toEqual([
      ['completion', 56, 70],
      ['timeliness', 6, 30],
      ['deduction', -1, 0],
      ['deduction', -2, 0],
      ['deduction', -4, 0],
    ]);
    expect(assignment('一/(四)', '市财政局').points).toBe(55);
    // 市住建局 on 三/(十四): 50 + 30, and three targets of 20 / 3 = 6.67: two reached, 97 of 98 is 98.98%, capped at 90%: 6.
    // 50 + 30 + 13.33 + 6 = 99.33.
    expect(lines(assignment('三/(十四)', '市住建局'), 'completion', 'timeliness', 'targets').sort()).toEqual(
      [['completion', 50, 50], ['timeliness', 30, 30], ['targets', 6.67, 6.67], ['targets', 6.67, 6.67], ['targets', 6, 6.67]].sort(),
    );
    expect(assignment('三/(十四)', '市住建局').points).toBe(99.33);
    // Returned, then sent again on time and accepted: the assignment is whole; the 退回 costs its unit.
    expect(assignment('三/(十八)', '市卫生计生委').points).toBe(100);
    // 市经信委's own PM2.5 and noise fell short, but the measure's targets are judged on its latest values (07-08, reached).
    expect(assignment('三/(十六)', '市经信委').points).toBe(100);

    // 指标分, each lead on its own value. PM2.5 linear from 0: 6 × 10 / 13 = 4.62. Noise (lower is better) from 60 to 55:
    // 57 is (60 − 57) / (60 − 55) = 60% of the way, in the 50% band: 4 × 0.5 = 2. 市环保局 and 市国土局 reached both: 6, 4.
    expect(lines(unit('市经信委'), 'indicator')).toEqual([['indicator', 4.62, 6], ['indicator', 2, 4]]);
    expect(lines(unit('市环保局'), 'indicator')).toEqual([['indicator', 6, 6], ['indicator', 4, 4]]);
    expect(lines(unit('市国土局'), 'indicator')).toEqual([['indicator', 6, 6], ['indicator', 4, 4]]);
    // 工程一次验收合格率, all or nothing on each of three targets: 100, 100 reached, 97 not: 5 × 2 / 3 = 3.33.
    expect(lines(unit('市住建局'), 'indicator')).toEqual([['indicator', 3.33, 5]]);
    // 评议 as recorded (of 10); none recorded is 0. 加分 2 + 2 = 4 above the cap: 3.
    expect(lines(unit('市质监局'), 'appraisal', 'bonus')).toEqual([['appraisal', 10, 10], ['bonus', 3, 0]]);
    expect(lines(unit('市发改委'), 'appraisal', 'bonus')).toEqual([['appraisal', 0, 10]]);
    // 退回 once: −2. 年度总结 late: −1; missing: −2.
    expect(lines(unit('市卫生计生委'), 'return', 'annual-summary')).toEqual([['return', -2, 0]]);
    expect(lines(unit('市教育局'), 'return', 'annual-summary')).toEqual([['annual-summary', -1, 0]]);
    expect(lines(unit('市粮食局'), 'return', 'annual-summary')).toEqual([['annual-summary', -2, 0]]);
    expect(unit('市委宣传部').breakdown.filter((l) => l.component === 'veto').map((l) => l.explanation)).toEqual(['一票否决：2026年度 发生重大质量安全事故，评为不合格']);

    // Each unit: the mean of its assignments (of 100), then + 指标分 + 评议 + 加分 − 退回 − 年度总结, out of
    // 100 + its indicators' points + 10; graded on that share (90 优秀, 80 良好, 60 合格), then each class's quota of 优秀.
    const table = Object.fromEntries(scores.units.map((u) => [[...unitIds].find(([, id]) => id === u.subjectId)![0], [u.points, u.maxPoints, u.grade]]));
    expect(table).toEqual({
      // 执法监管 (one 优秀):
      市质监局: [113, 110, '优秀'], // 12 items at 100 + 评议 10 + 加分 3 (the ceiling is 110 + the cap): rank 1
      市工商局: [109, 110, '良好'], // 5 at 100 + 9 = 99.09%, but the one 优秀 is taken: rank 2
      市食药监局: [100, 110, '良好'], // 90.91%: rank 3
      苏州出入境检验检疫局: [100, 110, '良好'], // rank 3 too
      // 综合 (two 优秀):
      市环保局: [117, 120, '优秀'], // 100 + 6 + 4 + 7 = 97.5%: rank 1
      市经信委: [112.62, 120, '优秀'], // 100 + 4.62 + 2 + 6 = 93.85%: rank 2
      市国土局: [110, 120, '良好'], // 100 + 10 = 91.67%, past the quota
      市政府办公室: [108, 110, '良好'], // 100 + 8 = 98.18%, past the quota
      市住建局: [103, 115, '良好'], // (99.33 + 100) / 2 + 3.33 = 103 = 89.57%
      市发改委: [100, 110, '良好'], // 90.91%, past the quota
      市农委: [100, 110, '良好'],
      市旅游局: [100, 110, '良好'],
      市委宣传部: [100, 110, '不合格'], // vetoed whatever its points
      市教育局: [99, 110, '良好'], // 100 − 1 = 90%, past the quota
      市粮食局: [98, 110, '良好'], // 100 − 2 = 89.09%
      市卫生计生委: [98, 110, '良好'], // 100 − 2
      市科技局: [82, 110, '合格'], // 74.55%
      市财政局: [55, 110, '不合格'], // 50%
      市统计局: [0, 0, '不考核'], // a 考核对象 with nothing to assess
    });
    const ranks = Object.fromEntries(scores.classes.map((c) => [c.name, c.ranking.map((r) => `${[...unitIds].find(([, id]) => id === r.unitId)![0]} ${r.rank}`).sort()]));
    expect(ranks).toEqual({
      执法监管: ['市质监局 1', '市工商局 2', '市食药监局 3', '苏州出入境检验检疫局 3'].sort(),
      综合: [
        '市环保局 1', '市经信委 2', '市国土局 3', '市政府办公室 4', '市住建局 5', '市发改委 6', '市农委 6', '市旅游局 6', '市委宣传部 6',
        '市教育局 10', '市粮食局 11', '市卫生计生委 11', '市科技局 13', '市财政局 14',
      ].sort(),
    });
    expect(unit('市国土局').breakdown.find((l) => l.component === 'class')?.explanation).toBe('分类考核：综合类 14 个单位中第 3 名；优秀名额 2 个已满，评为良好');
  }, 60_000);
});
