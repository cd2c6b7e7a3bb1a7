import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { loadConfig } from '../../lib/config';
import { applyMigrations } from '../../prisma/migrate';
import { importUnits } from '../../services/units/import-units';
import { openDatabase } from '../../stack/database';
import { startEmbeddedDatabase } from '../../stack/pglite-server';
import { signIn, type TTestApp } from '../api/support';

let t: TTestApp;
const it = appTest;
it.beforeAll(async ({ t: app }) => {
  t = app;
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function as<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const auditRows = async () => (await as(t.database.ownerUrl, (c) => c.query<{ n: number }>(`select count(*)::int as n from "AuditEvent"`))).rows[0]!.n;

describe('the audit trail is append-only, for the tables’ owner too', () => {
  beforeAll(async () => {
    await t.db.auditEvent.create({ data: { actorLabel: 'test', action: 'test.entry', subjectType: 'test', subjectId: 'one' } });
  });

  it.each([
    ['UPDATE', `update "AuditEvent" set "action" = 'forged'`],
    ['DELETE', `delete from "AuditEvent"`],
    ['TRUNCATE', `truncate "AuditEvent"`],
  ])('%s is refused', async (_, sql) => {
    const before = await auditRows();
    expect(before).toBeGreaterThan(0);
    await expect(as(t.database.ownerUrl, (c) => c.query(sql))).rejects.toThrow(/append-only/);
    expect(await auditRows()).toBe(before);
  });
});

// PGlite serves one user, its superuser: the embedded default runs on one machine, on loopback, for one office.
describe.skipIf(process.env.DUBAN_TEST_DB !== 'postgres')('on PostgreSQL the app connects as a role that owns nothing', () => {
  it('is no superuser, may create no role or database, and owns no table', async () => {
    const { rows } = await as(t.database.url, (c) =>
      c.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; owned: number }>(
        `select r.rolsuper, r.rolcreaterole, r.rolcreatedb,
                (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = current_user) as owned
           from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, owned: 0 });
    expect(t.database.url).not.toBe(t.database.ownerUrl);
  });

  it.each([
    ['drop a table', `drop table "Plan"`],
    ['empty the audit trail', `truncate "AuditEvent"`],
    ['switch its trigger off', `alter table "AuditEvent" disable trigger "AuditEvent_append_only"`],
    ['switch every trigger off', `alter table "AuditEvent" disable trigger all`],
    ['change an entry', `update "AuditEvent" set "action" = 'forged'`],
    ['remove an entry', `delete from "AuditEvent"`],
    ['create a table', `create table "Backdoor" (id int)`],
    ['change the migrations’ record', `delete from "_prisma_migrations"`],
  ])('cannot %s', async (_, sql) => {
    await expect(as(t.database.url, (c) => c.query(sql))).rejects.toThrow(/permission denied|must be owner/);
  });

  it('a deployment migrates as the owner (DATABASE_MIGRATION_URL) and grants the app (DATABASE_URL) its rights', async () => {
    const admin = process.env.TEST_POSTGRES_URL!;
    const name = `duban_deploy_${randomUUID().slice(0, 8)}`;
    await as(admin, (c) => c.query(`create database ${name}`));
    try {
      const owner = new URL(admin);
      owner.pathname = `/${name}`;
      const app = new URL(t.database.url);
      app.pathname = `/${name}`;
      // The app's role alone cannot build the schema.
      await expect(applyMigrations(app.toString())).rejects.toThrow(/migration failed/);
      await as(owner.toString(), (c) => c.query(`drop table if exists "_prisma_migrations"`));
      const opened = await openDatabase(loadConfig({ DATABASE_URL: app.toString(), DATABASE_MIGRATION_URL: owner.toString() }));
      await opened.close();
      await as(app.toString(), async (c) => {
        await c.query(`insert into "Unit" ("id", "name", "updatedAt") values ('u-1', '区财政局', now())`);
        expect((await c.query(`select "name" from "Unit"`)).rows).toEqual([{ name: '区财政局' }]);
        await expect(c.query(`drop table "Unit"`)).rejects.toThrow(/must be owner/);
      });
    } finally {
      await as(admin, (c) => c.query(`drop database if exists ${name} with (force)`));
    }
  }, 120_000);

  it('reads and writes what it works on, and adds to the audit trail', async () => {
    await as(t.database.url, async (c) => {
      await c.query(`insert into "AuditEvent" ("actorLabel", "action", "subjectType", "subjectId") values ('test', 'test.by-app', 'test', 'two')`);
      await c.query(`update "Plan" set "scoresOwed" = "scoresOwed"`);
      expect((await c.query(`select count(*)::int as n from "Person"`)).rows[0].n).toBeGreaterThan(0);
    });
  });
});

describe('an email address is one person’s, whatever its letters’ case', () => {
  it('a second person at the same address in other letters is refused', async () => {
    await t.db.person.create({ data: { name: '王一', email: 'wang.yi@case.test' } });
    await expect(t.db.person.create({ data: { name: '王一（重复）', email: 'Wang.Yi@CASE.test' } })).rejects.toThrow(/Unique constraint/);
  });

  it('a registry import that writes a known address in other letters updates that person, adding nobody', async () => {
    const before = await t.db.person.count();
    const result = await importUnits(t.db, {
      units: [{ name: '区财政局', aliases: [], kind: 'department', contacts: [{ name: '张财政（新）', email: 'MEMBER.A@test.local' }] }],
      groups: [],
      people: [],
    });
    expect(result.people).toBe(1);
    expect(await t.db.person.count()).toBe(before);
    expect(await t.db.person.findMany({ where: { email: { in: ['member.a@test.local', 'MEMBER.A@test.local'] } }, select: { name: true, email: true } })).toEqual([
      { name: '张财政（新）', email: 'member.a@test.local' },
    ]);
  });

  it('signs in, and finds the person for a sign-in link, whatever the case typed', async () => {
    await signIn(t.app, 'Coordinator@TEST.local');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login-link', payload: { email: 'LEADER.A@test.local' } });
    expect(res.statusCode).toBeLessThan(300);
    const mail = await t.capture.waitFor((m) => m.subject.includes('登录链接'), 10_000);
    expect(mail.to).toEqual(['leader.a@test.local']);
  });
});

describe('the migration that makes addresses unique whatever their case', () => {
  const MIGRATIONS = path.join(import.meta.dirname, '..', '..', 'prisma', 'migrations');
  const all = readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('keeps every person: the first keeps the address, a later one is told apart and audited, no sign-in lost', async () => {
    const at = all.findIndex((n) => n.endsWith('_person_email_citext'));
    expect(at, 'the migration').toBeGreaterThan(0);
    const db = await startEmbeddedDatabase({ port: 0 });
    try {
      await as(db.url, async (c) => {
        // The schema as the migrations before it leave it, as `prisma migrate deploy` records them.
        await c.query(`create table "_prisma_migrations" ("id" varchar(36) primary key not null, "checksum" varchar(64) not null, "finished_at" timestamptz,
          "migration_name" varchar(255) not null, "logs" text, "rolled_back_at" timestamptz, "started_at" timestamptz not null default now(), "applied_steps_count" integer not null default 0)`);
        for (const name of all.slice(0, at)) {
          const sql = readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8');
          await c.query(sql);
          await c.query(`insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) values ($1, $2, now(), $3, 1)`, [
            randomUUID(),
            createHash('sha256').update(sql).digest('hex'),
            name,
          ]);
        }
        await c.query(`insert into "Person" ("id", "name", "email", "createdAt", "updatedAt") values
          ('p-first', '李一', 'li.yi@dup.test', '2026-01-01', now()),
          ('p-later', '李一', 'Li.Yi@Dup.test', '2026-02-01', now()),
          ('p-other', '周二', 'zhou.er@dup.test', '2026-03-01', now())`);
      });
      await applyMigrations(db.url);
      await as(db.url, async (c) => {
        const people = (await c.query(`select "id", "email" from "Person" order by "id"`)).rows;
        expect(people).toEqual([
          { id: 'p-first', email: 'li.yi@dup.test' },
          { id: 'p-later', email: 'duplicate-p-later@duban.invalid' },
          { id: 'p-other', email: 'zhou.er@dup.test' },
        ]);
        const audit = (await c.query(`select "actorLabel", "action", "subjectType", "subjectId", "data" from "AuditEvent"`)).rows;
        expect(audit).toEqual([
          { actorLabel: 'migration', action: 'person.email_deduplicated', subjectType: 'person', subjectId: 'p-later', data: { email: 'Li.Yi@Dup.test', keptBy: 'p-first' } },
        ]);
        await expect(c.query(`insert into "Person" ("id", "name", "email", "updatedAt") values ('p-new', '周二', 'ZHOU.ER@dup.test', now())`)).rejects.toThrow(/duplicate key/);
      });
    } finally {
      await db.close();
    }
  }, 180_000);
});
