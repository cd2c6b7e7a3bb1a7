import { describe, expect } from 'vitest';
import { DAY_MS } from '../../domain/clock';
import { finaliseResults } from '../../services/assessment/finalise-results';
import { appTest as test } from '../support/fixtures';
import { withSession, type TSession, type TTestApp } from './support';

/**
 * The office's 发文机关代字 (Unit.noticePrefix), set on the units page, by the API and in the registry file, and the
 * 文号 of the 通报 it then issues. The tests run in order on one seeded world (区督查室 coordinates the plan).
 */
const post = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
const importRegistry = (t: TTestApp, s: TSession, fileName: string, content: string) =>
  t.app.inject({ method: 'POST', url: '/api/units/import', headers: withSession(s), payload: { fileName, content } });
const RULE = '发文机关代字应为 2 至 12 个汉字，如“苏质量办”';

describe('the office’s 发文机关代字', () => {
  test('set by the API, audited; a unit’s member may not; a bad one is refused in one line and nothing saved', async ({ t, w, coordinator, memberA }) => {
    const url = `/api/units/${w.office.id}/notice-prefix`;
    expect((await t.app.inject({ method: 'PUT', url, payload: { noticePrefix: '区督办' }, headers: withSession(memberA) })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'PUT', url, payload: { noticePrefix: ' 区督办 ' }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: w.office.id, name: '区督查室', noticePrefix: '区督办' });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: w.office.id, action: 'units.notice_prefix_set' } })).toMatchObject({
      actorId: w.coordinator.id,
      actorLabel: 'web',
      data: { before: null, noticePrefix: '区督办' },
    });
    for (const bad of ['区督办〔', 'QDB', '区', '区 督办', '']) {
      const refused = await t.app.inject({ method: 'PUT', url, payload: { noticePrefix: bad }, headers: withSession(coordinator) });
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().error.details).toEqual([{ path: 'body.noticePrefix', message: RULE }]);
    }
    expect((await t.db.unit.findUniqueOrThrow({ where: { id: w.office.id } })).noticePrefix).toBe('区督办');
    expect((await t.app.inject({ method: 'PUT', url: '/api/units/nosuchunit/notice-prefix', payload: { noticePrefix: '区督办' }, headers: withSession(coordinator) })).statusCode).toBe(404);
  });

  test('on the units page: a labelled field beside the unit; a bad one shown again with the refusal under it; a good one saved with a flash', async ({ t, w, coordinator }) => {
    const page = await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } });
    expect(page.statusCode).toBe(200);
    const id = `prefix-${w.office.id}`;
    expect(page.body).toContain(`<label for="${id}">发文机关代字</label><input id="${id}" name="noticePrefix" value="区督办"`);
    const action = `/units/${w.office.id}/notice-prefix`;
    const bad = await post(t, action, { noticePrefix: '区督办2026' }, coordinator);
    expect(bad.body).toContain(`id="${id}-problem">未能保存： ${RULE}</p>`);
    expect(bad.body).toContain(`value="区督办2026" maxlength="40" aria-invalid="true"`);
    expect((await t.db.unit.findUniqueOrThrow({ where: { id: w.office.id } })).noticePrefix).toBe('区督办');
    const saved = await post(t, action, { noticePrefix: '苏质量办' }, coordinator);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/units?done=noticePrefixSaved');
    const after = await t.app.inject({ url: saved.headers.location, headers: { cookie: coordinator.cookie } });
    expect(after.body).toContain('发文机关代字已保存');
    expect(after.body).toContain(`<input id="${id}" name="noticePrefix" value="苏质量办"`);
    // Emptied, the office's 文号 falls back to its name.
    expect((await post(t, action, { noticePrefix: '  ' }, coordinator)).statusCode).toBe(303);
    expect((await t.db.unit.findUniqueOrThrow({ where: { id: w.office.id } })).noticePrefix).toBeNull();
  });

  test('in the registry file: set and changed by a re-import, kept by one that leaves it out, refused naming the record', async ({ t, w, coordinator }) => {
    const prefix = async () => (await t.db.unit.findUniqueOrThrow({ where: { id: w.office.id } })).noticePrefix;
    const json = (unit: Record<string, unknown>) => JSON.stringify({ units: [{ name: '区督查室', kind: 'agency', ...unit }] });
    expect((await importRegistry(t, coordinator, 'units.json', json({ noticePrefix: '区督查办' }))).statusCode).toBe(200);
    expect(await prefix()).toBe('区督查办');
    expect((await importRegistry(t, coordinator, 'units.json', json({}))).statusCode).toBe(200);
    expect(await prefix()).toBe('区督查办');
    const csv = 'type,name,kind,notice_prefix\nunit,区督查室,agency,苏质量办\n';
    expect((await importRegistry(t, coordinator, 'units.csv', csv)).statusCode).toBe(200);
    expect(await prefix()).toBe('苏质量办');
    const bad = await importRegistry(t, coordinator, 'units.json', json({ noticePrefix: 'Suzhou' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toBe(`units[0] (区督查室) noticePrefix：${RULE}`);
    const badCsv = await importRegistry(t, coordinator, 'units.csv', 'type,name,notice_prefix\nunit,区督查室,苏质量办〔\n');
    expect(badCsv.json().error.message).toBe(`第 2 行 noticePrefix：${RULE}`);
    expect(await prefix()).toBe('苏质量办');
  });

  test('the 通报 the office issues is numbered under it: the third of 2027 reads 苏质量办〔2027〕3号', async ({ t, w, coordinator }) => {
    await finaliseResults({ db: t.db, now: () => new Date(Date.now() + DAY_MS) }, w.plan.id, { year: 2026 }, { id: null, label: 'web' });
    const base = `/api/plans/${w.plan.id}/notices`;
    const numbers: string[] = [];
    for (const n of [1, 2, 3]) {
      const created = await t.app.inject({ method: 'POST', url: base, payload: { period: '2026' }, headers: withSession(coordinator) });
      expect(created.statusCode, created.body).toBe(201);
      const { id, notice } = created.json();
      // Signed in January 2027: the year's results of 2026, numbered in the sequence of 2027.
      const saved = await t.app.inject({ method: 'PUT', url: `${base}/${id}`, payload: { notice: { ...notice, title: `关于第${n}次通报`, signedOn: '2027-01-15' } }, headers: withSession(coordinator) });
      expect(saved.statusCode, saved.body).toBe(200);
      const issued = await t.app.inject({ method: 'POST', url: `${base}/${id}/issue`, payload: {}, headers: withSession(coordinator) });
      expect(issued.statusCode, issued.body).toBe(200);
      numbers.push(issued.json().docNumber);
    }
    expect(numbers).toEqual(['苏质量办〔2027〕1号', '苏质量办〔2027〕2号', '苏质量办〔2027〕3号']);
  });
});
