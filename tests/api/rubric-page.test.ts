import { describe, expect } from 'vitest';
import { escapeHtml } from '../../lib/escape';
import { rescoreOwedPlans, scorePlan } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import { submit } from './rubric-form';
import { signIn, withSession, type TSession, type TTestApp, type TWorld } from './support';

/**
 * The 考核方案 page on the seeded plan (区财政局 leads 一/(一), 区教育局 cooperates): its form shown, rows added and
 * removed, previewed side by side with nothing saved, refused with each problem beside its field and the form kept,
 * saved as a new version that rescores. The tests run in order on one plan.
 */
const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });
const page = (w: TWorld) => `/plans/${w.plan.id}/rubric`;

/** The problem beside a field: its note, and the field marked invalid. */
const besides = (body: string, id: string) => {
  expect(body).toContain(`id="${id}" `);
  expect(body).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true" aria-describedby="${id}-problem"`));
  return body.match(new RegExp(`<p class="c-red field-problem" id="${id}-problem">([^<]*)</p>`))?.[1];
};

// 评议 (20 points, none entered yet) joins the 方案: the same points out of 120 instead of 100.
const next = { 'r.total': '120', 'r.appraisal.max': '20', 'r.bonus.cap': '3' };

const nothingSaved = async (t: TTestApp, w: TWorld) => {
  expect((await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } })).rubricVersion).toBe(1);
  expect(await t.db.rubricVersion.count({ where: { planId: w.plan.id } })).toBe(0);
};

const nextJson = { total: 120, appraisal: { max: 20 }, bonus: { cap: 3 } };

describe('the 考核方案 page', () => {
  test('shows a coordinator the 方案 in force, its parts and points, and a labelled form of every part carrying the CSRF token', async ({ t, w, coordinator }) => {
    const res = await get(t, page(w), coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('现行方案（第 1 版）');
    for (const [part, points] of [['完成情况', 50], ['报送及时性', 30], ['目标达成', 20], ['合计', 100]] as const) {
      expect(res.body).toContain(`<tr><th scope="row">${part}</th><td>${points}</td></tr>`);
    }
    expect(res.body).toContain('催办：1 次以内不扣分，每多一次扣 1 分，最多扣 5 分');
    expect(res.body).toContain('督办：每次扣 2 分，最多扣 10 分');
    expect(res.body).toContain(`<form method="post" action="${page(w)}#rubric-change" novalidate><input type="hidden" name="_csrf" value="${coordinator.csrfToken}">`);
    // Each part is its own labelled field, holding the 方案 in force.
    for (const [id, label, value] of [
      ['r-completion-weight', '分值', '50'],
      ['r-timeliness-perWorkingDayLate', '每逾期一个工作日扣减比例', '0.1'],
      ['r-deductions-urge-free', '不扣分次数', '1'],
      ['r-deductions-supervise-each', '每次扣分', '2'],
      ['r-returns-each', '每次扣分', '0'],
      ['r-bonus-cap', '加分上限', '0'],
      ['r-appraisal-max', '评议分值（最高）', '0'],
      ['r-grades-0-grade', '等级 1 · 名称', '优秀'],
      ['r-grades-0-min', '等级 1 · 最低得分率（%）', '90'],
    ] as const) {
      expect(res.body).toMatch(new RegExp(`<label for="${id}">${label}</label><input id="${id}" name="r\\.${id.slice(2).replace(/-/g, '\\.')}" value="${value}"`));
    }
    // The parts a rubric has beyond points: indicators, classes, 考核对象 (with 不考核), the veto, each with a button to add a row.
    for (const add of ['add:indicators', 'add:classes', 'add:grades', 'add:measureWeights']) expect(res.body).toContain(`value="${add}"`);
    expect(res.body).toContain('没有可考核内容的单位列为“不考核”');
    expect(res.body).toContain('一票否决：在考核结果页录入事件');
    expect(res.body).toMatch(/<label for="reason">修改理由<\/label><input id="reason" name="reason"/);
    // Enter in a field previews: the form's first button is the preview, not a row's.
    expect(res.body.match(/<form method="post" action="[^"]*rubric#rubric-change".*?<button [^>]*>/s)?.[0]).toMatch(/name="intent" value="preview"/);
    // Nothing to save before a preview; no inline script.
    expect(res.body).not.toContain('id="rubric-save"');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const en = (await get(t, `${page(w)}?lang=en`, coordinator)).body;
    expect(en).toContain('In force (version 1)');
    expect(en).toContain('<label for="r-bonus-cap">Bonus cap</label>');
    expect((await get(t, `/plans/${w.plan.id}`, coordinator)).body).toContain(`href="${page(w)}"`);
  });

  test('a plan that is over shows its 方案 and versions, with no form', async ({ t, w, coordinator }) => {
    const over = await t.db.plan.create({ data: { title: '已结束方案', year: 2025, status: 'closed', sourceText: '', schedule: {}, ladder: {}, rubric: {}, coordinatorUnitId: w.office.id } });
    const res = await get(t, `/plans/${over.id}/rubric`, coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('现行方案（第 1 版）');
    expect(res.body).toContain('id="rubric-over"');
    expect(res.body).not.toContain('id="rubric-edit"');
  });

  test('a unit member and a leader are refused, another office’s coordinator gets 404, and nothing is saved', async ({ t, w, coordinator, memberA, leaderA }) => {
    const shown = (await get(t, page(w), coordinator)).body;
    for (const who of [memberA, leaderA]) {
      expect((await get(t, page(w), who)).statusCode).toBe(403);
      const res = await submit(t, page(w), who, shown, { ...next, reason: '调整' }, 'save');
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('现行方案');
    }
    // Another office's coordinator is told no such plan, as on the other coordinator pages.
    const otherOffice = await t.db.unit.create({ data: { name: '市督查室' } });
    const { passwordHash } = await t.db.person.findUniqueOrThrow({ where: { id: w.coordinator.id } });
    await t.db.person.create({ data: { name: '外统筹', email: 'other.coordinator@test.local', role: 'coordinator', unitId: otherOffice.id, passwordHash } });
    const other = await signIn(t.app, 'other.coordinator@test.local');
    expect((await get(t, page(w), other)).statusCode).toBe(404);
    expect((await submit(t, page(w), other, shown, { ...next, reason: '调整' }, 'save')).statusCode).toBe(404);
    // A post without the CSRF token is refused.
    const noToken = await t.app.inject({ method: 'POST', url: page(w), payload: new URLSearchParams({ ...next, intent: 'preview' }).toString(), headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noToken.statusCode).toBe(403);
    await nothingSaved(t, w);
  });

  test('a preview shows each unit now and under the new 方案 side by side, and saves nothing', async ({ t, w, coordinator }) => {
    const api = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/rubric/preview`, payload: { rubric: nextJson }, headers: withSession(coordinator) });
    const a = api.json().years[0].units.find((u: { unitId: string }) => u.unitId === w.unitA.id);
    expect([a.current.maxPoints, a.next.maxPoints]).toEqual([100, 120]);
    const res = await submit(t, page(w), coordinator, (await get(t, page(w), coordinator)).body, next, 'preview');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('预览：现行方案与新方案对比（未保存）');
    expect(res.body).toContain('<caption>整个实施期</caption>');
    const row = res.body.match(new RegExp(`<tr data-unit="${w.unitA.id}">.*?</tr>`, 's'))?.[0];
    expect(row).toContain(`<th scope="row">区财政局</th><td class="current">${a.current.points}/100 ${a.current.grade}`);
    expect(row).toContain(`<td class="next">${a.next.points}/120 ${a.next.grade}`);
    // The fields stay as typed, and now the 方案 may be saved.
    expect(res.body).toContain('id="r-appraisal-max" name="r.appraisal.max" value="20"');
    expect(res.body).toContain('id="rubric-save"');
    await nothingSaved(t, w);
  });

  test('rows are added and removed by buttons, with what was typed kept and nothing saved', async ({ t, w, coordinator }) => {
    const shown = (await get(t, page(w), coordinator)).body;
    expect(shown).not.toContain('id="r-indicators-0"');
    const added = await submit(t, page(w), coordinator, shown, { 'r.bonus.cap': '4' }, 'add:indicators');
    expect(added.statusCode, added.body).toBe(200);
    expect(added.body).toContain('<fieldset class="rubric-row" id="r-indicators-0"><legend>指标 1</legend>');
    expect(added.body).toContain('id="r-bonus-cap" name="r.bonus.cap" value="4"');
    // The plan's target is on offer, with its measure and comparison.
    expect(added.body).toContain(`<option value="${w.measure.targets[0]!.id}">一/(一) 抽检合格率 ≥ 95%</option>`);
    const banded = await submit(t, page(w), coordinator, added.body, { 'r.indicators.0.name': '抽检合格率', 'r.indicators.0.kind': 'bands' }, 'add:indicators.0.bands');
    expect(banded.body).toContain('id="r-indicators-0-bands-0"');
    const twoBands = await submit(t, page(w), coordinator, banded.body, {}, 'add:indicators.0.bands');
    const oneBand = await submit(t, page(w), coordinator, twoBands.body, { 'r.indicators.0.bands.1.reach': '0.9' }, 'remove:indicators.0.bands.0');
    expect(oneBand.body).toContain('id="r-indicators-0-bands-0-reach" name="r.indicators.0.bands.0.reach" value="0.9"');
    expect(oneBand.body).not.toContain('id="r-indicators-0-bands-1"');
    expect(oneBand.body).toContain('id="r-indicators-0-name" name="r.indicators.0.name" value="抽检合格率"');
    const grades = await submit(t, page(w), coordinator, oneBand.body, {}, 'remove:grades.1');
    expect(grades.body).toContain('id="r-grades-1-grade" name="r.grades.1.grade" value="合格"');
    const removed = await submit(t, page(w), coordinator, grades.body, {}, 'remove:indicators.0');
    expect(removed.body).not.toContain('id="r-indicators-0"');
    await nothingSaved(t, w);
  });

  test.for([
    ['points that do not add up', { 'r.total': '100', 'r.appraisal.max': '20' }, 'r-total', '各项分值之和为 120，与方案总分 100 不符', '方案总分'],
    ['a negative bonus cap', { 'r.bonus.cap': '-2' }, 'r-bonus-cap', '不能小于 0', '加分与一票否决 · 加分上限'],
    ['a points field left empty', { 'r.completion.weight': '' }, 'r-completion-weight', '请填写数字', '完成情况 · 分值'],
    ['a share above 1', { 'r.timeliness.lateFloor': '20' }, 'r-timeliness-lateFloor', '不能大于 1', '报送及时性 · 逾期报送最低计分比例'],
    ['a unit not in the registry', { 'r.subjects': 'no-such-unit' }, 'r-subjects', '考核方案 subjects.0：单位 no-such-unit 不在名录中', '考核对象'],
    ['no grade starting at 0', { 'r.grades.3.min': '10' }, 'r-grades', '须有一个等级的最低得分率为 0，使每个得分都有等级', '等级'],
  ] as const)('%s is shown beside its field in one line, the form kept, and nothing saved', async ([, changes, id, line, label], { t, w, coordinator }) => {
    const shown = (await get(t, page(w), coordinator)).body;
    for (const intent of ['preview', 'save']) {
      const res = await submit(t, page(w), coordinator, shown, { ...changes, reason: '调整' }, intent);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toContain(`<li><a href="#${id}">${escapeHtml(label)}</a>：${escapeHtml(line)}</li>`);
      if (id !== 'r-grades') expect(besides(res.body, id)).toBe(escapeHtml(line));
      else expect(res.body).toContain(`<p class="c-red field-problem" id="r-grades-problem">${line}</p>`);
      for (const [name, value] of Object.entries(changes)) if (name !== 'r.subjects') expect(res.body).toContain(`name="${name}" value="${value}"`);
      expect(res.body).not.toContain('id="rubric-preview"');
    }
    await nothingSaved(t, w);
  });

  test('an indicator with no target, and one with points that are not a number, are each named beside their row’s field', async ({ t, w, coordinator }) => {
    const added = await submit(t, page(w), coordinator, (await get(t, page(w), coordinator)).body, {}, 'add:indicators');
    const res = await submit(t, page(w), coordinator, added.body, { 'r.indicators.0.name': '抽检合格率', 'r.indicators.0.points': '十分', 'r.indicators.0.kind': 'linear' }, 'preview');
    expect(res.statusCode).toBe(422);
    expect(besides(res.body, 'r-indicators-0-points')).toBe('须为数字，如 0.8 或 20');
    expect(res.body).toContain('<li><a href="#r-indicators-0-points">指标 1 · 分值</a>：须为数字，如 0.8 或 20</li>');
    // A linear rule without a baseline of its own is fine: it starts from the target's, as the plan gives it.
    const noTarget = await submit(t, page(w), coordinator, res.body, { 'r.indicators.0.points': '10' }, 'preview');
    expect(noTarget.statusCode).toBe(422);
    expect(besides(noTarget.body, 'r-indicators-0-targets')).toBe('请至少选择一个目标');
    expect(noTarget.body).not.toContain('id="r-indicators-0-baseline-problem"');
    await nothingSaved(t, w);
  });

  test('a save without a reason keeps the preview and asks for the reason; a 方案 changed since its preview is previewed, not saved', async ({ t, w, coordinator }) => {
    const previewed = (await submit(t, page(w), coordinator, (await get(t, page(w), coordinator)).body, next, 'preview')).body;
    const noReason = await submit(t, page(w), coordinator, previewed, { reason: ' ' }, 'save');
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('<a href="#reason">修改理由</a>：请说明修改考核方案的理由');
    expect(noReason.body).toContain('id="rubric-save"');
    const changed = await submit(t, page(w), coordinator, previewed, { 'r.appraisal.max': '10', 'r.total': '110', reason: '调整' }, 'save');
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('方案内容在预览后已修改');
    expect(changed.body).toContain('id="rubric-preview"');
    await nothingSaved(t, w);
  });

  test('saving the previewed 方案 lists the new version with who and why, and the plan is rescored with it', async ({ t, w, coordinator }) => {
    // Scored under the 方案 in force first, so that the change is seen in the stored scores.
    await scorePlan(t.db, w.plan.id, new Date());
    const before = await t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: 0, scope: 'unit', subjectId: w.unitA.id } });
    const api = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/rubric/preview`, payload: { rubric: nextJson }, headers: withSession(coordinator) });
    const promised = api.json().years[0].units.find((u: { unitId: string }) => u.unitId === w.unitA.id).next;
    const previewed = (await submit(t, page(w), coordinator, (await get(t, page(w), coordinator)).body, next, 'preview')).body;
    const res = await submit(t, page(w), coordinator, previewed, { reason: '领导小组评议纳入考核' }, 'save');
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
  test('an indicator, a class with its quota of 优秀 and a unit assessed beyond the work are previewed and saved as the 方案 says', async ({ t, w, coordinator }) => {
    const target = w.measure.targets[0]!.id;
    const extra = await t.db.unit.create({ data: { name: '区市场监管局' } });
    let body = (await get(t, page(w), coordinator)).body;
    body = (await submit(t, page(w), coordinator, body, {}, 'add:indicators')).body;
    body = (await submit(t, page(w), coordinator, body, { 'r.indicators.0.kind': 'bands' }, 'add:indicators.0.bands')).body;
    body = (await submit(t, page(w), coordinator, body, {}, 'add:classes')).body;
    const fields = {
      'r.total': '130',
      'r.indicators.0.name': '抽检合格率',
      'r.indicators.0.targets': target,
      'r.indicators.0.points': '10',
      'r.indicators.0.baseline': '90',
      'r.indicators.0.bands.0.reach': '0.5',
      'r.indicators.0.bands.0.credit': '0.4',
      'r.classes.0.name': '部门',
      'r.classes.0.kinds': 'department',
      'r.classes.0.excellentQuota': '1',
      'r.subjects': extra.id,
      reason: '增加指标分和分类考核',
    };
    const previewed = await submit(t, page(w), coordinator, body, fields, 'preview');
    expect(previewed.statusCode, previewed.body).toBe(200);
    // The unit assessed with nothing to assess is listed as 不考核 under the new 方案, never graded 0.
    expect(previewed.body).toMatch(new RegExp(`<tr data-unit="${extra.id}"><th scope="row">区市场监管局</th><td class="current">不考核</td><td class="next">不考核</td>`));
    const saved = await submit(t, page(w), coordinator, previewed.body, {}, 'save');
    expect(saved.statusCode, saved.body).toBe(303);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } });
    expect(plan.rubricVersion).toBe(3);
    expect(plan.rubric).toMatchObject({
      total: 130,
      indicators: [{ name: '抽检合格率', targets: [target], points: 10, rule: { kind: 'bands', baseline: 90, bands: [{ reach: 0.5, credit: 0.4 }] } }],
      classes: [{ name: '部门', kinds: ['department'], units: [], excellentQuota: 1 }],
      subjects: [extra.id],
    });
    // The saved 方案 comes back into the form as it was typed.
    const again = (await get(t, page(w), coordinator)).body;
    expect(again).toContain(`<option value="${target}" selected>`);
    expect(again).toContain('<input type="checkbox" name="r.classes.0.kinds" value="department" checked>');
    expect(again).toContain('<tr><th scope="row">指标分：抽检合格率</th><td>10</td></tr>');
  });
});
