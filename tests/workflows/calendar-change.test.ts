import { afterAll, beforeAll, expect, it } from 'vitest';
import { CN_2026 } from '../../calendar/data/cn';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { changeCalendarYear } from '../../services/calendar/change-calendar-year';
import { launchPlan } from '../../services/plans/launch-plan';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import { recordHistories } from '../support/histories';
import { seedPlan } from '../support/measure-fixtures';
import { startMeasureWorld, type TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'calendar-change';
let world: TMeasureWorld;

beforeAll(async () => {
  world = await startMeasureWorld({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-01-05') });
});
afterAll(async () => world?.stop());

const subjects = () => world.capture.messages().map((m) => m.subject);

it('a running measure counts its 催办 on the calendar a coordinator sets after launch', async () => {
  const { t, env, reg, capture } = world;
  const { plan, measureIds } = await seedPlan(t.db, reg, [
    { ref: '一', title: '建设检验检测平台', due: '2026-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] },
  ]);
  const workflowId = measureWorkflowId(plan.id, measureIds[0]!);
  const clock = await world.startClock();
  await launchPlan(t.db, env.client, plan.id, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
  await world.advanceTo('2026-07-15');
  await capture.waitFor(() => subjects().some((s) => s.startsWith('【督办】今日到期')), 20_000, 'the due notice');

  // Thursday 16 and Friday 17 July become days off: one working day overdue is now Monday 20 July, not the 16th.
  const extra = [
    { date: '2026-07-16', kind: 'holiday' as const, name: '防汛应急调休' },
    { date: '2026-07-17', kind: 'holiday' as const, name: '防汛应急调休' },
  ];
  const change = await changeCalendarYear(
    t.db,
    { client: env.client, taskQueue: TASK_QUEUE },
    { year: 2026, days: [...CN_2026, ...extra], source: '手工编辑', provisional: false },
    { id: null, name: '市督查室', label: 'test' },
  );
  expect(await world.outcome(change.announcedBy)).toEqual({ told: 1, closed: 0 });

  await world.advanceTo('2026-07-17', 18);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(subjects().filter((s) => s.startsWith('【催办】'))).toEqual([]);
  await world.advanceTo('2026-07-20');
  await capture.waitFor(() => subjects().some((s) => s.startsWith('【催办】')), 20_000, 'the 催办');
  expect(subjects().filter((s) => s.startsWith('【催办】'))).toEqual(['【催办】市财政局：建设检验检测平台 2026年上半年进展已逾期1个工作日']);
  const urge = await t.db.escalation.findFirstOrThrow({ where: { level: 'urge' } });
  expect(urge.sentAt.getTime()).toBeGreaterThanOrEqual(shanghaiMidnight('2026-07-20'));
  await recordHistories(env.client, workflowId, 'calendar-changed-urge-moves');
});
