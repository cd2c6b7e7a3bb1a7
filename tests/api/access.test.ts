import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { signIn, withSession, type TSession, type TTestApp } from './support';


const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });

describe('a member of unit B and unit A’s item', () => {
  test('the API answers exactly as for an id that does not exist', async ({ t, w, memberB }) => {
    const other = await get(t, `/api/assignments/${w.assignmentA.id}`, memberB);
    const missing = await get(t, '/api/assignments/cm000000000000000000000000', memberB);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    expect(other.body).not.toContain('加强质量监管');
  });

  test('the item page is a 404 that shows nothing of the item', async ({ t, w, memberB }) => {
    const res = await get(t, `/items/${w.assignmentA.id}`, memberB);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).not.toContain('加强质量监管');
    expect(res.body).not.toContain('区财政局');
  });

  test('the same bearer token as a browser session gets the same refusal', async ({ t, w, memberB }) => {
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'b' }, headers: withSession(memberB) });
    const res = await t.app.inject({ url: `/api/assignments/${w.assignmentA.id}`, headers: { authorization: `Bearer ${created.json().token}` } });
    expect(res.statusCode).toBe(404);
  });

  test('lists never include it, even when asked for the plan by id', async ({ t, w, memberB }) => {
    const all = await get(t, '/api/assignments', memberB);
    expect(all.json().items.map((i: { id: string }) => i.id)).toEqual([w.assignmentB.id]);
    const byPlan = await get(t, `/api/assignments?planId=${w.plan.id}`, memberB);
    expect(byPlan.json().items.map((i: { id: string }) => i.id)).toEqual([w.assignmentB.id]);
    const page = await get(t, '/items', memberB);
    expect(page.body).toContain(`/items/${w.assignmentB.id}`);
    expect(page.body).not.toContain(`/items/${w.assignmentA.id}`);
  });

  test('their own unit’s item is there, with a report form', async ({ t, w, memberB }) => {
    const res = await get(t, `/items/${w.assignmentB.id}`, memberB);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`action="/items/${w.assignmentB.id}/report`);
  });
});

describe('plans are for coordinators', () => {
  test.for([
    ['GET', '/api/plans'],
    ['GET', '/api/plans/PLAN'],
    ['GET', '/api/plans/PLAN/dashboard'],
    ['POST', '/api/plans/PLAN/launch'],
    ['POST', '/api/plans/PLAN/warnings/0/resolve'],
    ['PATCH', '/api/plans/PLAN/measures/MEASURE'],
    ['POST', '/api/plans/import'],
    ['POST', '/api/units/import'],
  ] as const)('a member gets 403 for %s %s', async ([method, path], { t, w, memberA }) => {
    const url = path.replace('PLAN', w.plan.id).replace('MEASURE', w.measure.id);
    // Each a body its route would take from a coordinator, so the refusal is about who asks, not what was sent.
    const payload =
      method === 'GET' ? undefined : path.endsWith('import') ? { text: '一、任务', fileName: 'u.json', content: '{}' } : path.endsWith('launch') ? { asIs: true } : { due: '2026-10-01' };
    const res = await t.app.inject({ method, url, payload, headers: withSession(memberA) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  test('the plan pages refuse a member and a leader', async ({ t, w, memberA, leaderA }) => {
    for (const s of [memberA, leaderA]) {
      expect((await get(t, `/plans/${w.plan.id}/review`, s)).statusCode).toBe(403);
      expect((await get(t, '/plans', s)).statusCode).toBe(403);
    }
    expect((await get(t, `/plans/${w.plan.id}`, memberA)).statusCode).toBe(403);
    // A leader reads the dashboards of their own office's plans only (leader-reads-plans.test.ts); a supervising
    // leader of no office finds nothing here.
    expect((await get(t, `/plans/${w.plan.id}`, leaderA)).statusCode).toBe(404);
  });

  test('a coordinator of another office does not see the plan at all', async ({ t, w, coordinator }) => {
    const otherOffice = await t.db.unit.create({ data: { name: '市督查室' } });
    await t.db.person.create({
      data: { name: '外统筹', email: 'other.coordinator@test.local', role: 'coordinator', unitId: otherOffice.id, passwordHash: (await t.db.person.findUniqueOrThrow({ where: { id: w.coordinator.id } })).passwordHash },
    });
    const other = await signIn(t.app, 'other.coordinator@test.local');
    expect((await get(t, `/api/plans/${w.plan.id}`, other)).statusCode).toBe(404);
    expect((await get(t, '/api/plans', other)).json().plans).toEqual([]);
    expect((await get(t, `/api/assignments/${w.assignmentA.id}`, other)).statusCode).toBe(404);
    expect((await get(t, `/api/plans/${w.plan.id}`, coordinator)).statusCode).toBe(200);
  });
});

describe('a leader', () => {
  test('reads the items of the units they supervise, and no others', async ({ t, w, leaderA }) => {
    expect((await get(t, `/api/assignments/${w.assignmentA.id}`, leaderA)).statusCode).toBe(200);
    expect((await get(t, `/api/assignments/${w.assignmentB.id}`, leaderA)).statusCode).toBe(404);
    const page = await get(t, `/items/${w.assignmentA.id}`, leaderA);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="/items/${w.assignmentA.id}/report`);
    expect(page.body).toContain('只有承办单位人员可以填报');
  });

  test('sees supervised units’ scores and the escalated item with its 督办单', async ({ t, w, leaderA }) => {
    await t.db.score.create({
      data: { planId: w.plan.id, scope: 'unit', subjectId: w.unitA.id, points: 82.5, maxPoints: 100, grade: '良好', rubricVersion: 1, breakdown: [], computedAt: new Date() },
    });
    await t.db.score.create({
      data: { planId: w.plan.id, scope: 'unit', subjectId: w.unitB.id, points: 40, maxPoints: 100, grade: '较差', rubricVersion: 1, breakdown: [], computedAt: new Date() },
    });
    // A supervised unit with nothing assigned comes after the one with an escalated item, though its name sorts first.
    await t.db.unit.create({ data: { name: '区人社局', leaderId: w.leaderA.id } });
    const res = await get(t, '/api/leader/overview', leaderA);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.units.map((u: { name: string }) => u.name)).toEqual(['区财政局', '区人社局']);
    expect(body.units[0].scores[0]).toMatchObject({ points: 82.5, grade: '良好' });
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([w.assignmentA.id]);
    expect(body.items[0].escalations[0]).toMatchObject({ level: 'supervise', owedBy: '区财政局', workingDaysLate: 3, period: '2026-H2', due: '2027-01-15' });
    expect(body.items[0].escalations[0].missing).toContain('2026年下半年进展报告');
    const page = await get(t, '/leader', leaderA);
    expect(page.body).toContain('82.5 / 100');
    expect(page.body).not.toContain('区教育局</td>');
    // The supervised unit with nothing assigned is named under the table, not given a row of dashes.
    expect(page.body).not.toContain('<td>区人社局</td>');
    expect(page.body).toContain('另有 1 个单位暂无任务：区人社局');
    // The sheet of the step the item has reached, in full; the 催办 before it on one line.
    expect(page.body.match(/class="sheet" data-level="[a-z]+"/g)).toEqual(['class="sheet" data-level="supervise"']);
    expect(page.body).toContain('<h3>督办单 · 督办</h3>');
    expect(page.body).toContain('此前：催办 2027-01-18');
    expect(page.body).toContain('<dt>发出时间</dt><dd>2027-01-20 09:00</dd>');
  });

  test('no longer lists an escalated item once it is done', async ({ t, w, leaderA }) => {
    await t.db.assignment.update({ where: { id: w.assignmentA.id }, data: { status: 'done' } });
    try {
      expect((await get(t, '/api/leader/overview', leaderA)).json().items).toEqual([]);
    } finally {
      await t.db.assignment.update({ where: { id: w.assignmentA.id }, data: { status: 'in_progress' } });
    }
  });

  test('a member has no leader view', async ({ t, memberA }) => {
    const res = await get(t, '/api/leader/overview', memberA);
    expect(res.statusCode).toBe(403);
  });
});

describe('every way of touching unit A’s item, as a member of unit B', () => {
  const report = { status: 'in_progress', percent: 50, narrative: '按计划推进', idempotencyKey: 'cross-unit-attempt-1' };
  const extension = { requestedDue: '2026-08-31', reason: '需要更多时间', idempotencyKey: 'cross-unit-attempt-2' };
  const form = (fields: Record<string, string>, s: TSession) => ({
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const attempts = (id: string, s: TSession) => [
    { what: 'API read', req: { url: `/api/assignments/${id}`, headers: { cookie: s.cookie } } },
    { what: 'page read', req: { url: `/items/${id}`, headers: { cookie: s.cookie } } },
    { what: 'API report', req: { method: 'POST' as const, url: `/api/assignments/${id}/progress`, payload: report, headers: withSession(s) } },
    { what: 'API extension', req: { method: 'POST' as const, url: `/api/assignments/${id}/extensions`, payload: extension, headers: withSession(s) } },
    { what: 'page report', req: { method: 'POST' as const, url: `/items/${id}/report`, ...form({ ...report, percent: '50' }, s) } },
    { what: 'page extension', req: { method: 'POST' as const, url: `/items/${id}/extension`, ...form(extension, s) } },
  ];

  test('each is a 404 and nothing is recorded', async ({ t, w, memberB }) => {
    const before = await t.db.progressReport.count();
    for (const { what, req } of attempts(w.assignmentA.id, memberB)) {
      const res = await t.app.inject(req);
      expect(res.statusCode, what).toBe(404);
      expect(res.body, what).not.toContain('加强质量监管');
    }
    expect(await t.db.progressReport.count()).toBe(before);
    expect(await t.db.extension.count()).toBe(0);
  });

  test('a leader who may read the item is told only the unit reports on it', async ({ t, w, leaderA }) => {
    const [, , apiReport, apiExtension] = attempts(w.assignmentA.id, leaderA);
    for (const { what, req } of [apiReport!, apiExtension!]) {
      const res = await t.app.inject(req);
      expect(res.statusCode, what).toBe(403);
      expect(res.json().error.message).toContain('只有承办单位人员可以填报');
    }
  });

  test('the unit’s own member gets through to the workflow service (absent here: 503)', async ({ t, w, memberA }) => {
    const [, , apiReport] = attempts(w.assignmentA.id, memberA);
    const res = await t.app.inject(apiReport!.req);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('WORKFLOWS_UNAVAILABLE');
  });

  test('a report that breaks the progress schema is a 400 before any workflow is asked', async ({ t, w, memberA }) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/assignments/${w.assignmentA.id}/progress`,
      payload: { status: 'blocked', percent: 150, narrative: '', idempotencyKey: 'x', submittedBy: w.memberB.id },
      headers: withSession(memberA),
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.percent', 'body.narrative', 'body.idempotencyKey']));
    // The reporter is the signed-in person: a body naming someone else is refused outright.
    expect(JSON.stringify(res.json().error.details)).toContain('submittedBy');
  });
});

describe('coordinator actions on launched measures', () => {
  const actions = [
    ['reassign', { fromUnitId: 'a', toUnitId: 'b', reason: '职能调整', requestId: 'request-0001' }],
    ['cooperating', { unitId: 'a', reason: '需要配合', requestId: 'request-0002' }],
    ['cooperating/remove', { unitId: 'a', reason: '不再需要', requestId: 'request-0003' }],
    ['due-date', { period: '2026-H1', due: '2026-08-15', reason: '统一调整', requestId: 'request-0004' }],
    ['cancel', { reason: '任务取消', requestId: 'request-0005' }],
    ['close', { reason: '已并入其他任务', requestId: 'request-0006' }],
    ['refusal/confirm', { unitId: 'a', reason: '仍由该单位承担', requestId: 'request-0007' }],
    ['chase', { unitIds: ['a'], text: '请尽快报送' }],
  ] as const;

  test.for(actions)('%s: a member is refused with 403, another office’s coordinator with 404', async ([path, payload], { t, w, memberA, coordinator }) => {
    const url = `/api/measures/${w.measure.id}/${path}`;
    const member = await t.app.inject({ method: 'POST', url, payload, headers: withSession(memberA) });
    expect(member.statusCode).toBe(403);
    const other = await signIn(t.app, 'other.coordinator@test.local');
    const res = await t.app.inject({ method: 'POST', url, payload, headers: withSession(other) });
    expect(res.statusCode).toBe(404);
    const own = await t.app.inject({ method: 'POST', url, payload, headers: withSession(coordinator) });
    expect(own.json().error.code).toBe('WORKFLOWS_UNAVAILABLE');
  });
});
