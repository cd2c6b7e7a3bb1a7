import { Worker } from '@temporalio/worker';
import { test as base } from 'vitest';
import { createActivities } from '../../activities';
import { hashPassword } from '../../services/auth/password';
import { PASSWORD, seedWorld, signIn, startTestApp, type TSession, type TTestApp, type TWorld } from '../api/support';
import { startAppProcess } from '../security/app-process-client';
import { seedHostileWorld } from '../security/world';
import { startTestOutbox } from './outbox';
import { createDevServerEnv, measureWorkflowBundle } from './temporal';
import { startMeasureWorld, startWorkflowWorld, type TWorldOptions } from './workflow-world';

/**
 * The app (tests/api/support.ts: real database, real SMTP capture, no Temporal) with the seeded world, and its people
 * signed in. Every fixture is file-scoped: started for the first test of a file that asks for it and closed after the
 * file's last test, so a file shares one app as it did with beforeAll. The world is seeded for every file (`auto`), as
 * before; a file signs in only the people its tests name.
 */
const FILE = { scope: 'file' } as const;
const ADMIN_EMAIL = 'admin@test.local';

/** A file fixture signing in one of the seeded world's people. */
const signedIn =
  (who: 'memberA' | 'memberB' | 'leaderA' | 'coordinator') =>
  async ({ t, w }: { t: TTestApp; w: TWorld }): Promise<TSession> =>
    signIn(t.app, w[who].email);

const appStarted = (options?: Parameters<typeof startTestApp>[0]) =>
  base.extend('t', FILE, async ({}, { onCleanup }) => {
    const t = await startTestApp(options);
    onCleanup(() => t.close());
    return t;
  });

/** `options` as startTestApp takes them: an environment of the file's own (a rate limit, say). */
export const appTestWith = (options?: Parameters<typeof startTestApp>[0]) =>
  appStarted(options)
    .extend('w', { ...FILE, auto: true }, async ({ t }) => seedWorld(t.db))
    .extend('memberA', FILE, signedIn('memberA'))
    .extend('memberB', FILE, signedIn('memberB'))
    .extend('leaderA', FILE, signedIn('leaderA'))
    .extend('coordinator', FILE, signedIn('coordinator'))
    /** A system administrator (admin@test.local), signed in: the seeded world has none. */
    .extend('admin', FILE, async ({ t }) => {
      await t.db.person.create({ data: { name: '系统管理员', email: ADMIN_EMAIL, role: 'admin', passwordHash: await hashPassword(PASSWORD) } });
      return signIn(t.app, ADMIN_EMAIL);
    })
    /** The app in a process of its own (tests/security/app-process.ts), for a request that would stall the test's own event loop. */
    .extend('appProcess', FILE, async ({}, { onCleanup }) => {
      const p = await startAppProcess();
      onCleanup(() => p.stop());
      return p;
    });

export const appTest = appTestWith();

/**
 * The app with the hostile world of tests/security/world.ts (every field a person or a document fills holds hostile
 * text) instead of the seeded one, and one person of each role signed in.
 */
export const hostileAppTest = appStarted()
  .extend('hostile', { ...FILE, auto: true }, async ({ t }) => seedHostileWorld(t.db))
  .extend('hostileSessions', FILE, async ({ t }) => {
    const sessions = {} as Record<'admin' | 'coordinator' | 'leader' | 'member', TSession>;
    for (const role of ['admin', 'coordinator', 'leader', 'member'] as const) sessions[role] = await signIn(t.app, `${role}@hostile.test`);
    return sessions;
  });

/**
 * The same over a real Temporal dev server (`env`; no worker unless a file names `measureWorker`, or a test starts
 * one). The server's start-up can outlast a test's timeout: a file starts it in
 * `test.beforeAll(async ({ t }) => …, 120_000)`.
 */
export const workflowAppTest = base
  .extend('env', FILE, async ({}, { onCleanup }) => {
    const env = await createDevServerEnv();
    onCleanup(() => env.teardown());
    return env;
  })
  .extend('t', FILE, async ({ env }, { onCleanup }) => {
    const t = await startTestApp({ temporal: env.client });
    onCleanup(() => t.close());
    return t;
  })
  .extend('w', { ...FILE, auto: true }, async ({ t }) => seedWorld(t.db))
  .extend('memberA', FILE, signedIn('memberA'))
  .extend('coordinator', FILE, signedIn('coordinator'))
  /** A worker as `duban up` runs it (with the outbox's dispatcher), on the app's own task queue (config default), for the files that name it. */
  .extend('measureWorker', FILE, async ({ t, env }, { onCleanup }) => {
    const outbox = startTestOutbox({ db: t.db, smtpUrl: t.capture.smtpUrl, temporal: env.client, taskQueue: 'duban-measures' });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'duban-measures',
      workflowBundle: await measureWorkflowBundle(),
      activities: createActivities({ db: t.db, config: { publicUrl: 'http://duban.test' }, temporal: env.client, outbox: outbox.writer }),
    });
    const running = worker.run();
    onCleanup(async () => {
      worker.shutdown();
      await running;
      await outbox.stop();
    });
    return worker;
  });

/**
 * A workflow world (tests/support/workflow-world.ts) for the whole file, stopped after its last test. Its start-up
 * (the Java test server, a bundle) can outlast a test's timeout, so a file starts it in `test.beforeAll(({ world }) =>
 * …)`, under the hook timeout, and seeds there what its tests share.
 */
export const workflowWorldTest = (options: TWorldOptions) =>
  base.extend('world', { scope: 'file' }, async ({}, { onCleanup }) => {
    const world = await startWorkflowWorld(options);
    onCleanup(() => world.stop());
    return world;
  });

/** The same with the production worker and the small registry of measure-fixtures seeded (`startMeasureWorld`). */
export const measureWorldTest = (options: Omit<TWorldOptions, 'worker'>) =>
  base.extend('world', { scope: 'file' }, async ({}, { onCleanup }) => {
    const world = await startMeasureWorld(options);
    onCleanup(() => world.stop());
    return world;
  });
