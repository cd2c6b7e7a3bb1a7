import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { submit } from './rubric-form';
import type { TSession, TTestApp } from './support';

/**
 * Last year's 方案 as this year's: the seeded 2026 plan starts from the office's 2025 plan, whose 指标分 names its own
 * target of 抽检合格率; the form is filled with it, the target matched to this plan's, and nothing is saved until the
 * office previews and saves as usual.
 */
const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });

describe('copying last year’s 考核方案', () => {
  test('fills the form with it, indicators matched to this plan’s targets; preview then save makes a version with the reason', async ({ t, w, coordinator }) => {
    const last = await t.db.plan.create({
      data: { title: '2025年质量提升行动方案', year: 2025, status: 'closed', sourceText: '', schedule: {}, ladder: {}, rubric: {}, rubricVersion: 3, coordinatorUnitId: w.office.id },
    });
    const measure = await t.db.measure.create({
      data: {
        planId: last.id, ref: '一/(一)', seq: 0, title: '加强质量监管', text: '', responsibility: 'lead', due: new Date('2025-12-31T00:00:00Z'), status: 'done', colour: 'green', spanStart: 0, spanEnd: 0,
        targets: { create: [{ position: 0, text: '抽检合格率达到94%以上', indicator: '抽检合格率', comparator: 'gte', value: 94, unit: '%', by: '2025' }] },
      },
      include: { targets: true },
    });
    const rubric = { total: 110, indicators: [{ name: '抽检合格率', targets: [measure.targets[0]!.id], points: 10 }] };
    await t.db.plan.update({ where: { id: last.id }, data: { rubric } });

    const page = `/plans/${w.plan.id}/rubric`;
    const offered = await get(t, page, coordinator);
    expect(offered.body).toContain(`<option value="${last.id}">2025 · 2025年质量提升行动方案（现行方案（第 3 版））</option>`);
    const filled = await get(t, `${page}?from=${last.id}`, coordinator);
    expect(filled.statusCode, filled.body).toBe(200);
    // The form holds the copied 方案, its indicator on this plan's target.
    expect(filled.body).toContain('id="r-total" name="r.total" value="110"');
    expect(filled.body).toContain('id="r-indicators-0-name" name="r.indicators.0.name" value="抽检合格率"');
    expect(filled.body).toContain(`<option value="${w.measure.targets[0]!.id}" selected>`);
    expect(filled.body).toContain('value="沿用《2025年质量提升行动方案》的考核方案（第 3 版）"');
    expect(await t.db.rubricVersion.count({ where: { planId: w.plan.id } })).toBe(0);

    const reason = '沿用《2025年质量提升行动方案》的考核方案（第 3 版）';
    const previewed = await submit(t, page, coordinator, filled.body, {}, 'preview');
    expect(previewed.statusCode, previewed.body).toBe(200);
    const saved = await submit(t, page, coordinator, previewed.body, {}, 'save');
    expect(saved.statusCode, saved.body).toBe(303);
    const version = await t.db.rubricVersion.findFirstOrThrow({ where: { planId: w.plan.id }, orderBy: { version: 'desc' } });
    expect(version).toMatchObject({ version: 2, reason, rubric: { total: 110, indicators: [{ name: '抽检合格率', targets: [w.measure.targets[0]!.id], points: 10, rule: { kind: 'all-or-nothing' } }] } });
    expect(await t.db.auditEvent.count({ where: { planId: w.plan.id, action: 'plan.rubric_saved' } })).toBe(1);
  });

  test('a plan of another office cannot be copied from', async ({ t, w, coordinator }) => {
    const other = await t.db.unit.create({ data: { name: '另一办公室' } });
    const theirs = await t.db.plan.create({ data: { title: '他办方案', year: 2025, status: 'closed', sourceText: '', schedule: {}, ladder: {}, rubric: {}, coordinatorUnitId: other.id } });
    expect((await get(t, `/plans/${w.plan.id}/rubric?from=${theirs.id}`, coordinator)).statusCode).toBe(404);
  });
});
