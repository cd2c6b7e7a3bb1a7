import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { withSession } from './support';

/**
 * A coordinator closes the seeded plan (launched; its today is Monday 1 June 2026) by hand: not before its period's
 * end, then with a reason once the period ends on 29 May; from then on it is read, never changed. In order, on one plan.
 */
describe('a coordinator closes a plan after its period’s end', () => {
  test('before the end the close is refused with one line naming the end, and the plan page only says when it can close', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/close`, payload: { reason: '提前结束' }, headers: withSession(coordinator) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('计划实施期限至 2026-12-31，期满后方可关闭');
    const page = await t.app.inject({ url: `/plans/${w.plan.id}`, headers: withSession(coordinator) });
    expect(page.body).toContain('实施期限至 2026-12-31，期满后可关闭计划。');
    expect(page.body).not.toContain('id="close-plan"');
  });

  test('after the end a close needs a reason; with one the plan is closed, by whom and why, its open measure 未办结', async ({ t, w, coordinator }) => {
    await t.db.plan.update({ where: { id: w.plan.id }, data: { period: { from: '2026-01-01', to: '2026-05-29' } } });
    const page = await t.app.inject({ url: `/plans/${w.plan.id}`, headers: withSession(coordinator) });
    expect(page.body).toContain('id="close-plan"');
    const bare = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/close`, payload: { reason: ' ' }, headers: withSession(coordinator) });
    expect(bare.statusCode).toBe(400);
    expect(await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } })).toMatchObject({ status: 'launched' });

    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/close`, payload: { reason: '实施期限已满，转入下一轮行动' }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ planId: w.plan.id, status: 'closed', unfinished: 1 });
    expect(await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } })).toMatchObject({ status: 'closed', closedById: w.coordinator.id, closeReason: '实施期限已满，转入下一轮行动' });
    const audit = await t.db.auditEvent.findMany({ where: { planId: w.plan.id, action: { in: ['plan.closed', 'measure.unfinished_at_close'] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(['measure.unfinished_at_close', 'plan.closed']);
  });

  test('a closed plan is read-only: settings and a second close refused with one line; its page, report and results still read', async ({ t, w, coordinator }) => {
    const settings = await t.app.inject({ method: 'PATCH', url: `/api/plans/${w.plan.id}/settings`, payload: { annualSummary: { due: '07-01' } }, headers: withSession(coordinator) });
    expect(settings.statusCode).toBe(409);
    const again = await t.app.inject({ method: 'POST', url: `/api/plans/${w.plan.id}/close`, payload: { reason: '再次关闭' }, headers: withSession(coordinator) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('计划已于 2026-06-01 关闭，只能查看，不能再改');
    const page = await t.app.inject({ url: `/plans/${w.plan.id}`, headers: withSession(coordinator) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('此计划已于 2026-06-01 关闭（实施期限已满，转入下一轮行动），只能查看，不能再改。');
    expect((await t.app.inject({ url: `/api/plans/${w.plan.id}/report?format=html`, headers: withSession(coordinator) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/plans/${w.plan.id}/assessment/results/2026`, headers: withSession(coordinator) })).statusCode).toBe(200);
  });
});
