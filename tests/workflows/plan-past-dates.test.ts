import { describe, expect } from 'vitest';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { planSettingsOf } from '../../domain/plan-settings';
import { loadItem } from '../../api/views/item';
import { loadPlanReview } from '../../api/views/plan-review';
import { launchPlan } from '../../services/plans/launch-plan';
import { runDuban } from '../support/cli';
import { seedPlan } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'plan-past-dates';
let world: TMeasureWorld;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-03-02') });
it.beforeAll(async ({ world: started }) => {
  world = started;
});

/** A plan written like 宝坻's: issued 2018-12-29, its work due in 2019 and 到2020年, imported in 2026. */
async function oldPlan() {
  const { t, reg } = world;
  const seeded = await seedPlan(
    t.db,
    reg,
    [
      { ref: '二/(一)', title: '完善质量激励政策', due: '2019-06-30', parties: [{ role: 'lead', name: '区财政局', unitId: reg.units.czj.id }] },
      {
        ref: '二/(二)',
        title: '提升产品质量合格率',
        due: '2020-12-31',
        parties: [{ role: 'lead', name: '区发展改革委', unitId: reg.units.fgw.id }],
        targets: [{ indicator: '产品质量合格率', value: 95, unit: '%' }],
      },
    ],
    { year: 2018 },
  );
  await t.db.plan.update({
    where: { id: seeded.plan.id },
    data: { period: { from: '2018-12-29', to: '2020-12-31', fromReason: { kind: 'plan', text: '2018年12月29日' }, toReason: { kind: 'plan', text: '到2020年', ref: '一' } } },
  });
  await t.db.target.updateMany({ where: { measureId: seeded.measureIds[1] }, data: { by: '2020', milestones: [{ by: '2019', value: 90 }, { by: '2020', value: 95 }] } });
  return seeded;
}

const launch = async (planId: string, dates?: { rebase: number } | { asIs: true }) =>
  launchPlan(world.t.db, world.client, planId, {
    taskQueue: TASK_QUEUE,
    clock: { dayMs: DAY_MS, ...(await world.startClock()) },
    actor: { id: null, label: 'test' },
    ...(dates ? { dates } : {}),
  });

const dueOf = async (measureId: string) => {
  const m = await world.t.db.measure.findUniqueOrThrow({ where: { id: measureId }, select: { due: true, originalDue: true } });
  return [shanghaiDate(m.due), m.originalDue && shanghaiDate(m.originalDue)];
};

describe.sequential('launching a plan whose dates are past (宝坻 2018–2020, launched 2026-03-02)', () => {
  it('is refused without a choice, naming the past dates, and nothing is saved', async () => {
    const { plan } = await oldPlan();
    const refused = await launch(plan.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'PLAN_DATES_PAST' });
    expect(String((refused as Error).message)).toContain('计划有 3 个日期已过（二/(一) 2019-06-30、二/(二) 2020-12-31、period.to 2020-12-31）');
    expect(await world.t.db.plan.findUniqueOrThrow({ where: { id: plan.id } })).toMatchObject({ status: 'draft', launchedAt: null });
    expect(await world.t.db.assignment.count({ where: { measure: { planId: plan.id } } })).toBe(0);
    // The command line says the same and which flag to choose, before it looks for a Temporal server (none here).
    const cli = (...flags: string[]) => runDuban(['plan', 'launch', plan.id, ...flags], { DATABASE_URL: world.t.url, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    const bare = await cli();
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('计划有 3 个日期已过（二/(一) 2019-06-30、二/(二) 2020-12-31、period.to 2020-12-31）：请加 --rebase 年份');
    expect(bare.stderr).toContain('--as-is');
    const both = await cli('--rebase', '2026', '--as-is');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('顺延与按原日期启动只能选其一');
    expect((await cli('--rebase', 'next')).code).toBe(2);
    // A re-base that leaves dates past is refused naming `rebase`.
    await expect(launch(plan.id, { rebase: 2019 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('as is: its overdue work is due at the next reporting date, the period ends no earlier, audited; launch day brings notices only', async () => {
    const { plan, measureIds } = await oldPlan();
    const before = world.capture.messages().length;
    await launch(plan.id, { asIs: true });
    expect(await dueOf(measureIds[0]!)).toEqual(['2026-07-15', '2019-06-30']);
    expect(await dueOf(measureIds[1]!)).toEqual(['2026-07-15', '2020-12-31']);
    const stored = await world.t.db.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(planSettingsOf(stored, ['period']).period).toMatchObject({
      from: '2026-03-02',
      to: '2026-07-15',
      toReason: { kind: 'catch-up' },
      original: { from: '2018-12-29', to: '2020-12-31' },
    });
    const audit = await world.t.db.auditEvent.findMany({ where: { planId: plan.id, action: 'plan.launch_as_is' } });
    expect(audit.map((a) => [a.actorLabel, a.data])).toEqual([
      ['test', { kind: 'as-is', catchUp: '2026-07-15', moved: ['二/(一)', '二/(二)'], period: { from: '2026-03-02', to: '2026-07-15' }, original: { from: '2018-12-29', to: '2020-12-31' } }],
    ]);
    await world.capture.waitFor(() => world.capture.messages().length >= before + 2, 20_000, 'two assignment notices');
    // A week on: nothing but the two notices — no 催办, 督办 or 提请协调 for dates that were past at launch.
    await world.advanceTo('2026-03-09');
    await world.settled();
    const subjects = world.capture.messages().slice(before).map((m) => m.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects.every((s) => s.startsWith('【督办】任务交办'))).toBe(true);
    expect(await world.t.db.escalation.count({ where: { assignment: { measure: { planId: plan.id } } } })).toBe(0);
  });

  it('re-based to 2026: every date moves eight years, target years included, the originals kept and audited', async () => {
    const { plan, measureIds } = await oldPlan();
    await world.t.db.target.updateMany({ where: { measureId: measureIds[1] }, data: { text: '到2020年，产品质量合格率达到95%' } });
    const before = world.capture.messages().length;
    await launch(plan.id, { rebase: 2026 });
    expect(await dueOf(measureIds[0]!)).toEqual(['2027-06-30', '2019-06-30']);
    expect(await dueOf(measureIds[1]!)).toEqual(['2028-12-31', '2020-12-31']);
    const target = await world.t.db.target.findFirstOrThrow({ where: { measureId: measureIds[1] } });
    // 到2020年 becomes 到2028年 (原定2020年).
    expect(target).toMatchObject({ by: '2028', milestones: [{ by: '2027', value: 90 }, { by: '2028', value: 95 }], original: { by: '2020' } });
    const stored = await world.t.db.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(stored.year).toBe(2026);
    expect(planSettingsOf(stored, ['period']).period).toMatchObject({ from: '2026-12-29', to: '2028-12-31', original: { from: '2018-12-29', to: '2020-12-31' } });
    const audit = await world.t.db.auditEvent.findMany({ where: { planId: plan.id, action: 'plan.rebase' } });
    expect(audit.map((a) => a.data)).toEqual([
      { kind: 'rebase', years: 8, from: 2018, to: 2026, period: { from: '2026-12-29', to: '2028-12-31' }, original: { from: '2018-12-29', to: '2020-12-31' } },
    ]);
    // Wherever the target's year is shown, the moved year with the plan's own beside it: the review and the notice.
    const review = await loadPlanReview(world.t.db, plan.id);
    expect(review.measures[1]!.targets[0]).toMatchObject({ text: '到2020年，产品质量合格率达到95%', shown: '到2028年，产品质量合格率达到95%', original: '2020年' });
    expect(review.measures[0]!.targets).toEqual([]);
    const notice = await world.capture.waitFor(
      (m) => world.capture.messages().indexOf(m) >= before && m.subject.startsWith('【督办】任务交办') && m.text.includes('提升产品质量合格率'),
      20_000,
      'the notice of 二/(二)',
    );
    expect(notice.text).toContain('到2028年，产品质量合格率达到95%（原定2020年）');
    // And the unit's item page, as its contact reads it.
    const contact = world.reg.contacts.fgw;
    const assignment = await world.t.db.assignment.findFirstOrThrow({ where: { measureId: measureIds[1] } });
    const actor = { id: contact.id, name: contact.name, role: contact.role, unitId: contact.unitId, email: contact.email, locale: 'zh', via: 'session' as const, sessionId: null, csrfToken: null, tokenScope: null };
    const item = await loadItem(world.t.db, actor, assignment.id);
    expect(item.measure.targets[0]).toMatchObject({ text: '到2028年，产品质量合格率达到95%', original: '2020年', by: '2028' });
  });
});
