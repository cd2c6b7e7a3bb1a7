import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { paragraphs, readDocx } from '../support/read-docx';
import { signIn, withSession, type TSession, type TTestApp } from './support';

/** What the helpers below act with: the app and the signed-in coordinator. */
type TAsCoordinator = { t: TTestApp; coordinator: TSession };

const PLAN_TEXT = `区2026年质量提升工作要点
一、重点任务
（一）加强质量监管。开展产品质量监督抽查，抽检合格率达到95%以上。（区财政局牵头，区教育局配合）
（二）推进标准建设。2026年6月30日前完成标准化试点验收。（区标准化研究院负责）
（三）开展质量宣传。组织质量月活动。
`;

/** A draft of its own for each test: the same text imported again, as asked for (`again`). */
const importText = async ({ t, coordinator }: TAsCoordinator, text = PLAN_TEXT) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text, year: 2026, again: true }, headers: withSession(coordinator) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { planId: string; measures: number; warnings: { code: string; ref: string }[] };
};

const review = async ({ t, coordinator }: TAsCoordinator, planId: string) => (await t.app.inject({ url: `/api/plans/${planId}`, headers: { cookie: coordinator.cookie } })).json();

describe('import and review', () => {
  test('an imported plan shows each measure’s span and annotation in the source text', async ({ t, w, coordinator }) => {
    const imported = await importText({ t, coordinator });
    expect(imported.measures).toBe(3);
    const r = await review({ t, coordinator }, imported.planId);
    const first = r.measures[0];
    expect(first.ref).toBe('一/（一）');
    expect(r.source.slice(first.span.start, first.span.end)).toContain('开展产品质量监督抽查');
    expect(r.source.slice(first.annotation.start, first.annotation.end)).toContain('区财政局牵头');
    expect(first.parties).toEqual([
      expect.objectContaining({ role: 'lead', name: '区财政局', unit: { id: w.unitA.id, name: '区财政局' } }),
      expect.objectContaining({ role: 'cooperating', name: '区教育局', unit: { id: w.unitB.id, name: '区教育局' } }),
    ]);
    expect(first.targets[0]).toMatchObject({ indicator: expect.stringContaining('合格率'), comparator: 'gte', value: 95, unit: '%' });

    const page = await t.app.inject({ url: `/plans/${imported.planId}/review`, headers: { cookie: coordinator.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<mark class="measure" data-ref="一\/（一）">[^<]*开展产品质量监督抽查/);
    expect(page.body).toMatch(/<mark class="annotation" data-ref="一\/（一）">[^<]*区财政局牵头/);
    // Every field of the edit forms is named by its label (screen readers; a tap on the label focuses the field).
    const labelled = [...page.body.matchAll(/<label for="([^"]+)">/g)].map((m) => m[1]!);
    expect(labelled).toEqual(expect.arrayContaining([`lead-${first.id}`, `cooperating-${first.id}`, `due-${first.id}`, `cadence-${first.id}`]));
    for (const id of labelled) expect(page.body).toContain(`id="${id}"`);
  });

  test('a 分工表 pasted from Word or Excel: each row is a measure, highlighted in the source shown for review', async ({ t, coordinator }) => {
    const table = [
      '区2026年质量提升重点任务分工表',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '1\t加强质量监管，抽检合格率达到95%以上。\t区财政局\t区教育局\t2026年12月底前',
      '2\t推进标准建设。\t区教育局\t\t2026年6月30日前',
    ].join('\n');
    const imported = await importText({ t, coordinator }, table);
    const r = await review({ t, coordinator }, imported.planId);
    expect(r.measures.map((m: { ref: string; title: string; due: string }) => [m.ref, m.title])).toEqual([
      ['1', '加强质量监管'],
      ['2', '推进标准建设'],
    ]);
    expect(r.measures[0].parties.map((p: { role: string; name: string }) => `${p.role}:${p.name}`)).toEqual(['lead:区财政局', 'cooperating:区教育局']);
    expect(r.source.slice(r.measures[1].span.start, r.measures[1].span.end)).toContain('推进标准建设');
    const page = await t.app.inject({ url: `/plans/${imported.planId}/review`, headers: { cookie: coordinator.cookie } });
    expect(page.body).toMatch(/<mark class="measure" data-ref="2">[^<]*推进标准建设/);
    expect(page.body).toMatch(/<mark class="annotation" data-ref="1">[^<]*牵头单位：区财政局/);
  });

  test('launch is refused while a warning is open, and the review page says why', async ({ t, coordinator }) => {
    const imported = await importText({ t, coordinator });
    const r = await review({ t, coordinator }, imported.planId);
    expect(r.openWarnings).toBeGreaterThan(0);
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${imported.planId}/launch`, headers: withSession(coordinator) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PLAN_NOT_READY');
    expect(res.json().error.details.map((d: { ref: string }) => d.ref)).toEqual(expect.arrayContaining(['一/（二）']));
    const page = await t.app.inject({ url: `/plans/${imported.planId}/review`, headers: { cookie: coordinator.cookie } });
    expect(page.body).toMatch(/<button type="submit" id="launch" disabled>/);
  });

  test('naming a registry unit fixes an unresolved-unit warning; an unknown name is refused with the name', async ({ t, w, coordinator }) => {
    const imported = await importText({ t, coordinator });
    const r = await review({ t, coordinator }, imported.planId);
    const second = r.measures.find((m: { ref: string }) => m.ref === '一/（二）');
    const unresolved = r.warnings.find((x: { ref: string; code: string }) => x.ref === '一/（二）' && x.code === 'UNIT_UNRESOLVED');
    expect(unresolved.state).toBe('open');

    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/plans/${imported.planId}/measures/${second.id}`,
      payload: { lead: ['区标准化研究院'] },
      headers: withSession(coordinator),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('区标准化研究院');

    const fixed = await t.app.inject({
      method: 'PATCH',
      url: `/api/plans/${imported.planId}/measures/${second.id}`,
      payload: { lead: ['财政局'], due: '2026-06-30', targets: [{ indicator: '试点验收数', comparator: 'gte', value: 2, unit: '个', by: '2026' }] },
      headers: withSession(coordinator),
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({
      due: '2026-06-30',
      parties: [{ role: 'lead', name: '财政局', unit: { name: '区财政局' } }],
      targets: [{ indicator: '试点验收数', comparator: 'gte', value: 2, unit: '个', text: '试点验收数≥2个' }],
    });
    const after = await review({ t, coordinator }, imported.planId);
    expect(after.warnings.find((x: { index: number }) => x.index === unresolved.index).state).toBe('fixed');
    const audit = await t.db.auditEvent.findFirst({ where: { action: 'measure.edit', subjectId: second.id } });
    expect(audit?.actorId).toBe(w.coordinator.id);
  });

  test('accepting the remaining warnings opens the way to launch', async ({ t, coordinator }) => {
    const imported = await importText({ t, coordinator });
    let r = await review({ t, coordinator }, imported.planId);
    for (const warning of r.warnings.filter((x: { state: string }) => x.state === 'open')) {
      const res = await t.app.inject({ method: 'POST', url: `/api/plans/${imported.planId}/warnings/${warning.index}/resolve`, headers: withSession(coordinator) });
      expect(res.statusCode).toBe(200);
      expect(res.json().warning.state).toBe('accepted');
    }
    r = await review({ t, coordinator }, imported.planId);
    expect(r.openWarnings).toBe(0);
    // Past the warnings (and its dates, past or not, launched as is), launching needs the workflow service, which
    // this app was built without.
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${imported.planId}/launch`, payload: { asIs: true }, headers: withSession(coordinator) });
    expect(res.json().error.code).toBe('WORKFLOWS_UNAVAILABLE');
    const missing = await t.app.inject({ method: 'POST', url: `/api/plans/${imported.planId}/warnings/999/resolve`, headers: withSession(coordinator) });
    expect(missing.statusCode).toBe(404);
  });

  test('a plan whose dates are past: review shows its period and flags the dates; launching asks re-base or as is', async ({ t, w, coordinator }) => {
    const old = `区2019年质量提升工作要点
一、重点任务
（一）加强质量监管。到2020年，抽检合格率达到95%以上。（区财政局牵头）
（二）推进标准建设。2019年6月30日前完成标准化试点验收。（区教育局负责）
`;
    const res = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text: old, year: 2019 }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(201);
    const { planId } = res.json() as { planId: string };
    const r = await review({ t, coordinator }, planId);
    expect(r.period).toMatchObject({ from: '2019-01-01', to: '2020-12-31', toReason: { kind: 'plan', text: expect.stringContaining('2020年') } });
    expect(r.pastDates.map((d: { date: string }) => d.date)).toEqual(['2020-12-31', '2019-06-30', '2020-12-31']);
    for (const w of r.warnings.filter((x: { state: string }) => x.state === 'open')) {
      await t.app.inject({ method: 'POST', url: `/api/plans/${planId}/warnings/${w.index}/resolve`, headers: withSession(coordinator) });
    }
    const page = (await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } })).body;
    expect(page).toMatch(/<p id="plan-period"><b>实施期限<\/b>：2019-01-01 — 2020-12-31/);
    expect(page).toContain('<div class="flash warn" id="dates-past" role="alert">计划有 3 个日期已过');
    expect(page).toContain('<input type="radio" name="dates" value="rebase" required>');
    expect(page).toContain('<input type="radio" name="dates" value="as-is">');

    const launch = (payload?: object) => t.app.inject({ method: 'POST', url: `/api/plans/${planId}/launch`, ...(payload ? { payload } : {}), headers: withSession(coordinator) });
    // Without a choice: 409 naming each past date, told before the workflow service is looked for.
    const bare = await launch();
    expect(bare.statusCode).toBe(409);
    expect(bare.json().error).toMatchObject({ code: 'PLAN_DATES_PAST', details: expect.arrayContaining([{ field: 'period.to', ref: null, date: '2020-12-31' }]) });
    expect((await launch({ rebase: 1999 })).statusCode).toBe(400);
    expect((await launch({ rebase: 2026, asIs: true })).statusCode).toBe(400);
    // A choice passes the dates; this app has no workflow service, so that is where it stops, nothing saved.
    expect((await launch({ asIs: true })).json().error.code).toBe('WORKFLOWS_UNAVAILABLE');
    expect((await review({ t, coordinator }, planId)).period.to).toBe('2020-12-31');
    // The page's form says the same in the reader's language.
    const form = await t.app.inject({
      method: 'POST',
      url: `/plans/${planId}/launch`,
      payload: new URLSearchParams({ _csrf: coordinator.csrfToken }).toString(),
      headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.body).toContain('计划有 3 个日期已过');
  });

  test('the year given at import is the plan’s first year: a target year extends its end, and one it overrides is said on the review page', async ({ t, coordinator }) => {
    const old = `区2019年质量提升工作要点
一、重点任务
（一）加强质量监管。到2020年，抽检合格率达到95%以上。（区财政局牵头）
（二）开展质量宣传。组织质量月活动。（区财政局负责）
`;
    const importAs = async (year?: number) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text: old, again: true, ...(year ? { year } : {}) }, headers: withSession(coordinator) });
      expect(res.statusCode, res.body).toBe(201);
      return review({ t, coordinator }, (res.json() as { planId: string }).planId);
    };
    const overridden = (r: { warnings: { code: string; state: string; message: string }[] }) => r.warnings.filter((x) => x.code === 'FIRST_YEAR_AFTER_PLAN');
    // No year: the plan's own (its title's) first year; 到2020年 ends it, nothing overridden.
    const own = await importAs();
    expect([own.plan.year, own.period.from, own.period.to, own.period.toReason.kind]).toEqual([2019, '2019-01-01', '2020-12-31', 'plan']);
    expect(overridden(own)).toEqual([]);
    // An earlier first year starts it then; the target year still ends it, and says why.
    const earlier = await importAs(2018);
    expect([earlier.plan.year, earlier.period.from, earlier.period.fromReason.kind, earlier.period.to]).toEqual([2018, '2018-01-01', 'first-year', '2020-12-31']);
    expect(overridden(earlier)).toEqual([]);
    // A first year after every year the plan names wins; the review says which of the plan's words it overrides, as an
    // open warning that holds the launch until a coordinator accepts it. The target keeps its year as written.
    const later = await importAs(2026);
    expect([later.plan.year, later.period.from, later.period.to, later.period.toReason.kind]).toEqual([2026, '2026-01-01', '2026-12-31', 'first-year']);
    expect(overridden(later)).toEqual([
      expect.objectContaining({ state: 'open', message: '导入时指定首年为2026年，晚于计划写明的“到2020年”（一/（一））：实施期限按2026年计，目标年份未改；如需整体顺延，请在启动时选择顺延' }),
    ]);
    expect(later.measures[0].targets[0].by).toBe('2020');
    expect(later.openWarnings).toBeGreaterThan(0);
    const page = (await t.app.inject({ url: `/plans/${later.plan.id}/review`, headers: { cookie: coordinator.cookie } })).body;
    expect(page).toContain('导入时指定首年为2026年，晚于计划写明的“到2020年”');
    expect(page).toMatch(/<button type="submit" id="launch" disabled>/);
  });

  test('a launched plan’s measures are not edited through review', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/plans/${w.plan.id}/measures/${w.measure.id}`,
      payload: { due: '2026-10-01' },
      headers: withSession(coordinator),
    });
    expect(res.statusCode).toBe(409);
  });

  test('a document without measures is refused with the parser’s reason', async ({ t, coordinator }) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text: '这是一段没有任何编号措施的文字。' }, headers: withSession(coordinator) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('未找到任何措施');
  });

  test('the same document for the same year again is a 409 naming the plan it already is, unless asked for', async ({ t, coordinator }) => {
    const text = PLAN_TEXT.replace('区2026年', '区2026年第二批');
    const post = (again?: boolean) => t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text, again }, headers: withSession(coordinator) });
    const first = await post();
    expect(first.statusCode, first.body).toBe(201);
    const repeated = await post();
    expect(repeated.statusCode).toBe(409);
    expect(repeated.json().error).toMatchObject({ code: 'PLAN_ALREADY_IMPORTED', details: { planId: first.json().planId, year: 2026, status: 'draft' } });
    expect(repeated.json().error.message).toContain('该文件已于');
    const again = await post(true);
    expect(again.statusCode).toBe(201);
    expect(again.json().planId).not.toBe(first.json().planId);
  });

  test('giving both text and a file, or neither, is a 400', async ({ t, coordinator }) => {
    for (const payload of [{}, { text: PLAN_TEXT, file: { fileName: 'a.txt', contentBase64: Buffer.from(PLAN_TEXT).toString('base64') } }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload, headers: withSession(coordinator) });
      expect(res.statusCode).toBe(400);
    }
  });
});

describe('reporting schedule and escalation thresholds', () => {
  const patch = ({ t, coordinator }: TAsCoordinator, url: string, payload: unknown) => t.app.inject({ method: 'PATCH', url, payload: payload as object, headers: withSession(coordinator) });
  /** A form as a browser posts it: a field with several values (ticked checkboxes of one name) repeats. */
  const postForm = ({ t, coordinator }: TAsCoordinator, url: string, fields: Record<string, string | string[]>, csrf = coordinator.csrfToken) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams([...Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x])), ['_csrf', csrf]]).toString(),
      headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });

  test('a coordinator sets a draft plan’s schedule and thresholds; the review and the audit log show them', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    expect((await review({ t, coordinator }, planId)).settings.schedule.cadence).toBe('half-yearly');
    const res = await patch({ t, coordinator }, `/api/plans/${planId}/settings`, {
      schedule: { cadence: 'quarterly', dueDay: 10 },
      ladder: { urgeAfterWorkingDays: 2, superviseAfterWorkingDays: 4, coordinatorAfterWorkingDays: 8 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const settings = (await review({ t, coordinator }, planId)).settings;
    expect(settings).toEqual(res.json());
    expect(settings.schedule).toMatchObject({ cadence: 'quarterly', dueDay: 10, completion: 'leads-done-and-cooperating-reported' });
    expect(settings.ladder).toMatchObject({ reminderWorkingDaysBefore: 3, urgeAfterWorkingDays: 2, superviseAfterWorkingDays: 4, coordinatorAfterWorkingDays: 8 });
    expect(await t.db.auditEvent.count({ where: { planId, action: 'plan.settings_changed' } })).toBe(1);
  });

  test('thresholds that do not rise, or a custom schedule without dates, are refused and change nothing', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    const before = (await review({ t, coordinator }, planId)).settings;
    const ladder = await patch({ t, coordinator }, `/api/plans/${planId}/settings`, { ladder: { urgeAfterWorkingDays: 5, superviseAfterWorkingDays: 3 } });
    expect(ladder.statusCode).toBe(400);
    expect(ladder.json().error.details.map((d: { message: string }) => d.message).join()).toContain('催办 < 督办 < 协调');
    const custom = await patch({ t, coordinator }, `/api/plans/${planId}/settings`, { schedule: { cadence: 'custom' } });
    expect(custom.statusCode).toBe(400);
    expect(custom.json().error.details.map((d: { message: string }) => d.message).join()).toContain('自定义报送须列出日期');
    expect((await review({ t, coordinator }, planId)).settings).toEqual(before);
  });

  test('a launched plan keeps its schedule; new thresholds are saved with their announcement, Temporal or not', async ({ t, w, coordinator }) => {
    const before = await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id }, select: { schedule: true, ladder: true } });
    const res = await patch({ t, coordinator }, `/api/plans/${w.plan.id}/settings`, { schedule: { cadence: 'monthly' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('方案已启动');
    // The refusal is the frozen setting's own, in the reader's language only.
    const inEnglish = await patch({ t, coordinator }, `/api/plans/${w.plan.id}/settings?lang=en`, { schedule: { cadence: 'monthly' } });
    expect([inEnglish.statusCode, inEnglish.json().error.message]).toEqual([409, 'the plan is launched: its schedule stays; move a single due date on the measure’s page']);
    expect(await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id }, select: { schedule: true, ladder: true } })).toEqual(before);
    // This app has no workflow service: the thresholds are saved all the same, and the running measures are told by
    // the worker's outbox once Temporal is reachable (tests/activities/outbox).
    const ladder = await patch({ t, coordinator }, `/api/plans/${w.plan.id}/settings`, { ladder: { superviseAfterWorkingDays: 2 } });
    expect(ladder.statusCode, ladder.body).toBe(200);
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id }, select: { ladder: true } })).ladder).toMatchObject({ superviseAfterWorkingDays: 2 });
    expect(await t.db.outboxMessage.findMany({ where: { channel: 'signal', planId: w.plan.id }, select: { step: true, status: true } })).toEqual([{ step: 'ladder-changed', status: 'pending' }]);
  });

  test('a measure gets its own schedule during review, and follows the plan again when it is cleared', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    const measureId = (await review({ t, coordinator }, planId)).measures[1].id;
    expect((await patch({ t, coordinator }, `/api/plans/${planId}/measures/${measureId}`, { schedule: { cadence: 'custom', dates: ['2026-09-30'] } })).statusCode).toBe(200);
    expect((await review({ t, coordinator }, planId)).measures[1].schedule).toMatchObject({ cadence: 'custom', dates: ['2026-09-30'] });
    expect((await patch({ t, coordinator }, `/api/plans/${planId}/measures/${measureId}`, { schedule: null })).statusCode).toBe(200);
    expect((await review({ t, coordinator }, planId)).measures[1].schedule).toBeNull();
  });

  test('the review page edits them through forms: the plan’s settings, and a measure’s cadence on the plan’s due day', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    const saved = await postForm({ t, coordinator }, `/plans/${planId}/settings`, {
      cadence: 'monthly',
      dueDay: '5',
      completion: 'all-done',
      dates: '',
      reminderWorkingDaysBefore: '0',
      urgeAfterWorkingDays: '1',
      superviseAfterWorkingDays: '2',
      coordinatorAfterWorkingDays: '5',
      sendHour: '8',
      review: 'every',
      acknowledgeDays: '3',
      reviewDays: '1',
      cooperatingChase: 'supervise',
      reportTo: 'office',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const settings = (await review({ t, coordinator }, planId)).settings;
    // The office's cycle is saved whole: each of its fields as the form sent it, none reset to its default.
    expect(settings.cycle).toEqual({ review: 'every', acknowledgeDays: 3, reviewDays: 1, cooperatingChase: 'supervise', reportTo: 'office' });
    expect(settings.schedule).toMatchObject({ cadence: 'monthly', dueDay: 5, completion: 'all-done' });
    // An unticked checkbox is absent from the form: no notice on the due day.
    expect(settings.ladder).toMatchObject({ reminderWorkingDaysBefore: 0, dueNotice: false, coordinatorAfterWorkingDays: 5, sendHour: 8 });
    const page = await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } });
    expect(page.body).toContain('<option value="monthly" selected>每月</option>');
    // Who reports to whom: shown on the review page as saved, the lead unit offered as the other choice.
    expect(page.body).toContain('<label for="reportTo">配合单位报送对象</label>');
    expect(page.body).toContain('<option value="office" selected>各单位分别报督查室</option>');
    expect(page.body).toContain('<option value="lead">报牵头单位，由牵头单位汇总后报督查室</option>');

    const m = (await review({ t, coordinator }, planId)).measures[0];
    const edited = await postForm({ t, coordinator }, `/plans/${planId}/measures/${m.id}`, { lead: '区财政局', cooperating: '区教育局', due: m.due, m_cadence: 'quarterly', m_dates: '' });
    expect(edited.statusCode, edited.body).toBe(303);
    expect((await review({ t, coordinator }, planId)).measures[0].schedule).toMatchObject({ cadence: 'quarterly', dueDay: 5, completion: 'all-done' });
  });
  /** The settings form's fields other than the channels, as the review page shows a new draft's defaults. */
  const DEFAULT_FORM = {
    cadence: 'half-yearly',
    dueDay: '15',
    completion: 'leads-done-and-cooperating-reported',
    dates: '',
    reminderWorkingDaysBefore: '3',
    urgeAfterWorkingDays: '1',
    superviseAfterWorkingDays: '3',
    coordinatorAfterWorkingDays: '7',
    sendHour: '9',
    dueNotice: '1',
    review: 'final',
    acknowledgeDays: '2',
    reviewDays: '2',
    cooperatingChase: 'urge',
    reportTo: 'lead',
    annualSummaryDue: '',
  };
  const box = (page: string, name: string, value: string) => new RegExp(`<input type="checkbox" (?:id="[^"]*" )?name="${name}" value="${value}"[^>]*>`).exec(page)?.[0] ?? '';

  test('the settings form sets which steps go to chat and SMS: the issue’s defaults shown when unset, a change saved and read back through the API', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    expect((await review({ t, coordinator }, planId)).settings.channels).toEqual({
      notice: ['chat'], reminder: ['chat'], due: ['chat'], urge: ['chat', 'sms'], supervise: ['sms'], instruction: ['chat'], subtask: ['chat'], email: true,
    });
    const page = (await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } })).body;
    expect(page).toContain('<legend>各环节的消息渠道</legend>');
    // 催办 to chat and SMS, 督办 by SMS only, everything also by email: ticked as the defaults say.
    expect(box(page, 'ch_urge', 'chat')).toContain(' checked');
    expect(box(page, 'ch_urge', 'sms')).toContain(' checked');
    expect(box(page, 'ch_supervise', 'chat')).not.toContain(' checked');
    expect(box(page, 'ch_supervise', 'sms')).toContain(' checked');
    expect(box(page, 'channelsEmail', '1')).toContain(' checked');
    expect(box(page, 'ch_notice', 'chat')).toContain('aria-label="交办通知：工作群"');
    expect(page).toContain('<input type="hidden" name="channelsForm" value="1">');

    const channels = { ch_notice: ['chat', 'sms'], ch_reminder: [], ch_due: ['chat'], ch_urge: ['sms'], ch_supervise: ['chat', 'sms'], ch_instruction: ['chat'], ch_subtask: [] };
    // Without the form's token nothing is saved.
    const forged = await postForm({ t, coordinator }, `/plans/${planId}/settings`, { ...DEFAULT_FORM, channelsForm: '1', ...channels }, 'forged');
    expect(forged.statusCode).toBe(403);
    // Unticked "也发邮件" is absent from the post: no email besides the other channels.
    const saved = await postForm({ t, coordinator }, `/plans/${planId}/settings`, { ...DEFAULT_FORM, channelsForm: '1', ...channels });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await review({ t, coordinator }, planId)).settings.channels).toEqual({
      notice: ['chat', 'sms'], reminder: [], due: ['chat'], urge: ['sms'], supervise: ['chat', 'sms'], instruction: ['chat'], subtask: [], email: false,
    });
    const again = (await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } })).body;
    expect(box(again, 'ch_urge', 'chat')).not.toContain(' checked');
    expect(box(again, 'ch_supervise', 'chat')).toContain(' checked');
    expect(box(again, 'channelsEmail', '1')).not.toContain(' checked');
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'plan.settings_changed' }, orderBy: { id: 'desc' } });
    expect(audit.data).toMatchObject({ channels: { urge: ['sms'], email: false }, previous: { channels: { urge: ['chat', 'sms'], email: true } } });
    // The plan's trail names what changed, in words: the steps whose channels moved, and the email.
    const trail = (await t.app.inject({ url: `/api/plans/${planId}/audit`, headers: { cookie: coordinator.cookie } })).json();
    const named = ['交办通知：工作群 → 工作群、短信', '报送提醒：工作群 → 仅邮件', '催办：工作群、短信 → 短信', '督办（发给分管领导）：短信 → 工作群、短信', '分解任务提醒：工作群 → 仅邮件', '也发邮件：发送 → 不发'];
    expect(trail.entries[0].details.filter((d: string) => !d.startsWith('报送安排'))).toEqual(named);

    // A channel no box offers is refused beside its step's row, the form shown again as sent; nothing is saved.
    const refused = await postForm({ t, coordinator }, `/plans/${planId}/settings`, { ...DEFAULT_FORM, channelsForm: '1', ...channels, ch_urge: ['fax'], channelsEmail: '1' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/<tr id="ch-urge"><th scope="row">催办<p class="c-red field-problem" id="ch-urge-problem">只能勾选“工作群”“短信”，每项一次<\/p>/);
    expect(box(refused.body, 'ch_urge', 'sms')).toContain(' aria-invalid="true" aria-describedby="ch-urge-problem"');
    expect(refused.body).toContain('<a href="#ch-urge">催办</a>：只能勾选“工作群”“短信”，每项一次');
    expect(box(refused.body, 'channelsEmail', '1')).toContain(' checked');
    // A number out of range is named beside its input too, shown as typed.
    const late = await postForm({ t, coordinator }, `/plans/${planId}/settings`, { ...DEFAULT_FORM, sendHour: '25', channelsForm: '1', ...channels });
    expect(late.statusCode).toBe(422);
    expect(late.body).toMatch(/<input id="sendHour" name="sendHour" type="number"[^>]* value="25" aria-invalid="true" aria-describedby="sendHour-problem"><p class="c-red field-problem" id="sendHour-problem">[^<]+<\/p>/);
    expect((await review({ t, coordinator }, planId)).settings.channels.email).toBe(false);
  });

  test('saving the steps’ channels through the form leaves the plan’s other settings as they were', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    const set = await patch({ t, coordinator }, `/api/plans/${planId}/settings`, {
      schedule: { cadence: 'quarterly', dueDay: 10, completion: 'all-done' },
      ladder: { urgeAfterWorkingDays: 2, superviseAfterWorkingDays: 4, sendHour: 8, dueNotice: false },
      cycle: { review: 'every', acknowledgeDays: 3, reviewDays: 1, cooperatingChase: 'supervise', reportTo: 'office' },
      annualSummary: { due: '01-15' },
    });
    expect(set.statusCode, set.body).toBe(200);
    const before = (await review({ t, coordinator }, planId)).settings;
    const page = (await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } })).body;
    // The form as the page shows it (its values the saved ones), one box changed: 督办 now to the unit's chat as well.
    const value = (id: string) => new RegExp(`id="${id}"[^>]* value="([^"]*)"`).exec(page)?.[1] ?? '';
    const selected = (id: string) => new RegExp(`<select id="${id}"[^>]*>[\\s\\S]*?<option value="([^"]+)" selected>`).exec(page)?.[1] ?? '';
    const form = {
      cadence: selected('cadence'),
      dueDay: value('dueDay'),
      completion: selected('completion'),
      dates: '',
      reminderWorkingDaysBefore: value('reminderWorkingDaysBefore'),
      urgeAfterWorkingDays: value('urgeAfterWorkingDays'),
      superviseAfterWorkingDays: value('superviseAfterWorkingDays'),
      coordinatorAfterWorkingDays: value('coordinatorAfterWorkingDays'),
      sendHour: value('sendHour'),
      review: selected('review'),
      acknowledgeDays: value('acknowledgeDays'),
      reviewDays: value('reviewDays'),
      cooperatingChase: selected('cooperatingChase'),
      reportTo: selected('reportTo'),
      annualSummaryDue: value('annualSummaryDue'),
      channelsForm: '1',
      channelsEmail: '1',
      ch_notice: ['chat'], ch_reminder: ['chat'], ch_due: ['chat'], ch_urge: ['chat', 'sms'], ch_supervise: ['chat', 'sms'], ch_instruction: ['chat'], ch_subtask: ['chat'],
    };
    expect(form).toMatchObject({ cadence: 'quarterly', dueDay: '10', sendHour: '8', review: 'every', reportTo: 'office', annualSummaryDue: '01-15' });
    const saved = await postForm({ t, coordinator }, `/plans/${planId}/settings`, form);
    expect(saved.statusCode, saved.body).toBe(303);
    const after = (await review({ t, coordinator }, planId)).settings;
    expect(after.channels.supervise).toEqual(['chat', 'sms']);
    expect({ ...after, channels: before.channels }).toEqual(before);

    // A post without the channel boxes (a page from before they were on it) changes no channel.
    const older = await postForm({ t, coordinator }, `/plans/${planId}/settings`, Object.fromEntries(Object.entries(form).filter(([k]) => !k.startsWith('ch'))));
    expect(older.statusCode, older.body).toBe(303);
    expect((await review({ t, coordinator }, planId)).settings).toEqual(after);
  });

  test('the coordinator changes the period in review: its measures due at its end follow, a bad period is refused in one line, it is audited, and the launch reads it', async ({ t, w, coordinator }) => {
    const old = `区2019年质量提升工作要点
一、重点任务
（一）加强质量监管。到2020年，抽检合格率达到95%以上。（区财政局牵头）
（二）推进标准建设。2019年6月30日前完成标准化试点验收。（区教育局负责）
（三）开展质量宣传。组织质量月活动。（区财政局负责）
`;
    const imported = await t.app.inject({ method: 'POST', url: '/api/plans/import', payload: { text: old, year: 2019 }, headers: withSession(coordinator) });
    expect(imported.statusCode, imported.body).toBe(201);
    const { planId } = imported.json() as { planId: string };
    const before = await review({ t, coordinator }, planId);
    expect(before.period).toMatchObject({ from: '2019-01-01', to: '2020-12-31', toReason: { kind: 'plan', text: expect.stringContaining('到2020年') } });
    expect(before.measures.map((m: { due: string }) => m.due)).toEqual(['2020-12-31', '2019-06-30', '2020-12-31']);
    const url = `/api/plans/${planId}/settings`;

    const moved = await patch({ t, coordinator }, url, { period: { from: '2019-01-01', to: '2021-12-31' } });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await review({ t, coordinator }, planId);
    // The end set in review says so; the start keeps its reason.
    expect(after.period).toMatchObject({ from: '2019-01-01', to: '2021-12-31', fromReason: before.period.fromReason, toReason: { kind: 'coordinator' } });
    // Only the measure that names no date of its own moves with the end: 到2020年 and 6月30日前 are the measures' own.
    expect(after.measures.map((m: { due: string }) => m.due)).toEqual(['2020-12-31', '2019-06-30', '2021-12-31']);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { planId, action: 'plan.settings_changed' }, orderBy: { id: 'desc' } });
    expect(audit.data).toMatchObject({ period: { from: '2019-01-01', to: '2021-12-31' }, previous: { period: { to: '2020-12-31' } } });

    // Refused in one line naming the field, nothing saved: an end before the start, and a start after a measure's due date.
    const backwards = await patch({ t, coordinator }, url, { period: { from: '2022-01-01', to: '2021-12-31' } });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details.map((d: { message: string }) => d.message)).toEqual(['实施期限的结束日早于开始日']);
    const late = await patch({ t, coordinator }, url, { period: { from: '2019-07-01', to: '2021-12-31' } });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toBe('period.from：期限 2019-06-30 早于计划开始日 2019-07-01（一/（二））');
    expect((await review({ t, coordinator }, planId)).period).toEqual(after.period);

    // The page's form does the same, and the page shows the period with the reason for each end.
    const form = await postForm({ t, coordinator }, `/plans/${planId}/period`, { from: '2019-03-01', to: '2021-12-31' });
    expect(form.statusCode, form.body).toBe(303);
    const page = (await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } })).body;
    expect(page).toMatch(/<p id="plan-period"><b>实施期限<\/b>：2019-03-01 — 2021-12-31[\s\S]*起：审核时设定；止：审核时设定/);
    expect(page).toContain('<input id="period-to" type="date" name="to" value="2021-12-31" required>');

    // The launch reads the period as changed: its end is one of the dates it finds past.
    const launch = await t.app.inject({ method: 'POST', url: `/api/plans/${planId}/launch`, headers: withSession(coordinator) });
    expect(launch.json().error).toMatchObject({ code: 'PLAN_DATES_PAST', details: expect.arrayContaining([{ field: 'period.to', ref: null, date: '2021-12-31' }]) });

    // A launched plan's period stays, in the frozen setting's own words.
    const frozen = await patch({ t, coordinator }, `/api/plans/${w.plan.id}/settings`, { period: { from: '2026-01-01', to: '2027-12-31' } });
    expect([frozen.statusCode, frozen.json().error.message]).toEqual([409, '方案已启动，实施期限不能再改；单项期限可在措施页调整']);
  });
});

describe('the import page', () => {
  test('uploads a GBK .txt file and lands on the review page', async ({ t, coordinator }) => {
    const boundary = '----duban-test-boundary';
    const fileBytes = readFileSync(new URL('../fixtures/plans/gbk.txt', import.meta.url));
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${coordinator.csrfToken}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      fileBytes,
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="year"\r\n\r\n2026\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/plans/import',
      payload: body,
      headers: { cookie: coordinator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(303);
    const planId = /^\/plans\/(\w+)\/review$/.exec(String(res.headers.location))![1]!;
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan.sourceText).toContain('开展质量监督抽查，抽查合格率达到95%以上');
    expect(plan.sourceName).toBe('plan.txt');
  });

  /** The import form as a browser sends it: pasted text, the file input left empty, the year, the "again" box if ticked. */
  const postImportForm = ({ t, coordinator }: TAsCoordinator, text: string, fields: { year?: string; again?: string } = {}) => {
    const boundary = '----duban-empty-file';
    const part = (name: string, value: string, extra = '') => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
    const body =
      part('_csrf', coordinator.csrfToken) +
      part('text', text) +
      part('file', '', '; filename=""\r\nContent-Type: application/octet-stream') +
      part('year', fields.year ?? '') +
      (fields.again ? part('again', fields.again) : '') +
      `--${boundary}--\r\n`;
    return t.app.inject({
      method: 'POST',
      url: '/plans/import',
      payload: body,
      headers: { cookie: coordinator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };

  test('pasted text with the file input left empty, as browsers send the form, imports the text', async ({ t, coordinator }) => {
    const res = await postImportForm({ t, coordinator }, PLAN_TEXT.replace('区2026年', '区2026年表单'));
    expect(res.statusCode, res.body).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/plans\/\w+\/review$/);
  });

  test('the same text posted again shows the form with the plan it already is, and imports a copy only when ticked', async ({ t, coordinator }) => {
    const text = PLAN_TEXT.replace('区2026年', '区2026年重复');
    const first = await postImportForm({ t, coordinator }, text);
    const firstId = /^\/plans\/(\w+)\/review$/.exec(String(first.headers.location))![1]!;
    const plans = await t.db.plan.count();

    const repeated = await postImportForm({ t, coordinator }, text);
    expect(repeated.statusCode).toBe(409);
    const page = repeated.body;
    expect(page).toContain('id="import-duplicate"');
    expect(page).toContain(`href="/plans/${firstId}/review">《区2026年重复质量提升工作要点》</a>（草稿）`);
    // What was pasted is still in the box, and the choice to import it anyway is offered, not made.
    expect(page).toContain('（一）加强质量监管。开展产品质量监督抽查');
    expect(page).toMatch(/<input type="checkbox" id="again" name="again" value="1">/);
    expect(await t.db.plan.count()).toBe(plans);

    const again = await postImportForm({ t, coordinator }, text, { again: '1' });
    expect(again.statusCode, again.body).toBe(303);
    expect(String(again.headers.location)).not.toContain(firstId);
    expect(await t.db.plan.count()).toBe(plans + 1);
  });

  test('a refused import shows the form again with the pasted text and what to fix', async ({ t, coordinator }) => {
    const noMeasures = await postImportForm({ t, coordinator }, '这是一段没有任何编号措施的文字。', { year: '2026' });
    expect(noMeasures.statusCode).toBe(422);
    expect(noMeasures.body).toContain('id="import-problems"');
    expect(noMeasures.body).toContain('未找到任何措施');
    expect(noMeasures.body).toMatch(/<textarea id="text" name="text" rows="10" aria-invalid="true"[^>]*>这是一段没有任何编号措施的文字。<\/textarea>/);
    expect(noMeasures.body).toContain('value="2026"');

    const badYear = await postImportForm({ t, coordinator }, PLAN_TEXT, { year: '1800' });
    expect(badYear.statusCode).toBe(422);
    expect(badYear.body).toContain('年度须是 2000 至 2100 之间的年份');
    expect(badYear.body).toContain('value="1800"');
  });

  test('a form post without the CSRF field is refused before anything is stored', async ({ t, coordinator }) => {
    const before = await t.db.plan.count();
    const res = await t.app.inject({
      method: 'POST',
      url: '/plans/import',
      payload: new URLSearchParams({ text: PLAN_TEXT }).toString(),
      headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(403);
    expect(await t.db.plan.count()).toBe(before);
  });
});

describe('discarding a draft', () => {
  const post = ({ t, coordinator }: TAsCoordinator, url: string, payload: object, session: TSession = coordinator) => t.app.inject({ method: 'POST', url, payload, headers: withSession(session) });

  test('a discarded draft stays, cancelled, with the reason audited; it cannot be edited or launched, and its document imports again', async ({ t, coordinator }) => {
    const text = PLAN_TEXT.replace('区2026年', '区2026年作废');
    const first = await post({ t, coordinator }, '/api/plans/import', { text });
    const { planId } = first.json() as { planId: string };
    expect((await post({ t, coordinator }, `/api/plans/${planId}/discard`, { reason: '   ' })).statusCode).toBe(400);

    const discarded = await post({ t, coordinator }, `/api/plans/${planId}/discard`, { reason: '导入了错误的版本' });
    expect(discarded.statusCode, discarded.body).toBe(200);
    expect(discarded.json()).toEqual({ planId, status: 'cancelled' });
    // A second post of the same form answers the same and records nothing more.
    expect((await post({ t, coordinator }, `/api/plans/${planId}/discard`, { reason: '导入了错误的版本' })).statusCode).toBe(200);
    const audit = await t.db.auditEvent.findMany({ where: { planId, action: 'plan.discard' } });
    expect(audit.map((e) => e.data)).toEqual([{ reason: '导入了错误的版本' }]);

    expect((await review({ t, coordinator }, planId)).plan.status).toBe('cancelled');
    const measureId = (await review({ t, coordinator }, planId)).measures[0].id as string;
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/plans/${planId}/measures/${measureId}`, payload: { due: '2026-10-01' }, headers: withSession(coordinator) });
    expect(edit.statusCode).toBe(409);
    const launch = await post({ t, coordinator }, `/api/plans/${planId}/launch`, {});
    expect([launch.statusCode, launch.json().error.message]).toEqual([409, '计划已撤销，不再启动']);
    // Said in the reader's language only: English when asked for.
    const inEnglish = await post({ t, coordinator }, `/api/plans/${planId}/launch?lang=en`, {});
    expect([inEnglish.statusCode, inEnglish.json().error.message]).toEqual([409, 'the plan is cancelled']);
    expect(await t.db.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true } })).toEqual({ status: 'cancelled' });

    expect((await post({ t, coordinator }, '/api/plans/import', { text })).statusCode).toBe(201);
    // Listed after every plan that still stands.
    const listed = ((await t.app.inject({ url: '/api/plans', headers: { cookie: coordinator.cookie } })).json().plans as { id: string; status: string }[]).map((p) => p.status);
    expect(listed).toContain('cancelled');
    expect(listed).toEqual([...listed.filter((x) => x !== 'cancelled'), ...listed.filter((x) => x === 'cancelled')]);
  });

  test('a launched plan is not discarded, and only a coordinator discards', async ({ t, w, coordinator }) => {
    const launched = await post({ t, coordinator }, `/api/plans/${w.plan.id}/discard`, { reason: '不要了' });
    expect(launched.statusCode).toBe(409);
    expect(launched.json().error.message).toContain('方案已启动，不能作废');
    const { planId } = await importText({ t, coordinator });
    const member = await signIn(t.app, 'member.a@test.local');
    expect((await post({ t, coordinator }, `/api/plans/${planId}/discard`, { reason: '不要了' }, member)).statusCode).toBe(403);
    expect((await review({ t, coordinator }, planId)).plan.status).toBe('draft');
  });

  test('the review page discards a draft through its form and the list says so', async ({ t, coordinator }) => {
    const { planId } = await importText({ t, coordinator });
    const page = await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } });
    expect(page.body).toContain(`action="/plans/${planId}/discard"`);
    const form = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/plans/${planId}/discard`,
        payload: new URLSearchParams({ ...fields, _csrf: coordinator.csrfToken }).toString(),
        headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    // Not confirmed: nothing happens.
    expect((await form({ reason: '重复导入' })).statusCode).toBe(400);
    expect((await review({ t, coordinator }, planId)).plan.status).toBe('draft');

    const res = await form({ reason: '重复导入', confirm: 'yes' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/plans?done=discarded');
    const list = await t.app.inject({ url: '/plans?done=discarded', headers: { cookie: coordinator.cookie } });
    expect(list.body).toContain('草稿已作废');
    const after = await t.app.inject({ url: `/plans/${planId}/review`, headers: { cookie: coordinator.cookie } });
    expect(after.body).toContain('id="plan-discarded"');
    expect(after.body).not.toContain(`action="/plans/${planId}/discard"`);
    expect(after.body).not.toContain(`action="/plans/${planId}/launch"`);
    const trail = await t.app.inject({ url: `/plans/${planId}/audit`, headers: { cookie: coordinator.cookie } });
    expect(trail.body).toContain('作废草稿');
    expect(trail.body).toContain('重复导入');
  });
});

describe('the dashboard', () => {
  test('counts by colour and state, and filters the table', async ({ t, w, coordinator }) => {
    const imported = await importText({ t, coordinator });
    const green = await t.app.inject({ url: `/api/plans/${imported.planId}/dashboard`, headers: { cookie: coordinator.cookie } });
    expect(green.json()).toMatchObject({ total: 3, byColour: { green: 3, yellow: 0, red: 0 }, byState: { draft: 3 } });

    const launched = await t.app.inject({ url: `/api/plans/${w.plan.id}/dashboard?colour=red`, headers: { cookie: coordinator.cookie } });
    const d = launched.json();
    expect(d.byColour.red).toBe(1);
    expect(d.byState.escalated).toBe(1);
    expect(d.rows).toHaveLength(1);
    expect(d.rows[0].assignments[0]).toMatchObject({ unit: '区财政局', latest: { percent: 40, period: '2026-H1' } });
    const none = await t.app.inject({ url: `/api/plans/${w.plan.id}/dashboard?colour=green`, headers: { cookie: coordinator.cookie } });
    expect(none.json().rows).toHaveLength(0);
    const byUnit = await t.app.inject({ url: `/api/plans/${w.plan.id}/dashboard?unit=${encodeURIComponent('教育')}`, headers: { cookie: coordinator.cookie } });
    expect(byUnit.json().rows).toHaveLength(1);

    const page = await t.app.inject({ url: `/plans/${w.plan.id}?colour=&state=escalated&unit=&q=`, headers: { cookie: coordinator.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/items/${w.assignmentA.id}"`);
    expect(page.body).toContain('40% · 推进中');
    const bad = await t.app.inject({ url: `/api/plans/${w.plan.id}/dashboard?colour=purple`, headers: { cookie: coordinator.cookie } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the CLI’s read operations as endpoints', () => {
  test('plan status lists each measure’s state per unit', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ url: `/api/plans/${w.plan.id}/status`, headers: { cookie: coordinator.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    // The final due date is the day the plan names (an ISO date), not the instant of its Shanghai midnight.
    expect(res.json().measures[0].due).toBe('2026-12-31');
    const units = res.json().measures[0].units;
    expect(units.map((u: { unitName: string }) => u.unitName).sort()).toEqual(['区教育局', '区财政局']);
    expect(units.find((u: { unitName: string }) => u.unitName === '区财政局').lastReport).toMatchObject({ period: '2026-H1', percent: 40 });
  });

  test('the report comes as JSON, and as CSV or Excel to download', async ({ t, w, coordinator }) => {
    const json = await t.app.inject({ url: `/api/plans/${w.plan.id}/report`, headers: { cookie: coordinator.cookie } });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    expect(json.body).toContain('区财政局');
    const csv = await t.app.inject({ url: `/api/plans/${w.plan.id}/report?format=csv`, headers: { cookie: coordinator.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('.csv');
    // Saved under the plan's own title and the date of the scores, not only an opaque id.
    const saved = /filename\*=UTF-8''([^;]+)/.exec(String(csv.headers['content-disposition']))?.[1];
    expect(decodeURIComponent(saved ?? '')).toMatch(new RegExp(`^${w.plan.title}考核结果（截至\\d{4}-\\d{2}-\\d{2}）\\.csv$`));
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('区财政局');
    const xlsx = await t.app.inject({ url: `/api/plans/${w.plan.id}/report?format=xlsx`, headers: { cookie: coordinator.cookie } });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const bad = await t.app.inject({ url: `/api/plans/${w.plan.id}/report?format=pdf`, headers: { cookie: coordinator.cookie } });
    expect(bad.statusCode).toBe(400);
  });

  test('the draft 通报 comes as a Word file to coordinators only: the year so far while no period has settled', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ url: `/api/plans/${w.plan.id}/notices/draft.docx`, headers: { cookie: coordinator.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const saved = /filename\*=UTF-8''([^;]+)/.exec(String(res.headers['content-disposition']))?.[1];
    expect(decodeURIComponent(saved ?? '')).toBe(`关于${w.plan.title}2026年推进情况的通报（草稿）.docx`);
    // The plan's today is 2026-06-01: its first half-year's reports are not yet due.
    const text = paragraphs((await readDocx(res.rawPayload)).document).map((p) => p.text);
    expect(text.some((l) => l.startsWith('2026年尚未结束，以下为阶段性情况。截至2026年6月1日'))).toBe(true);

    const member = await signIn(t.app, 'member.a@test.local');
    const refused = await t.app.inject({ url: `/api/plans/${w.plan.id}/notices/draft.docx`, headers: { cookie: member.cookie } });
    expect(refused.statusCode).toBe(403);
    const unknown = await t.app.inject({ url: `/api/plans/${w.plan.id}/notices/draft.docx?period=2031-H1`, headers: { cookie: coordinator.cookie } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('2026-H1');
  });
});
