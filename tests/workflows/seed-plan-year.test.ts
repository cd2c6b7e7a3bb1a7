import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import type { TPerson } from '../../services/access/scope';
import { decideExtension } from '../../services/measures/decide-extension';
import { requestExtension } from '../../services/measures/request-extension';
import { launchPlan } from '../../services/plans/launch-plan';
import { planStatus } from '../../services/plans/plan-status';
import { submitProgress } from '../../services/progress/submit-progress';
import { reviewReport } from '../../services/reviews/review-report';
import { buildReport } from '../../services/reports/build-report';
import { runDuban } from '../support/cli';
import { itemsOf } from '../support/mail-items';
import { importSeedPlan, signForAll } from '../support/seed-plans';
import { waitFor } from '../support/wait-for';
import { startWorkflowWorld, type TWorld } from '../support/workflow-world';

/**
 * The shared seed plans run as an office would run them: each imported with its government's registry, launched as is on
 * 2026-01-05 on the time-skipping server (their work fell due years ago, so it is all due at the first reporting date
 * after the launch, 2026-07-15), and driven through 2026:
 * - one unit never reports: 提醒, 到期, 催办, 督办 to its leader, 提请协调 to the office; it scores 0;
 * - one reports done on 07-16, one working day late (after the 09:00 催办);
 * - one asks for 延期 to 08-31, gets it, and reports done on 08-20;
 * - every other unit reports done on 07-08, with each target's value reached.
 * The late unit is the only unit of its item, which has no targets; so is the silent one but for 沙坪坝, where it shares its
 * item with two others, and 苏州, where every item has 各成员单位 cooperating (worked out by hand below).
 */
type TSeedRun = {
  government: string;
  plan: string;
  registry: string;
  measures: number;
  /** The plan's own period, as import reads it. */
  period: { from: string; to: string };
  /** Its parties, counted by hand from the plan (a group counts its members), and the items with none, which go to the office. */
  assignments: number;
  never: { ref: string; unit: string; contact: string; leader: string };
  late: { ref: string; unit: string };
  extended: { ref: string; unit: string };
  /** Items of weight 1, each the mean of its units' scores: all at 100 but the silent unit's (0) and the late unit's (83). */
  planPoints: number;
  /** A unit's score where it is worked out by hand too. */
  unit?: { name: string; assignments: number; points: number };
};

const SEED_RUNS: TSeedRun[] = [
  {
    government: '宝坻区',
    plan: '000',
    registry: 'seeds/registries/baodi.json',
    measures: 26,
    period: { from: '2018-12-29', to: '2020-12-31' },
    // 二/(一)…五/(二十三) name 72 unit parties; the three 六/… go to the office.
    assignments: 75,
    never: { ref: '五/(二十一)', unit: '区财政局', contact: 'czj@baodi.duban.test', leader: 'ma.guodong@baodi.duban.test' },
    late: { ref: '三/(九)', unit: '区市场监管局' },
    extended: { ref: '五/(二十三)', unit: '区市场监管局' },
    // (2400 + 83) / 26
    planPoints: 95.5,
    // 区市场监管局 is named in 18 items: 17 at 100 and the late one 83 → 1783 / 18.
    unit: { name: '区市场监管局', assignments: 18, points: 99.06 },
  },
  {
    government: '天津市',
    plan: '001',
    registry: 'seeds/registries/tianjin.json',
    measures: 21,
    period: { from: '2013-05-23', to: '2013-12-31' },
    // 103 unit parties, 各區縣人民政府 three times (16 members each), 有關企業總公司 once (5), and the three 七/… to the office.
    assignments: 159,
    // 五/(十五) 市總工會 and 一/(四) 天津檢驗檢疫局, as the plan writes them in traditional characters.
    never: { ref: '五/(十五)', unit: '市总工会', contact: 'zonggonghui@tianjin.duban.test', leader: 'li.shuhua@tianjin.duban.test' },
    late: { ref: '一/(四)', unit: '天津出入境检验检疫局' },
    extended: { ref: '一/(一)', unit: '市食品药品监管局' },
    // (1900 + 83) / 21
    planPoints: 94.43,
  },
  {
    government: '苏州市',
    plan: '003',
    registry: 'seeds/registries/suzhou.json',
    measures: 18,
    period: { from: '2016-04-25', to: '2016-12-31' },
    // Every item: its leads and 各成员单位 cooperating, 21 members that include the leads (one assignment each): 18 × 21.
    assignments: 378,
    // 一/(四): 市财政局 leads, the 20 other members cooperate (share 0.5): (0 + 0.5 × 20 × 100) / 11 = 90.91.
    never: { ref: '一/(四)', unit: '市财政局', contact: 'caizheng@suzhou.duban.test', leader: 'shen.zhigang@suzhou.duban.test' },
    // 二/(十一): 市质监局 leads, 20 cooperate: (83 + 1000) / 11 = 98.45.
    late: { ref: '二/(十一)', unit: '市质监局' },
    extended: { ref: '一/(一)', unit: '市政府办公室' },
    // (1600 + 90.91 + 98.45) / 18
    planPoints: 99.41,
  },
  {
    government: '沙坪坝区',
    plan: '004',
    registry: 'seeds/registries/shapingba.json',
    measures: 24,
    period: { from: '2019-11-29', to: '2020-12-31' },
    // 115 unit parties, 各镇街 four times (12 members each), and the four 四/… to the office.
    assignments: 167,
    // 区国资委 shares 三/(一)/4 with 区经信委 and 区市场监管局 (no targets): that item scores (0 + 100 + 100) / 3 = 66.67.
    never: { ref: '三/(一)/4', unit: '区国资委', contact: 'gzw@shapingba.duban.test', leader: 'tan.zhiyong@shapingba.duban.test' },
    late: { ref: '三/(三)/8', unit: '区市场监管局' },
    extended: { ref: '三/(四)/13', unit: '区政务办' },
    // (2200 + 66.67 + 83) / 24
    planPoints: 97.9,
  },
];

const TASK_QUEUE = 'seed-plan-year';

describe.each(SEED_RUNS)('the $government seed plan ($plan), launched as is in 2026 and run through its first year', (seed) => {
  let world: TWorld;
  let office: TPerson;
  let planId: string;

  beforeAll(async () => {
    world = await startWorkflowWorld({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05') });
    ({ office, planId } = await importSeedPlan(world, seed));
  }, 120_000);
  afterAll(async () => world?.stop());

  /** A value that meets the target: 突破1200张 (> 1200) is met by 1201, not by 1200. */
  const reached = (t: { value: number; comparator: string }) => t.value + (t.comparator === 'gt' ? 1 : t.comparator === 'lt' ? -1 : 0);
  const services = () => ({ db: world.t.db, temporal: { client: world.env.client, taskQueue: TASK_QUEUE } });
  const mailsTo = (email: string) => world.capture.messages().filter((m) => m.to.includes(email)).map((m) => m.subject);

  async function assignmentsByRef() {
    const rows = await world.t.db.assignment.findMany({
      where: { measure: { planId } },
      include: { measure: { select: { ref: true, targets: { select: { id: true, value: true, comparator: true } } } }, unit: { select: { name: true, people: { where: { isContact: true }, select: { id: true } } } } },
    });
    return rows;
  }

  it('launches as is: every measure due at 2026-07-15, its own date kept; launch day brings each assignment’s notice once and nothing else', async () => {
    const clock = await world.startClock();
    await launchPlan(world.t.db, world.client, planId, { taskQueue: TASK_QUEUE, clock: { dayMs: DAY_MS, ...clock }, dates: { asIs: true }, actor: { id: office.id, label: 'test' } });
    const measures = await world.t.db.measure.findMany({ where: { planId }, select: { ref: true, due: true, originalDue: true } });
    expect(new Set(measures.map((m) => shanghaiDate(m.due)))).toEqual(new Set(['2026-07-15']));
    expect(measures.every((m) => m.originalDue !== null && shanghaiDate(m.originalDue) <= '2020-12-31')).toBe(true);
    // The launch has started every measure; each records its assignments in its own first task.
    const count = () => world.t.db.assignment.count({ where: { measure: { planId } } });
    await waitFor('every assignment recorded', async () => (await count()) >= seed.assignments, { timeoutMs: 120_000, progress: async () => `${await count()} of ${seed.assignments}` });
    const assignments = await count();
    expect(assignments).toBe(seed.assignments);
    // A unit's notices of the plan come as one 交办通知 listing its items (several, past a digest's size).
    const listed = () => world.capture.messages().flatMap((m) => itemsOf(m.text));
    await world.capture.waitFor(() => listed().length >= assignments, 60_000, 'every assignment’s notice');
    // Every unit signs for (签收) its items on launch day, the silent unit too.
    await signForAll(world, TASK_QUEUE, planId);
    await world.advanceTo('2026-01-12');
    await world.settled();
    const ids = (await world.t.db.assignment.findMany({ where: { measure: { planId } }, select: { id: true } })).map((a) => a.id);
    expect(listed().sort()).toEqual(ids.sort());
    expect(world.capture.messages().every((m) => m.subject.startsWith('【督办】任务交办'))).toBe(true);
    expect((await planStatus(world.t.db, planId)).period).toEqual({ from: '2026-01-05', to: '2026-07-15' });
  }, 300_000);

  it('drives the year: 延期 asked and granted, on-time reports, one late, one never', async () => {
    const all = await assignmentsByRef();
    const of = (ref: string, unit: string) => all.find((a) => a.measure.ref === ref && a.unit.name === unit)!;
    // Each done report to the office is accepted the same day (审核): it counts from then, judged by when it was sent. A
    // cooperating unit's report goes to its lead unit (the plans' default, cycle.reportTo) and counts as it arrives.
    const report = async (a: (typeof all)[number], key: string) => {
      const answer = await submitProgress(services(), {
        assignmentId: a.id,
        status: 'done',
        percent: 100,
        narrative: '已完成。',
        targetValues: a.measure.targets.map((t) => ({ targetId: t.id, value: reached(t) })),
        attachments: [],
        submittedBy: a.unit.people[0]!.id,
        idempotencyKey: key,
      });
      if (answer.awaitingReview) await reviewReport(services(), office, answer.reportId, { decision: 'accept', requestId: `accept-${key}` });
      return answer;
    };
    const never = of(seed.never.ref, seed.never.unit);
    const late = of(seed.late.ref, seed.late.unit);
    const extended = of(seed.extended.ref, seed.extended.unit);

    await world.advanceTo('2026-07-01');
    const ext = await requestExtension(services(), { assignmentId: extended.id, requestedDue: '2026-08-31', reason: '专项整治尚未结束', requestedBy: extended.unit.people[0]!.id, idempotencyKey: `extension-${seed.plan}` });
    expect((await decideExtension(services(), office, { extensionId: ext.extensionId }, { approve: true, requestId: `decide-extension-${seed.plan}` })).status).toBe('approved');

    await world.advanceTo('2026-07-08');
    for (const a of all.filter((x) => ![never.id, late.id, extended.id].includes(x.id))) {
      expect(await report(a, `on-time-${a.id}`)).toMatchObject({ workingDaysLate: 0 });
    }
    await world.advanceTo('2026-07-16', 10);
    expect(await report(late, `late-report-${seed.plan}`)).toMatchObject({ workingDaysLate: 1 });
    await world.advanceTo('2026-08-20');
    expect(await report(extended, `extended-done-${seed.plan}`)).toMatchObject({ workingDaysLate: 0, due: '2026-08-31' });
    await world.advanceTo('2026-12-31', 20);
    await world.capture.waitFor(() => mailsTo('office@duban.test').some((s) => s.startsWith(`【督办】提请协调：${seed.never.unit}`)), 30_000, `提请协调 for ${seed.never.unit}`);
    // The outbox gathers each unit's messages of a day into one digest before sending: all of them are out once it is empty.
    await world.settled();
  }, 600_000);

  it('mails the silent unit its reminders and 催办, its leader the 督办单, the office the 提请协调; the late unit one 催办', async () => {
    // Besides its notices (one per item it is named in; it reported on time for any other) and, as a lead unit, the
    // letters that bring its cooperating units' parts to consolidate (苏州: 各成员单位 report to the lead).
    const unasked = mailsTo(seed.never.contact).filter((s) => !s.startsWith('【督办】任务交办') && !s.startsWith('【督办】配合单位报送'));
    // As a set: a delivery the outbox retried (the database busy) can arrive after a later one, as it can by mail.
    expect(unasked.map((s) => s.slice(0, 9)).sort()).toEqual(['【督办】报送提醒：', '【督办】今日到期：', `【督办】催办：${seed.never.unit.slice(0, 2)}`].sort());
    expect(mailsTo(seed.never.leader).filter((s) => s.includes(seed.never.unit))).toEqual([expect.stringMatching(new RegExp(`^【督办】督办单：${seed.never.unit}.*已逾期3个工作日$`))]);
    expect(mailsTo('office@duban.test').filter((s) => s.startsWith('【督办】提请协调'))).toEqual([expect.stringMatching(new RegExp(`^【督办】提请协调：${seed.never.unit}.*已逾期7个工作日$`))]);
    const escalations = await world.t.db.escalation.findMany({ where: { assignment: { measure: { planId } } }, include: { assignment: { include: { measure: true, unit: true } } } });
    // Both 催办 go out at 09:00 on 07-16; the 督办 three working days after 07-15, the 提请协调 seven.
    expect(escalations.map((e) => [shanghaiDate(e.sentAt), e.assignment.measure.ref, e.assignment.unit.name, e.level]).sort()).toEqual(
      [
        ['2026-07-16', seed.late.ref, seed.late.unit, 'urge'],
        ['2026-07-16', seed.never.ref, seed.never.unit, 'urge'],
        ['2026-07-20', seed.never.ref, seed.never.unit, 'supervise'],
        ['2026-07-24', seed.never.ref, seed.never.unit, 'coordinator'],
      ].sort(),
    );
  });

  it('at the year’s end: colours, and scores worked out by hand, for 2026 and for the whole period, also from `duban report`', async () => {
    const status = await planStatus(world.t.db, planId);
    expect(status.measures.filter((m) => m.colour === 'red').map((m) => m.ref)).toEqual([seed.never.ref]);
    const asOf = new Date('2026-12-31T23:00:00+08:00');
    for (const year of [2026, 'all'] as const) {
      const report = await buildReport(world.t.db, planId, asOf, year);
      const s = report.scores;
      const unitNamed = (name: string) => report.input.units.find((u) => u.name === name)!.id;
      const measureRef = (ref: string) => status.measures.find((m) => m.ref === ref)!.id;
      const assignment = (at: { ref: string; unit: string }) => s.assignments.find((a) => a.measureId === measureRef(at.ref) && a.unitId === unitNamed(at.unit))!;
      // Never reported: completion 0 (of 70: no targets), timeliness 0; 催办 free, 督办 −2, 提请协调 −5: floored at 0.
      // A unit named both as a lead and through a group it belongs to is assigned once, as the lead.
      expect(s.assignments.find((a) => a.measureId === measureRef(seed.never.ref) && a.unitId === unitNamed(seed.never.unit))?.role).toBe('lead');
      expect(assignment(seed.never)).toMatchObject({ points: 0, grade: '不合格' });
      // Done one working day late: completion 70 × 0.8 = 56, timeliness 30 × 0.9 = 27; its 催办 is the free one: 83.
      expect(assignment(seed.late)).toMatchObject({ points: 83, grade: '良好' });
      // Done on 08-20, before the granted 08-31: 100.
      expect(assignment(seed.extended)).toMatchObject({ points: 100 });
      expect(s.plan.points).toBe(seed.planPoints);
      if (seed.unit) {
        const unit = s.units.find((u) => u.subjectId === unitNamed(seed.unit!.name))!;
        expect(s.assignments.filter((a) => a.unitId === unit.subjectId)).toHaveLength(seed.unit.assignments);
        expect(unit.points).toBe(seed.unit.points);
      }
    }
    // `duban report` gives the same scores, as the office would ask for them.
    const cli = await runDuban(['report', planId, '--year', '2026', '--as-of', asOf.toISOString()], { DATABASE_URL: world.t.url });
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ assessed: { year: 2026 }, plan: { points: seed.planPoints } });
  }, 120_000);
});
