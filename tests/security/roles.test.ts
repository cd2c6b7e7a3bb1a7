// Issue 20 item 3: roles and offices are granted by an admin, through an audited grant, never by a registry import.
import { describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { DEMO_COORDINATOR_EMAIL, seedDemoIfEmpty } from '../../seeds/seed';
import { hashPassword } from '../../services/auth/password';
import { PASSWORD, signIn, withSession, type TSession, type TTestApp, type TWorld } from '../api/support';
import { runDuban } from '../support/cli';
import { createTestDatabase } from '../support/db';

let t: TTestApp;
let w: TWorld;
let coordinator: TSession;

const test = appTest;
test.beforeAll(async ({ t: app, w: world, coordinator: signedIn }) => {
  t = app;
  w = world;
  coordinator = signedIn;
});

const importRegistry = (s: TSession, file: object) =>
  t.app.inject({ method: 'POST', url: '/api/units/import', headers: withSession(s), payload: { fileName: 'registry.json', content: JSON.stringify(file) } });

const form = (s: TSession, url: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...withSession(s), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
  });

const roleAndUnit = async (email: string) => {
  const p = await t.db.person.findUniqueOrThrow({ where: { email }, select: { role: true, unitId: true } });
  return [p.role, p.unitId];
};

describe('a registry import manages units and contacts, never roles or offices', () => {
  test('a coordinator cannot make themselves admin through the file: the import is refused and nothing changes', async () => {
    const res = await importRegistry(coordinator, { people: [{ name: '李统筹', email: 'coordinator@test.local', role: 'admin' }] });
    // Refused as every fault of a registry file is (422, naming the record).
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('duban people grant');
    expect(await roleAndUnit('coordinator@test.local')).toEqual(['coordinator', w.office.id]);
  });

  test('listing existing people as another unit’s contacts or leader moves nobody and changes no role; new contacts join the unit', async () => {
    const res = await importRegistry(coordinator, {
      units: [
        { name: '区教育局', contacts: [{ name: '李统筹', email: 'coordinator@test.local' }, { name: '新联络员', email: 'new.contact@test.local' }], leader: { name: '张财政', email: 'member.a@test.local' } },
      ],
      people: [{ name: '赵教育', email: 'member.b@test.local', role: 'leader', unit: '区财政局' }],
    });
    expect(res.statusCode).toBe(200);
    expect(await roleAndUnit('coordinator@test.local')).toEqual(['coordinator', w.office.id]);
    expect(await roleAndUnit('member.a@test.local')).toEqual(['member', w.unitA.id]);
    expect(await roleAndUnit('member.b@test.local')).toEqual(['member', w.unitB.id]);
    const fresh = await t.db.person.findUniqueOrThrow({ where: { email: 'new.contact@test.local' } });
    expect([fresh.role, fresh.unitId, fresh.isContact]).toEqual(['member', w.unitB.id, true]);
  });

  test('the import’s audit entry names the coordinator who made it', async () => {
    const entry = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'units.import' }, orderBy: { id: 'desc' } });
    expect(entry.actorId).toBe(w.coordinator.id);
  });
});

describe('roles are granted by an admin, and the trail says who granted what', () => {
  test('duban people grant makes the first admin, recorded as granted from the command line', async () => {
    const r = await runDuban(['people', 'grant', 'Boss@Test.local', 'admin', '--name', '系统管理员'], { DATABASE_URL: t.database.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const admin = await t.db.person.findUniqueOrThrow({ where: { email: 'boss@test.local' } });
    expect([admin.name, admin.role]).toEqual(['系统管理员', 'admin']);
    const entry = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'people.role_granted', subjectId: admin.id } });
    expect([entry.actorId, entry.actorLabel]).toEqual([null, 'cli']);
    expect(entry.data).toMatchObject({ email: 'boss@test.local', role: 'admin', previous: null });
  });

  test('a coordinator can neither see the people page nor grant a role', async () => {
    expect((await t.app.inject({ url: '/admin/people', headers: { cookie: coordinator.cookie } })).statusCode).toBe(403);
    const res = await form(coordinator, '/admin/people/grant', { email: 'member.b@test.local', role: 'admin', unit: '' });
    expect(res.statusCode).toBe(403);
    expect(await roleAndUnit('member.b@test.local')).toEqual(['member', w.unitB.id]);
    expect(await t.db.auditEvent.count({ where: { action: 'people.role_granted', actorId: w.coordinator.id } })).toBe(0);
  });

  test('an admin grants a role and an office on the people page; the grant names the admin, the role, the unit and what it replaced', async () => {
    await t.db.person.update({ where: { email: 'boss@test.local' }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const admin = await signIn(t.app, 'boss@test.local');
    const page = await t.app.inject({ url: '/admin/people', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/admin/people/grant"');
    const res = await form(admin, '/admin/people/grant', { email: 'member.b@test.local', role: 'coordinator', unit: '区督查室' });
    expect(res.statusCode).toBe(303);
    expect(await roleAndUnit('member.b@test.local')).toEqual(['coordinator', w.office.id]);
    const entry = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'people.role_granted', subjectId: w.memberB.id } });
    const bossId = (await t.db.person.findUniqueOrThrow({ where: { email: 'boss@test.local' } })).id;
    expect(entry.actorId).toBe(bossId);
    expect(entry.data).toMatchObject({ email: 'member.b@test.local', role: 'coordinator', unit: '区督查室', previous: { role: 'member', unit: '区教育局' } });
    const after = await t.app.inject({ url: '/admin/people', headers: { cookie: admin.cookie } });
    expect(after.body).toContain('member.b@test.local');
  });
});

test('the demo’s accounts are made through the same grant, recorded as the seed’s', async () => {
  const database = await createTestDatabase();
  try {
    await seedDemoIfEmpty(database.db);
    const coordinatorRow = await database.db.person.findUniqueOrThrow({ where: { email: DEMO_COORDINATOR_EMAIL } });
    expect(coordinatorRow.role).toBe('coordinator');
    const grants = await database.db.auditEvent.findMany({ where: { action: 'people.role_granted' }, select: { actorLabel: true, data: true } });
    expect(grants.map((g) => (g.data as { email: string }).email).sort()).toContain(DEMO_COORDINATOR_EMAIL);
    expect(grants.every((g) => g.actorLabel === 'seed')).toBe(true);
    // Nobody holds a coordinator's or admin's role except through a recorded grant.
    const privileged = await database.db.person.findMany({ where: { role: { in: ['coordinator', 'admin'] } }, select: { email: true } });
    expect(privileged.map((p) => p.email).sort()).toEqual(grants.map((g) => (g.data as { email: string }).email).sort());
  } finally {
    await database.close();
  }
});
