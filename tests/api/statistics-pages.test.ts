import { describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import type { TSession, TTestApp } from './support';

/**
 * The seeded world (tests/api/support.ts): one launched measure with the target 抽检合格率 ≥95% (by 2026), led by 区财政局,
 * which reported for 2026-H1 on 10 July (due 15 July), here with a value of 93.5; 区教育局 cooperates. 财政局 had a 催办
 * and a 督办 for 2026-H2.
 */
const test = appTest.extend('reported', { scope: 'file', auto: true }, async ({ t, w }) => {
  const target = w.measure.targets[0]!;
  await t.db.progressReport.updateMany({ where: { assignmentId: w.assignmentA.id }, data: { targetValues: [{ targetId: target.id, value: 93.5 }] } });
  return target;
});

const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });
const noScript = (body: string) => {
  expect(body.match(/<script(?![^>]*\ssrc=)[^>]*>/gi) ?? []).toEqual([]);
  expect(body.match(/<[a-z][^>]*\son[a-z]+\s*=/gi) ?? []).toEqual([]);
};

describe('indicators and statistics', () => {
  test('GET /api/plans/:id/indicators lists the target for its lead unit with the value reported and how far it got', async ({ t, w, coordinator }) => {
    const res = await get(t, `/api/plans/${w.plan.id}/indicators`, coordinator);
    expect(res.statusCode).toBe(200);
    const row = res.json().indicators.find((r: { unitName: string }) => r.unitName === '区财政局');
    expect(row).toMatchObject({ indicator: '抽检合格率', comparator: 'gte', target: 95, targetYear: 2026, targetBy: '2026年', baseline: null, latest: { period: '2026-H1', value: 93.5 } });
    // 93.5 of 95: 98.42% of the way.
    expect(row.attainment).toEqual({ met: false, ratio: 0.9842 });
  });

  test('a coordinator corrects a value with a reason through the API; the table shows both, a unit member may not', async ({ t, w, coordinator, memberA, reported }) => {
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
    const body = { reportId: report.id, targetId: reported.id, value: 95.2, reason: '市场监管局复核后为95.2%' };
    const refused = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/indicators/corrections`, payload: body, headers: { cookie: memberA.cookie, 'x-csrf-token': memberA.csrfToken } });
    expect(refused.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/indicators/corrections`, payload: body, headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrfToken } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ original: 93.5, value: 95.2 });
    const page = await get(t, `/plans/${w.plan.id}/indicators`, coordinator);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2026年上半年 95.2（更正，原报 93.5：市场监管局复核后为95.2%）');
    // The attainment chart draws the corrected value.
    expect(page.body).toMatch(/<figure class="chart" data-chart="attainment"[^>]*><svg [^>]*role="img"/);
    expect(page.body).toContain('>95.2%</text>');
    noScript(page.body);
  });

  test('GET /api/plans/:id/statistics gives each rate with its counts and its formula', async ({ t, w, coordinator }) => {
    const res = await get(t, `/api/plans/${w.plan.id}/statistics`, coordinator);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.definitions.onTimeRate).toMatchObject({ name: '按期完成率', formula: '按期报送的应报期次 ÷ 已到期的应报期次 × 100%' });
    expect(s.statistics.plan.escalations).toMatchObject({ urge: 1, supervise: 1, total: 2 });
    const finance = s.statistics.units.find((u: { name: string }) => u.name === '区财政局');
    expect(finance.escalations.total).toBe(2);
    // 财政局's H1 report came on 10 July, before its 15 July due date.
    const h1 = s.statistics.periods.find((p: { period: string }) => p.period === '2026-H1');
    expect(h1.onTimeRate.numerator).toBeGreaterThanOrEqual(1);
    expect(h1.onTimeRate.denominator).toBeGreaterThanOrEqual(h1.onTimeRate.numerator);
  });

  test('the dashboard shows the statistics with their formulas and the charts as SVG', async ({ t, w, coordinator }) => {
    const res = await get(t, `/plans/${w.plan.id}`, coordinator);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<section class="card" id="statistics">');
    expect(res.body).toContain('按期完成率 = 按期报送的应报期次 ÷ 已到期的应报期次 × 100%');
    for (const key of ['ranking', 'on-time', 'colours', 'attainment']) expect(res.body).toContain(`data-chart="${key}"`);
    expect(res.body).toContain(`href="/plans/${w.plan.id}/indicators"`);
    noScript(res.body);
  });

  test('the leader page draws the rankings of the plans its units are scored in', async ({ t, w, leaderA }) => {
    await t.db.score.create({
      data: { planId: w.plan.id, scope: 'unit', year: 0, subjectId: w.unitA.id, points: 80, maxPoints: 100, grade: '良好', rubricVersion: 1, breakdown: [], computedAt: new Date() },
    });
    const res = await get(t, '/leader', leaderA);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`id="charts-${w.plan.id}"`);
    expect(res.body).toContain('data-chart="ranking"');
    expect(res.body).not.toContain('data-chart="attainment"');
    noScript(res.body);
  });
});
