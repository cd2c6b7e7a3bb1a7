import ICAL from 'ical.js';
import { expect } from 'vitest';
import { workflowAppTest as test } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import { hashPassword } from '../../services/auth/password';
import { launchDraftPlan, PASSWORD, signIn, withSession, type TSession, type TTestApp } from './support';

test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

type TShownEvent = { uid: string; date: string; summary: string; sequence: number; url: string; alarms: string[] };

async function feedOf(t: TTestApp, url: string): Promise<{ status: number; type: string | undefined; events: TShownEvent[] }> {
  const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
  if (res.statusCode !== 200) return { status: res.statusCode, type: undefined, events: [] };
  const cal = new ICAL.Component(ICAL.parse(res.body));
  const events = cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return { uid: e.uid, date: e.startDate.toString(), summary: e.summary, sequence: e.sequence, url: String(c.getFirstPropertyValue('url')), alarms: c.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))) };
  });
  return { status: res.statusCode, type: res.headers['content-type'], events };
}

const renew = async (t: TTestApp, s: TSession, owner: 'unit' | 'me') => {
  const res = await t.app.inject({ method: 'POST', url: '/api/calendar-feeds', payload: { owner }, headers: withSession(s) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ url: string }>().url;
};

test('a unit’s calendar feed lists its due dates, 批示 reply dates, sub-tasks and rework, follows a due-date change, never shows another unit’s items, and renewing ends the old address', async ({ t, w, coordinator, memberA }) => {
  const memberB = await signIn(t.app, 'member.b@test.local');
  const { plan, of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（日历）', [
    { title: '开展质量安全抽检', units: ['A'] },
    { title: '推进校园食品安全', units: ['B'] },
  ]);
  const mine = of(w.unitA.id);
  const url = await renew(t, memberA, 'unit');
  expect(url).toMatch(/^http:\/\/.+\/ics\/[A-Za-z0-9_-]{40,}\.ics$/);
  // Only the hash is kept.
  const token = /\/ics\/(.+)\.ics$/.exec(url)![1]!;
  expect(JSON.stringify(await t.db.calendarFeed.findMany())).not.toContain(token);

  const first = await feedOf(t, url);
  expect(first.status).toBe(200);
  expect(first.type).toBe('text/calendar; charset=utf-8');
  // Every event links to one of the unit's own items: the new one, and the world's earlier item of unit A.
  const ours = first.events.filter((e) => e.url.endsWith(`/items/${mine.id}`));
  expect(ours.length).toBeGreaterThan(0);
  for (const e of ours) {
    expect(e.summary).toMatch(/^【督办】1 开展质量安全抽检：.+进展报告截止$/);
    expect(e.sequence).toBe(0);
    // The plan's default ladder: 提醒 3 working days before (so 3 days or more: 09:00 then is -P2DT15H or earlier)
    // and 到期提醒 at 09:00 on the day.
    expect(e.alarms).toEqual([expect.stringMatching(/^-P([2-9]|\d\d)DT15H$/), 'PT9H']);
  }
  expect(first.events.every((e) => e.url.endsWith(`/items/${mine.id}`) || e.url.endsWith(`/items/${w.assignmentA.id}`))).toBe(true);
  // The other unit's items are never in it; in its own feed they are, and ours are not.
  const b = of(w.unitB.id);
  expect(first.events.some((e) => e.summary.includes('校园食品安全') || e.url.endsWith(b.id) || e.url.endsWith(w.assignmentB.id))).toBe(false);
  const theirs = await feedOf(t, await renew(t, memberB, 'unit'));
  expect(theirs.events.some((e) => e.summary.includes('推进校园食品安全'))).toBe(true);
  expect(theirs.events.every((e) => e.url.endsWith(`/items/${b.id}`) || e.url.endsWith(`/items/${w.assignmentB.id}`))).toBe(true);

  // The office moves the first period's due date: same UID, the new date, SEQUENCE 1.
  const moved = ours[0]!;
  const period = /^due-[^-]+-(.+)@/.exec(moved.uid)![1]!;
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/measures/${plan.measures[0]!.id}/due-date`,
    payload: { period, due: '2027-02-26', reason: '统一调整', requestId: 'ics-due-1' },
    headers: withSession(coordinator),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  await waitFor('the feed follows the change', async () => (await feedOf(t, url)).events.some((e) => e.uid === moved.uid && e.date === '2027-02-26'), { timeoutMs: 30_000 });
  const after = await feedOf(t, url);
  expect(after.events.filter((e) => e.uid === moved.uid)).toEqual([{ ...moved, date: '2027-02-26', sequence: 1 }]);

  // 更换地址: the old address is gone (404), the new one answers the same events.
  const renewed = await renew(t, memberA, 'unit');
  expect(renewed).not.toBe(url);
  expect((await feedOf(t, url)).status).toBe(404);
  expect((await feedOf(t, renewed)).events).toEqual(after.events);
  // Not a session's business: a made-up address is a plain 404 too.
  expect((await feedOf(t, `http://x/ics/${'a'.repeat(43)}.ics`)).status).toBe(404);

  // The account page: 更换地址 for one's own feed shows the new address once; a person's feed holds their unit's dates.
  const page = await t.app.inject({
    method: 'POST',
    url: '/account/calendar-feed',
    payload: 'owner=me',
    headers: { ...withSession(memberA), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  });
  expect(page.statusCode, page.body).toBe(200);
  expect(page.body).toContain('更换地址');
  const shownUrl = /<code id="new-calendar-feed">([^<]+)<\/code>/.exec(page.body)![1]!;
  expect((await feedOf(t, shownUrl)).events.map((e) => e.uid)).toEqual(after.events.map((e) => e.uid));
  expect((await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: memberA.cookie } })).body).not.toContain(new URL(shownUrl).pathname);
  // Each renewal is audited, with who did it: A's unit twice and A's own once, B's unit once.
  const audited = await t.db.auditEvent.findMany({ where: { action: 'auth.calendar_feed_renewed' }, select: { actor: { select: { email: true } }, data: true } });
  expect(audited.map((a) => `${a.actor?.email} ${(a.data as { owner: string }).owner}`).sort()).toEqual(['member.a@test.local me', 'member.a@test.local unit', 'member.a@test.local unit', 'member.b@test.local unit']);

  // A sub-task (分解) appears on its due date; a report returned for rework (退回整改) replaces its period's due date by
  // the rework deadline.
  const sub = await t.app.inject({
    method: 'POST',
    url: `/api/assignments/${mine.id}/subtasks`,
    payload: { title: '抽检辖区内儿童用品', assignee: { name: '钱科长' }, due: '2026-12-30' },
    headers: withSession(memberA),
  });
  expect(sub.statusCode, sub.body).toBeLessThan(300);
  await waitFor('the sub-task in the feed', async () => (await feedOf(t, renewed)).events.some((e) => e.summary === '【督办】分解任务：抽检辖区内儿童用品（钱科长）' && e.date === '2026-12-30'), { timeoutMs: 30_000 });
  // A leader's 批示 to the unit: its reply date is on the calendar until the unit replies.
  await t.db.person.create({ data: { name: '孙主任', email: 'leader.sun@test.local', role: 'leader', unitId: w.office.id, passwordHash: await hashPassword(PASSWORD) } });
  const given = await t.app.inject({
    method: 'POST',
    url: `/api/measures/${plan.measures[0]!.id}/instructions`,
    payload: { text: '请加大抽检力度', replyBy: '2026-12-28' },
    headers: withSession(await signIn(t.app, 'leader.sun@test.local')),
  });
  expect(given.statusCode, given.body).toBe(201);
  await waitFor('the 批示 in the feed', async () => (await feedOf(t, renewed)).events.some((e) => e.summary === '【督办】批示落实情况回复：1 开展质量安全抽检' && e.date === '2026-12-28'), { timeoutMs: 30_000 });
  const returned = await t.db.progressReport.create({
    data: { assignmentId: mine.id, period, dueAt: new Date('2027-02-26T00:00:00Z'), status: 'in_progress', percent: 40, narrative: '已开展', submittedAt: new Date(), idempotencyKey: 'ics-returned-1', submittedById: (await t.db.person.findUniqueOrThrow({ where: { email: 'member.a@test.local' } })).id, review: 'returned', reviewReason: '缺少数据', reworkDue: new Date('2027-03-05T00:00:00Z') },
  });
  const reworked = (await feedOf(t, renewed)).events;
  expect(reworked.some((e) => e.uid === moved.uid)).toBe(false);
  expect(reworked.filter((e) => e.uid.startsWith(`rework-${returned.id}@`)).map((e) => [e.date, e.summary])).toEqual([['2027-03-05', expect.stringMatching(/^【督办】退回整改：1 开展质量安全抽检（.+进展报告）$/)]]);
});
