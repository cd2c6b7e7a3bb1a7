import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../services/reports/build-report';
import { correctIndicatorValue } from '../../../services/indicators/correct-indicator-value';
import { setAreaTargets } from '../../../services/indicators/set-area-targets';
import type { TPerson } from '../../../services/access/scope';
import { seedSmallPlan } from '../../activities/scoring/seed-small-plan';
import { createTestDatabase, type TestDatabase } from '../../support/db';

/**
 * The hand-scored small plan (tests/activities/scoring/seed-small-plan.ts), read on 2027-01-20. 市发改委 leads 大气污染防治
 * with two indicators: PM2.5 ≤ 35 (reported 40, then 33) and 优良天数比例 ≥ 80% (78, 78). Six reports were due: 发改委's
 * two air reports and 环保局's industry report on time (its 延期 to 07-31 approved), 环保局's 7-15 air report and
 * 发改委's industry report late, 环保局's 12-31 air report still missing; four escalations, all 环保局's.
 */
let t: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedSmallPlan>>;
let office: TPerson;
const AS_OF = new Date('2027-01-20T10:00:00Z');
const deps = () => ({ db: t.db, now: () => new Date('2027-01-18T09:00:00+08:00') });

beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedSmallPlan(t.db);
  office = await t.db.person.create({ data: { name: '督查室张科长', email: 'office@gov.example', role: 'coordinator' }, select: { id: true, name: true, role: true, unitId: true } });
});
afterAll(async () => t?.close());

const rowOf = async (indicator: string, unitName: string) =>
  (await buildReport(t.db, seeded.plan.id, AS_OF)).indicators.find((r) => r.indicator === indicator && r.unitName === unitName);

describe('the indicator table', () => {
  it('shows each target for its lead unit with the values by period, attainment and trend', async () => {
    const pm = await rowOf('PM2.5年均浓度', '市发改委');
    expect(pm).toMatchObject({ comparator: 'lte', target: 35, unit: '微克/立方米', baseline: null, role: 'lead', areaTarget: false });
    expect(pm!.values.map((v) => [v.period, v.value, v.met])).toEqual([
      ['2026-07-15', 40, false],
      ['2026-12-31', 33, true],
    ]);
    // Lower is better: 40 → 33 is down, and toward the target.
    expect(pm!.latest).toEqual({ period: '2026-12-31', value: 33 });
    expect(pm!.attainment).toEqual({ met: true, ratio: 1 });
    expect(pm!.trend).toEqual({ direction: 'down', better: true });
    const days = await rowOf('空气优良天数比例', '市发改委');
    // 78 of 80: 97.5% of the way, flat.
    expect(days!.attainment).toEqual({ met: false, ratio: 0.975 });
    expect(days!.trend).toEqual({ direction: 'flat', better: null });
    // 环保局 cooperates and reported no value: no row of its own.
    expect(await rowOf('PM2.5年均浓度', '市环保局')).toBeUndefined();
  });

  it('takes the office’s correction as the value that counts, keeps the value sent, and audits it', async () => {
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: seeded.assignments.airNdrc.id, period: '2026-12-31' } });
    const target = seeded.measures.air.targets[1]!;
    const answer = await correctIndicatorValue(deps(), office, seeded.plan.id, { reportId: report.id, targetId: target.id, value: 81, reason: '统计局核定数为81%' });
    expect(answer).toMatchObject({ original: 78, value: 81 });
    const days = await rowOf('空气优良天数比例', '市发改委');
    expect(days!.values[1]).toMatchObject({ value: 81, reported: 78, met: true, correction: { value: 81, reason: '统计局核定数为81%', by: '督查室张科长' } });
    expect(days!.attainment).toEqual({ met: true, ratio: 1 });
    expect(days!.trend).toEqual({ direction: 'up', better: true });
    // The report as sent is untouched.
    const kept = await t.db.progressReport.findUniqueOrThrow({ where: { id: report.id } });
    expect(kept.targetValues).toEqual([
      { targetId: seeded.measures.air.targets[0]!.id, value: 33 },
      { targetId: target.id, value: 78 },
    ]);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'indicator.value_corrected', subjectId: report.id } });
    expect(audit).toMatchObject({ actorId: office.id, planId: seeded.plan.id, data: { original: 78, value: 81, reason: '统计局核定数为81%' } });
  });

  it('refuses a correction naming a target of another measure, saving nothing', async () => {
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: seeded.assignments.indEnv.id } });
    await expect(
      correctIndicatorValue(deps(), office, seeded.plan.id, { reportId: report.id, targetId: seeded.measures.air.targets[0]!.id, value: 1, reason: '误' }),
    ).rejects.toThrow('该报告不属于这项指标所在的措施');
    expect(await t.db.indicatorCorrection.count({ where: { reportId: report.id } })).toBe(0);
  });

  it('holds each area to its own target value where the office set one', async () => {
    const pm = seeded.measures.air.targets[0]!;
    await setAreaTargets(deps(), office, seeded.plan.id, pm.id, {
      areas: [
        { unitId: seeded.units.ndrc.id, value: 32 },
        { unitId: seeded.units.env.id, value: 30 },
      ],
    });
    // 33 meets the plan's ≤35 but not 发改委's own ≤32; 33 → 32 would be 32/33 of the way.
    const ndrc = await rowOf('PM2.5年均浓度', '市发改委');
    expect(ndrc).toMatchObject({ target: 32, areaTarget: true, attainment: { met: false, ratio: 0.9697 } });
    // An area with its own target is listed even before it reports.
    const env = await rowOf('PM2.5年均浓度', '市环保局');
    expect(env).toMatchObject({ target: 30, areaTarget: true, latest: null, attainment: null });
    expect(await t.db.auditEvent.count({ where: { action: 'indicator.area_targets_set', subjectId: pm.id } })).toBe(1);
  });

  it('refuses an area that is not assigned to the measure, naming the row', async () => {
    const stranger = await t.db.unit.create({ data: { name: '市外事办' } });
    const days = seeded.measures.air.targets[1]!;
    await expect(setAreaTargets(deps(), office, seeded.plan.id, days.id, { areas: [{ unitId: stranger.id, value: 1 }] })).rejects.toThrow(
      `第 1 行：${stranger.id} 不是这项措施的责任单位`,
    );
    expect((await t.db.target.findUniqueOrThrow({ where: { id: days.id } })).areaValues).toEqual([]);
  });
});

describe('the plan’s statistics', () => {
  it('counts what was due, on time, late or missing, escalated and attained', async () => {
    const { statistics } = await buildReport(t.db, seeded.plan.id, AS_OF);
    expect(statistics.plan.onTimeRate).toEqual({ value: 50, numerator: 3, denominator: 6 });
    expect(statistics.plan.overdueRate).toEqual({ value: 50, numerator: 3, denominator: 6 });
    // Nothing was reviewed: no 退回率, never 0%.
    expect(statistics.plan.returnRate).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(statistics.plan.escalations).toEqual({ urge: 2, supervise: 1, coordinator: 1, total: 4, units: 2, perUnit: 2 });
    // Two duties done: 发改委's air (12-30) and 环保局's industry (07-20).
    expect(statistics.plan.daysToDone.count).toBe(2);
    const env = statistics.units.find((u) => u.name === '市环保局')!;
    expect(env.onTimeRate).toEqual({ value: 33.33, numerator: 1, denominator: 3 });
    expect(env.escalations.total).toBe(4);
    const july = statistics.periods.find((p) => p.period === '2026-07-15')!;
    expect(july.onTimeRate).toEqual({ value: 50, numerator: 1, denominator: 2 });
    // Latest values after the correction and the area targets: PM2.5 33 against 发改委's ≤32 missed, 优良天数 81 met.
    expect(statistics.plan.attainment).toEqual({ value: 50, numerator: 1, denominator: 2 });
  });
});
