import { expect } from 'vitest';
import { CN_2026 } from '../../calendar/data/cn';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { changeCalendarYear } from '../../services/calendar/change-calendar-year';
import { announceToMeasures } from '../../services/measures/announce-to-measures';
import { ZEscalationLadderSchema } from '../../domain/ladder';
import { launchPlan } from '../../services/plans/launch-plan';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import { recordHistories } from '../support/histories';
import { seedPlan } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'changes-after-launch';
let world: TMeasureWorld;
/** The workflows' clock, pinned once for the file: both measures run on it. */
let clock: { realStartMs: number; virtualStartMs: number };

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05') });
it.beforeAll(async ({ world: started }) => {
  world = started;
});

const subjects = () => world.capture.messages().map((m) => m.subject);

it('a running measure counts its 催办 on the calendar a coordinator sets after launch', async () => {
  const { t, env, reg, capture } = world;
  const { plan, measureIds } = await seedPlan(t.db, reg, [
    { ref: '一', title: '建设检验检测平台', due: '2026-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] },
  ]);
  const workflowId = measureWorkflowId(plan.id, measureIds[0]!);
  clock = await world.startClock();
  const progress: string[] = [];
  await launchPlan(t.db, world.client, plan.id, {
    taskQueue: TASK_QUEUE,
    startDate: '2026-01-05',
    clock: { dayMs: DAY_MS, ...clock },
    onProgress: (done, total) => progress.push(`${done}/${total}`),
  });
  expect(progress).toEqual(['1/1']);
  await world.advanceTo('2026-07-15');
  await capture.waitFor(() => subjects().some((s) => s.startsWith('【督办】今日到期')), 20_000, 'the due notice');

  // Thursday 16 and Friday 17 July become days off: one working day overdue is now Monday 20 July, not the 16th.
  const extra = [
    { date: '2026-07-16', kind: 'holiday' as const, name: '防汛应急调休' },
    { date: '2026-07-17', kind: 'holiday' as const, name: '防汛应急调休' },
  ];
  const change = await changeCalendarYear({ db: t.db }, { year: 2026, days: [...CN_2026, ...extra], source: '手工编辑', provisional: false }, { id: null, name: '市督查室', label: 'test' });
  expect(await world.outcome(change.announcedBy)).toEqual({ told: 1, closed: 0 });
  await recordHistories(env.client, change.announcedBy, 'broadcast/calendar');

  await world.advanceTo('2026-07-17', 18);
  await world.settled();
  expect(subjects().filter((s) => s.startsWith('【督办】催办：'))).toEqual([]);
  await world.advanceTo('2026-07-20');
  await capture.waitFor(() => subjects().some((s) => s.startsWith('【督办】催办：')), 20_000, 'the 催办');
  expect(subjects().filter((s) => s.startsWith('【督办】催办：'))).toEqual(['【督办】催办：市财政局“建设检验检测平台”2026年上半年进展报告已逾期1个工作日']);
  const urge = await t.db.escalation.findFirstOrThrow({ where: { level: 'urge' } });
  expect(urge.sentAt.getTime()).toBeGreaterThanOrEqual(shanghaiMidnight('2026-07-20'));
  await recordHistories(env.client, workflowId, 'calendar-changed');
});

it('a running measure follows thresholds a coordinator changes after launch, into its next period too', async () => {
  const { t, env, reg } = world;
  const { plan, measureIds } = await seedPlan(
    t.db,
    reg,
    [{ ref: '二', title: '推进标准化建设', due: '2026-12-31', parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }] }],
    { schedule: { cadence: 'quarterly' } },
  );
  const workflowId = measureWorkflowId(plan.id, measureIds[0]!);
  await launchPlan(t.db, world.client, plan.id, { taskQueue: TASK_QUEUE, startDate: '2026-07-20', clock: { dayMs: DAY_MS, ...clock } });
  await world.capture.waitFor(() => subjects().some((s) => s.includes('任务交办：“推进标准化建设”')), 20_000, 'the notice');

  // 督办 after 2 working days instead of 3: Q3's report is due Thursday 15 October, so 督办 on Monday the 19th.
  // Saved and announced in one transaction, as the plan's settings page does.
  const ladder = ZEscalationLadderSchema.parse({ superviseAfterWorkingDays: 2, coordinatorAfterWorkingDays: 5 });
  const announcedBy = await t.db.$transaction(async (tx) => {
    await tx.plan.update({ where: { id: plan.id }, data: { ladder } });
    return announceToMeasures(tx, { changeId: 'ladder-test', planId: plan.id, kind: 'ladder' });
  });
  expect(await world.outcome(announcedBy)).toEqual({ told: 1, closed: 0 });
  await recordHistories(env.client, announcedBy, 'broadcast/ladder');
  const supervised = () => subjects().filter((s) => s.startsWith('【督办】督办单：') && s.includes('推进标准化建设'));

  await world.advanceTo('2026-10-19');
  await world.capture.waitFor(() => supervised().length === 1, 20_000, 'Q3 督办单');
  expect(supervised()).toEqual(['【督办】督办单：市发展改革委“推进标准化建设”2026年第三季度进展报告已逾期2个工作日']);
  // The next period runs in a new execution (continue-as-new), which carries the changed thresholds.
  await world.advanceTo('2027-01-19');
  await world.capture.waitFor(() => supervised().length === 2, 20_000, 'Q4 督办单');
  // Each period's 督办单 names its period, so the leader can tell the two apart in the inbox.
  expect(supervised()).toEqual(['【督办】督办单：市发展改革委“推进标准化建设”2026年第三季度进展报告已逾期2个工作日', '【督办】督办单：市发展改革委“推进标准化建设”2026年第四季度进展报告已逾期2个工作日']);
  expect(await t.db.escalation.count({ where: { level: 'supervise', assignment: { measureId: measureIds[0]! } } })).toBe(2);
  await recordHistories(env.client, workflowId, 'ladder-changed-next-period');
});
