import { describe, expect } from 'vitest';
import { escapeHtml } from '../../lib/escape';
import { scorePlan } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import type { TSession, TTestApp, TWorld } from './support';

/**
 * The 考核结果 page of 2026 on the seeded plan (区财政局 leads, 区教育局 cooperates; the plan's today is Monday 1 June
 * 2026): a unit finds it from its items and sees its own breakdown; the office puts it to 公示; a unit objects on the
 * page; the office answers; 定稿 is refused while 公示 runs. The tests run in order on one plan.
 */
const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });
const post = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
const page = (w: TWorld) => `/plans/${w.plan.id}/results/2026`;

describe('the 考核结果 page', () => {
  test('a unit finds its results from its items and sees its own breakdown, and no form to object before 公示', async ({ t, w, memberA }) => {
    await scorePlan(t.db, w.plan.id, new Date());
    const items = await get(t, '/items', memberA);
    expect(items.body).toContain(`<a href="${page(w)}">2026年质量提升行动方案 · 2026 年考核结果</a>`);
    const res = await get(t, page(w), memberA);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('尚未公示或定稿：得分随报告、记录和更正更新');
    expect(res.body).toMatch(/<h2>区财政局：[\d.]+ 分，.+<\/h2>/);
    expect(res.body).not.toContain('区教育局');
    expect(res.body).not.toContain('name="intent" value="object"');
    expect(res.body).not.toContain('id="results-steps"');
  });

  test('the office puts the year to 公示 from its page; every unit then sees both units and a form to object', async ({ t, w, coordinator, memberB }) => {
    const rubric = await get(t, `/plans/${w.plan.id}/rubric`, coordinator);
    expect(rubric.body).toContain(`<a href="${page(w)}">2026 年考核结果</a>`);
    const res = await post(t, page(w), { intent: 'publicity', workingDays: '5' }, coordinator);
    expect(res.statusCode, res.body).toBe(303);
    const unit = await get(t, page(w), memberB);
    expect(unit.body).toContain('公示中，至 2026-06-05（含当日）；各考核对象可提出异议');
    expect(unit.body).toContain('<th scope="row">区财政局</th>');
    expect(unit.body).toContain('<th scope="row">区教育局</th>');
    expect(unit.body).toContain('<label for="reason">异议理由</label>');
  });

  test('a unit objects on the page, its markup shown as text; the office rejects it with a reason the unit then reads', async ({ t, w, coordinator, memberB }) => {
    const reason = '评议分未录入<script>alert(1)</script>';
    expect((await post(t, page(w), { intent: 'object', reason, evidence: '' }, memberB)).statusCode).toBe(303);
    const office = await get(t, page(w), coordinator);
    expect(office.body).toContain(escapeHtml(reason));
    expect(office.body).not.toContain('<script>alert(1)</script>');
    const objection = await t.db.assessmentObjection.findFirstOrThrow({ where: { planId: w.plan.id } });
    const empty = await post(t, page(w), { intent: 'reject', objectionId: objection.id, answer: ' ' }, coordinator);
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toMatch(/id="results-problem">answer：/);
    const answered = await post(t, page(w), { intent: 'reject', objectionId: objection.id, answer: '评议分已于 5 月录入' }, coordinator);
    expect(answered.statusCode, answered.body).toBe(303);
    expect((await get(t, page(w), memberB)).body).toContain('异议不成立：评议分已于 5 月录入');
  });

  test('定稿 while 公示 runs is refused on the page with its one line', async ({ t, w, coordinator }) => {
    const res = await post(t, page(w), { intent: 'finalise' }, coordinator);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('year：2026 年考核结果公示至 2026-06-05，公示期满后方可定稿');
  });

  test('a member may not take the office’s steps, and someone of no assessed unit finds nothing', async ({ t, w, memberA, leaderA }) => {
    expect((await post(t, page(w), { intent: 'finalise' }, memberA)).statusCode).toBe(403);
    expect((await get(t, page(w), leaderA)).statusCode).toBe(404);
  });
});
