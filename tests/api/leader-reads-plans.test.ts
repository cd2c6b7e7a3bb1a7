import { describe, expect } from 'vitest';
import { hashPassword } from '../../services/auth/password';
import { appTest as test } from '../support/fixtures';
import { PASSWORD, signIn, withSession } from './support';

describe('a leader of the leading group reads every plan of the office, and changes none', () => {
  test('dashboard, review queue and ranking open; every write is 403; a leader of another office finds nothing', async ({ t, w }) => {
    const passwordHash = await hashPassword(PASSWORD);
    await t.db.person.create({ data: { name: '赵组长', email: 'group.leader@test.local', role: 'leader', unitId: w.office.id, passwordHash } });
    const elsewhere = await t.db.unit.create({ data: { name: '市督查室' } });
    await t.db.person.create({ data: { name: '钱组长', email: 'other.leader@test.local', role: 'leader', unitId: elsewhere.id, passwordHash } });
    const leader = await signIn(t.app, 'group.leader@test.local');
    const other = await signIn(t.app, 'other.leader@test.local');
    const get = (s: typeof leader, url: string) => t.app.inject({ method: 'GET', url, headers: url.startsWith('/api/') ? withSession(s) : { cookie: s.cookie } });
    const report = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
    await t.db.progressReport.update({ where: { id: report.id }, data: { review: 'pending' } });

    const plans = await get(leader, '/api/plans');
    expect(plans.statusCode, plans.body).toBe(200);
    expect(plans.json().plans.map((p: { id: string }) => p.id)).toContain(w.plan.id);
    const dashboard = await get(leader, `/plans/${w.plan.id}`);
    expect(dashboard.statusCode, dashboard.body).toBe(200);
    expect(dashboard.body).toContain(`data-report="${report.id}"`);
    // The queue is shown without the office's buttons.
    expect(dashboard.body).not.toContain(`action="/plans/${w.plan.id}/reviews/${report.id}"`);
    const queue = await get(leader, `/api/reviews?planId=${w.plan.id}`);
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((i: { reportId: string }) => i.reportId)).toEqual([report.id]);
    expect((await get(leader, `/api/plans/${w.plan.id}/dashboard`)).statusCode).toBe(200);
    const ranking = await get(leader, `/api/plans/${w.plan.id}/report?format=json`);
    expect(ranking.statusCode, ranking.body).toBe(200);

    // Every write is the office's.
    const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: withSession(leader) });
    expect((await post(`/api/reports/${report.id}/review`, { decision: 'accept', requestId: 'leader-accept' })).statusCode).toBe(403);
    expect((await post('/api/reviews', { reportIds: [report.id], decision: 'accept', requestId: 'leader-accept-all' })).statusCode).toBe(403);
    expect((await post(`/api/measures/${w.measure.id}/chase`, { unitIds: [w.unitA.id], text: '请抓紧' })).statusCode).toBe(403);
    expect((await t.db.progressReport.findUniqueOrThrow({ where: { id: report.id } })).review).toBe('pending');

    // Another office's leader: not found, and an empty list.
    expect((await get(other, `/plans/${w.plan.id}`)).statusCode).toBe(404);
    expect((await get(other, '/api/plans')).json().plans).toEqual([]);
  });

  test('the leading group’s leader finds the plans from the menu, every link on a dashboard opens for them, and a unit’s item page is read-only', async ({ t, w }) => {
    const passwordHash = await hashPassword(PASSWORD);
    await t.db.person.create({ data: { name: '孙组长', email: 'group.leader2@test.local', role: 'leader', unitId: w.office.id, passwordHash } });
    const leader = await signIn(t.app, 'group.leader2@test.local');
    const page = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: leader.cookie } });

    // The menu leads to the plans; the list reads, with nothing to import or review.
    const plans = await page('/plans');
    expect(plans.statusCode, plans.body).toBe(200);
    expect(plans.body).toContain('<a href="/plans">方案</a>');
    expect(plans.body).toContain(`<a href="/plans/${w.plan.id}">`);
    expect(plans.body).not.toContain('action="/plans/import"');
    expect(plans.body).not.toContain(`/plans/${w.plan.id}/review`);

    // Every page the dashboard links to opens for the leader: none is the office's alone.
    const dashboard = await page(`/plans/${w.plan.id}`);
    expect(dashboard.statusCode).toBe(200);
    const links = [...new Set([...dashboard.body.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/#.*$/, '')))];
    expect(links).toEqual(expect.arrayContaining([`/items/${w.assignmentB.id}`, `/measures/${w.measure.id}/instruct`]));
    const statuses = await Promise.all(links.map(async (url) => [url, (await page(url)).statusCode] as const));
    expect(statuses.filter(([, status]) => status >= 400)).toEqual([]);
    for (const office of ['/review', '/audit', '/indicators', '/rubric', `/measures/${w.measure.id}`]) expect(dashboard.body).not.toContain(`href="/plans/${w.plan.id}${office}`);

    // A unit's item page: read, with no form to fill; its writes refused.
    const item = await page(`/items/${w.assignmentB.id}`);
    expect(item.statusCode).toBe(200);
    expect(item.body).toContain('您可以查看此事项，但只有承办单位人员可以填报。');
    expect([...item.body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1])).toEqual(['/logout']);
    const write = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: withSession(leader) });
    const progress = await write(`/api/assignments/${w.assignmentB.id}/progress`, { status: 'in_progress', percent: 10, narrative: '代为填报', idempotencyKey: 'leader-report' });
    expect(progress.statusCode).toBe(403);
    expect(progress.json().error.message).toBe('只有承办单位人员可以填报');
    expect((await write(`/api/assignments/${w.assignmentB.id}/acknowledge`, { responsible: { name: '孙组长' } })).statusCode).toBe(403);
    expect(await t.db.progressReport.count({ where: { assignmentId: w.assignmentB.id } })).toBe(0);
  });
});
