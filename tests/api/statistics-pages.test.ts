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
    expect(page.body).toContain('<span class="value">2026年上半年 95.2</span> <small class="correction">（更正，原报 93.5：市场监管局复核后为95.2%）');
    // The attainment chart draws the corrected value.
    expect(page.body).toMatch(/<figure class="chart" data-chart="attainment"[^>]*><svg [^>]*role="img"/);
    expect(page.body).toContain('>95.2%</text>');
    noScript(page.body);
  });

  test('a coordinator corrects a value on the indicator page: refused beside its field without a reason, then saved, shown beside the value and audited', async ({ t, w, coordinator, memberA, reported }) => {
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
    const key = `${report.id}-${reported.id}`;
    const url = `/plans/${w.plan.id}/indicators`;
    const shown = await get(t, url, coordinator);
    // Each reported value carries its own labelled form, closed until opened, with the CSRF token.
    expect(shown.body).toContain(`<details id="fix-${key}"><summary>更正2026年上半年的值</summary>`);
    expect(shown.body).toContain(`<form method="post" action="${url}/corrections#fix-${key}"><input type="hidden" name="_csrf" value="${coordinator.csrfToken}">`);
    expect(shown.body).toContain(`<label for="fix-value-${key}">更正后的值 <small class="muted">%</small></label><input id="fix-value-${key}" name="value"`);
    expect(shown.body).toContain(`<label for="fix-reason-${key}">更正理由</label><input id="fix-reason-${key}" name="reason"`);
    const post = (s: TSession, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `${url}/corrections`,
        payload: new URLSearchParams({ reportId: report.id, targetId: reported.id, ...fields, _csrf: s.csrfToken }).toString(),
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const before = await t.db.indicatorCorrection.count();

    // A member may not; no reason and no number are each named beside their field, the form open and kept.
    expect((await post(memberA, { value: '96', reason: '复核' })).statusCode).toBe(403);
    const refused = await post(coordinator, { value: 'abc', reason: ' ' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`<details id="fix-${key}" open>`);
    expect(refused.body).toContain(`<p class="c-red field-problem" id="fix-value-${key}-problem">请填写数字</p>`);
    expect(refused.body).toContain(`<p class="c-red field-problem" id="fix-reason-${key}-problem">请说明更正理由</p>`);
    expect(refused.body).toContain(`id="fix-value-${key}" name="value" inputmode="decimal" autocomplete="off" value="abc" aria-invalid="true"`);
    const elsewhere = await post(coordinator, { targetId: 'no-such-target', value: '96', reason: '复核' });
    expect(elsewhere.statusCode).toBe(422);
    expect(await t.db.indicatorCorrection.count()).toBe(before);

    const saved = await post(coordinator, { value: '96.1', reason: '统计局核定数为96.1%' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${url}?done=valueCorrected#fix-${key}`);
    const after = await get(t, `${url}?done=valueCorrected`, coordinator);
    expect(after.body).toContain('已更正，考核将按更正值重新计分');
    // The latest correction counts; the value as sent stays beside it with the reason, who and when.
    expect(after.body).toMatch(/<span class="value">2026年上半年 96.1<\/span> <small class="correction">（更正，原报 93.5：统计局核定数为96.1%） <span class="muted">李统筹 \d{4}-\d\d-\d\d \d\d:\d\d<\/span><\/small>/);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'indicator.value_corrected', subjectId: report.id }, orderBy: { at: 'desc' } })).toMatchObject({
      actorId: w.coordinator.id,
      data: { original: 93.5, value: 96.1, reason: '统计局核定数为96.1%' },
    });
    expect((await get(t, `${url}?lang=en`, coordinator)).body).toContain('(corrected; reported 93.5: 统计局核定数为96.1%)');
    noScript(after.body);
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
    // The same charts on the English page say what they draw in English; the Chinese page's titles do not appear.
    const en = (await get(t, `/plans/${w.plan.id}?lang=en`, coordinator)).body;
    for (const text of ['Units ranked by on-time rate (%)', 'Measures by colour over time', 'Indicator attainment', '>green</text>', '>Measures</text>']) expect(en).toContain(text);
    for (const text of ['单位按期完成率排名', '措施红黄绿灯变化', '指标完成情况', '>措施数</text>']) expect(en).not.toContain(text);
    expect(res.body).toContain('措施红黄绿灯变化');
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
