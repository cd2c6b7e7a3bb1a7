import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { apiRoutes } from '../../api/routes/index';
import { ZProgressSubmissionSchema } from '../../domain/progress';
import { withSession, type TTestApp, type TWorld } from '../api/support';
import { appTest } from '../support/fixtures';

// tests/api/errors.test.ts fuzzes every route for "never a 5xx" with random ids; the parser has its own properties.
// This adds what they do not check: requests aimed at real rows, and that a refused request leaves every table as it was.

let t: TTestApp;
let w: TWorld;
let token: string;

const test = appTest;
test.beforeAll(async ({ t: app, w: world, coordinator }) => {
  t = app;
  w = world;
  token = (await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'fuzz', scope: 'coordinate' }, headers: withSession(coordinator) })).json().token;
  // A token's first use records when it was used (then at most every few minutes): that write belongs to using the
  // token, not to whatever a fuzzed request asks, so it happens here, before any fingerprint is taken.
  await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
}, 120_000);

/** A fingerprint of every row of every table: any insert, update or delete changes it. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await t.db.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations'`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await t.db.$queryRawUnsafe<{ h: string | null }[]>(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${table_name}" x`);
    out[table_name] = row?.h ?? '';
  }
  return out;
}

describe('fuzzing', () => {
  test('the progress schema never throws, and what it accepts keeps the rules a report must follow', () => {
    const near = fc.record(
      {
        assignmentId: fc.oneof(fc.string(), fc.constant('a1')),
        status: fc.oneof(fc.constantFrom('not_started', 'in_progress', 'done', 'blocked'), fc.string()),
        blockedReason: fc.oneof(fc.string(), fc.constant('  '), fc.constant('人手不足')),
        percent: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), fc.constant(100)),
        narrative: fc.oneof(fc.string(), fc.constant('  '), fc.constant('已推进')),
        targetValues: fc.array(fc.record({ targetId: fc.constantFrom('t1', 't2', ''), value: fc.oneof(fc.double(), fc.integer()) }), { maxLength: 3 }),
        attachments: fc.array(fc.record({ title: fc.string(), url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('javascript:alert(1)')) }), { maxLength: 2 }),
        submittedBy: fc.string(),
        idempotencyKey: fc.string({ maxLength: 220 }),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(near, fc.anything()), (input) => {
        const r = ZProgressSubmissionSchema.safeParse(input);
        if (!r.success) return;
        const s = r.data;
        expect(Number.isInteger(s.percent) && s.percent >= 0 && s.percent <= 100).toBe(true);
        expect(s.status === 'blocked').toBe(Boolean(s.blockedReason));
        if (s.status === 'done') expect(s.percent).toBe(100);
        expect(new Set(s.targetValues.map((v) => v.targetId)).size).toBe(s.targetValues.length);
        expect(s.targetValues.every((v) => Number.isFinite(v.value))).toBe(true);
        expect(s.attachments.every((a) => ('url' in a ? /^https?:\/\//.test(a.url) : a.fileId.length > 0))).toBe(true);
        expect(s.narrative.trim()).toBe(s.narrative);
        expect(s.idempotencyKey.length).toBeGreaterThanOrEqual(8);
        expect(Object.keys(input as object)).not.toContain('extra');
      }),
      { numRuns: 3000 },
    );
  });

  test('requests at real rows with arbitrary bodies never get a 5xx, and a refused one writes nothing', async () => {
    const ids = {
      assignmentId: [w.assignmentA.id, w.assignmentB.id],
      planId: [w.plan.id],
      measureId: [w.measure.id],
      extensionId: ['x'],
      tokenId: ['x'],
      index: ['0', '1', '-1'],
      year: ['2027', '2026'],
    } as Record<string, string[]>;
    // Sign-in links would send mail; the link route is fuzzed for validation in tests/api.
    const routes = apiRoutes.filter((r) => r.url !== '/api/auth/login-link');
    let before = await fingerprint();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.json(), fc.object().map((o) => JSON.stringify(o)), fc.constant('{}')),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        async (route, body, pick, noise) => {
          const url = route.url.replace(/:(\w+)/g, (_, name: string) => {
            const known = ids[name] ?? [];
            return encodeURIComponent(pick % (known.length + 1) === known.length ? noise || 'x' : known[pick % (known.length + 1)]!);
          });
          const res = await t.app.inject({
            method: route.method,
            url,
            payload: route.method === 'GET' ? undefined : body,
            headers: { authorization: `Bearer ${token}`, ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          });
          // This app has no Temporal: an action that needs the workflows is a 503 saying so, and must write nothing first.
          const noWorkflows = res.statusCode === 503 && res.json().error.code === 'WORKFLOWS_UNAVAILABLE';
          if (!noWorkflows) expect(res.statusCode, `${route.method} ${url} ${body}`).toBeLessThan(500);
          const after = await fingerprint();
          if (res.statusCode >= 400) {
            refused += 1;
            expect(after, `${route.method} ${url} ${body} → ${res.statusCode} changed the database`).toEqual(before);
          }
          before = after;
        },
      ),
      { numRuns: 250 },
    );
    expect(refused).toBeGreaterThan(100);
  }, 300_000);
});
