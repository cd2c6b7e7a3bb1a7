import { describe, expect } from 'vitest';
import { escapeHtml } from '../../lib/escape';
import { rescoreOwedPlans, scorePlan } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import { signIn, withSession, type TSession, type TTestApp, type TWorld } from './support';

/**
 * The 考核方案 page on the seeded plan (区财政局 leads 一/(一), 区教育局 cooperates): shown, previewed side by side with
 * nothing saved, refused with its one line and the text kept, saved as a new version that rescores. The tests run in
 * order on one plan.
 */
const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });
const post = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
const page = (w: TWorld) => `/plans/${w.plan.id}/rubric`;
// 评议 (20 points, none entered yet) joins the 方案: the same points out of 120 instead of 100.
const next = JSON.stringify({ total: 120, appraisal: { max: 20 }, bonus: { cap: 3 } }, null, 2);
// A form posts its line breaks as CRLF.
const posted = next.replace(/\n/g, '\r\n');

const nothingSaved = async (t: TTestApp, w: TWorld) => {
  expect((await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } })).rubricVersion).toBe(1);
  expect(await t.db.rubricVersion.count({ where: { planId: w.plan.id } })).toBe(0);
};

describe('the 考核方案 page', () => {
  test('shows a coordinator the 方案 in force, its parts and points, and a labelled form carrying the CSRF token', async ({ t, w, coordinator }) => {
    const res = await get(t, page(w), coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('现行方案（第 1 版）');
    for (const [part, points] of [['完成情况', 50], ['报送及时性', 30], ['目标达成', 20], ['合计', 100]] as const) {
      expect(res.body).toContain(`<tr><th scope="row">${part}</th><td>${points}</td></tr>`);
    }
    expect(res.body).toContain('催办：1 次以内不扣分，每多一次扣 1 分，最多扣 5 分');
    expect(res.body).toContain('督办：每次扣 2 分，最多扣 10 分');
    expect(res.body).toContain(`<form method="post" action="${page(w)}#rubric-change"><input type="hidden" name="_csrf" value="${coordinator.csrfToken}">`);
    expect(res.body).toMatch(/<label for="rubric">考核方案（JSON）<\/label><textarea id="rubric" name="rubric"/);
    expect(res.body).toMatch(/<label for="reason">修改理由<\/label><input id="reason" name="reason"/);
    // Nothing to save before a preview; no inline script.
    expect(res.body).toContain('value="preview">预览</button>');
    expect(res.body).not.toContain('id="rubric-save"');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect((await get(t, `${page(w)}?lang=en`, coordinator)).body).toContain('In force (version 1)');
    expect((await get(t, `/plans/${w.plan.id}`, coordinator)).body).toContain(`href="${page(w)}"`);
  });

  test('a plan that is over shows its 方案 and versions, with no form', async ({ t, w, coordinator }) => {
    const over = await t.db.plan.create({ data: { title: '已结束方案', year: 2025, status: 'closed', sourceText: '', schedule: {}, ladder: {}, rubric: {}, coordinatorUnitId: w.office.id } });
    const res = await get(t, `/plans/${over.id}/rubric`, coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('现行方案（第 1 版）');
    expect(res.body).toContain('id="rubric-over"');
    expect(res.body).not.toContain('<textarea');
  });

  test('a unit member and a leader are refused, another office’s coordinator gets 404, and nothing is saved', async ({ t, w, memberA, leaderA }) => {
    for (const who of [memberA, leaderA]) {
      expect((await get(t, page(w), who)).statusCode).toBe(403);
      const res = await post(t, page(w), { rubric: posted, previewed: posted, reason: '调整', intent: 'save' }, who);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('现行方案');
    }
    // Another office's coordinator is told no such plan, as on the other coordinator pages.
    const otherOffice = await t.db.unit.create({ data: { name: '市督查室' } });
    const { passwordHash } = await t.db.person.findUniqueOrThrow({ where: { id: w.coordinator.id } });
    await t.db.person.create({ data: { name: '外统筹', email: 'other.coordinator@test.local', role: 'coordinator', unitId: otherOffice.id, passwordHash } });
    const other = await signIn(t.app, 'other.coordinator@test.local');
    expect((await get(t, page(w), other)).statusCode).toBe(404);
    expect((await post(t, page(w), { rubric: posted, previewed: posted, reason: '调整', intent: 'save' }, other)).statusCode).toBe(404);
    await nothingSaved(t, w);
  });

  test('a preview shows each unit now and under the new 方案 side by side, and saves nothing', async ({ t, w, coordinator }) => {
    const api = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/rubric/preview`, payload: { rubric: JSON.parse(next) }, headers: withSession(coordinator) });
    const a = api.json().years[0].units.find((u: { unitId: string }) => u.unitId === w.unitA.id);
    expect([a.current.maxPoints, a.next.maxPoints]).toEqual([100, 120]);
    const res = await post(t, page(w), { rubric: posted, reason: '', intent: 'preview' }, coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('预览：现行方案与新方案对比（未保存）');
    expect(res.body).toContain('<caption>整个实施期</caption>');
    const row = res.body.match(new RegExp(`<tr data-unit="${w.unitA.id}">.*?</tr>`, 's'))?.[0];
    expect(row).toContain(`<th scope="row">区财政局</th><td class="current">${a.current.points}/100 ${a.current.grade}`);
    expect(row).toContain(`<td class="next">${a.next.points}/120 ${a.next.grade}`);
    // The text stays in the form, and now it may be saved.
    expect(res.body).toContain(`>${escapeHtml(posted)}</textarea>`);
    expect(res.body).toContain('id="rubric-save"');
    await nothingSaved(t, w);
  });

  test.for([
    ['points that do not add up', JSON.stringify({ total: 100, appraisal: { max: 20 } }), '考核方案 total：各项分值之和为 120，与方案总分 100 不符'],
    ['a negative bonus cap', JSON.stringify({ bonus: { cap: -2 } }), '考核方案 bonus.cap：'],
    ['a unit not in the registry', JSON.stringify({ subjects: ['no-such-unit'] }), '考核方案 subjects.0：单位 no-such-unit 不在名录中'],
    ['text that is not JSON', '{ total: 120', '考核方案不是有效的 JSON'],
  ] as const)('%s is shown back with its one line, the text kept, and nothing saved', async ([, text, line], { t, w, coordinator }) => {
    for (const intent of ['preview', 'save']) {
      const res = await post(t, page(w), { rubric: text, previewed: text, reason: '调整', intent }, coordinator);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toMatch(new RegExp(`<li><a href="#rubric">考核方案（JSON）</a>：${escapeHtml(line).replace(/[()]/g, '\\$&')}`));
      expect(res.body).toContain('aria-invalid="true" aria-describedby="rubric-problem"');
      expect(res.body).toContain(`>${escapeHtml(text)}</textarea>`);
      expect(res.body).not.toContain('id="rubric-preview"');
    }
    await nothingSaved(t, w);
  });

  test('a save without a reason keeps the previewed text and asks for the reason; a text changed since its preview is previewed, not saved', async ({ t, w, coordinator }) => {
    const noReason = await post(t, page(w), { rubric: posted, previewed: posted, reason: ' ', intent: 'save' }, coordinator);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('<a href="#reason">修改理由</a>：请说明修改考核方案的理由');
    expect(noReason.body).toContain('id="rubric-save"');
    const changed = await post(t, page(w), { rubric: posted, previewed: '{}', reason: '调整', intent: 'save' }, coordinator);
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('方案内容在预览后已修改');
    expect(changed.body).toContain('id="rubric-preview"');
    await nothingSaved(t, w);
  });

  test('saving the previewed 方案 lists the new version with who and why, and the plan is rescored with it', async ({ t, w, coordinator }) => {
    // Scored under the 方案 in force first, so that the change is seen in the stored scores.
    await scorePlan(t.db, w.plan.id, new Date());
    const before = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 0, scope: 'unit', subjectId: w.unitA.id } });
    const previewed = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/rubric/preview`, payload: { rubric: JSON.parse(next) }, headers: withSession(coordinator) });
    const promised = previewed.json().years[0].units.find((u: { unitId: string }) => u.unitId === w.unitA.id).next;
    const res = await post(t, page(w), { rubric: posted, previewed: posted, reason: '领导小组评议纳入考核', intent: 'save' }, coordinator);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${page(w)}?done=saved#rubric-versions`);
    const shown = await get(t, `${page(w)}?done=saved`, coordinator);
    expect(shown.body).toContain('<p class="flash" role="status">已保存</p>');
    expect(shown.body).toContain('现行方案（第 2 版）');
    expect(shown.body).toContain(`<tr><th scope="row">评议</th><td>20</td></tr>`);
    expect(shown.body).toMatch(/<tr data-version="2"><td>2<\/td><td>\d{4}-\d\d-\d\d \d\d:\d\d<\/td><td>李统筹<\/td><td>领导小组评议纳入考核<\/td><\/tr>/);
    expect(shown.body).toMatch(/<tr data-version="1"><td>1<\/td><td>[^<]+<\/td><td>系统<\/td><td>导入时的考核方案（系统默认）<\/td><\/tr>/);
    expect(await t.db.auditEvent.count({ where: { planId: w.plan.id, action: 'plan.rubric_saved' } })).toBe(1);

    const { scored } = await rescoreOwedPlans(t.db);
    expect(scored).toContain(w.plan.id);
    const after = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 0, scope: 'unit', subjectId: w.unitA.id } });
    expect(after).toMatchObject({ rubricVersion: 2, maxPoints: 120 });
    expect(before).toMatchObject({ rubricVersion: 1, maxPoints: 100 });
    // What the preview promised is what the rescoring stored.
    expect(after.points).toBeCloseTo(promised.points, 2);
    expect(after.grade).toBe(promised.grade);
  });
});
