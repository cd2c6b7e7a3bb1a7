import { test as base } from 'vitest';
import { seedWorld, signIn, startTestApp, type TSession } from '../api/support';
import { startWorkflowWorld, type TWorldOptions } from './workflow-world';

/**
 * The app (tests/api/support.ts: real database, real SMTP capture, no Temporal) with the seeded world, and its people
 * signed in. Every fixture is file-scoped: started for the first test of a file that asks for it and closed after the
 * file's last test, so a file shares one app as it did with beforeAll. The world is seeded for every file (`auto`), as
 * before; a file signs in only the people its tests name.
 */
export const appTest = base
  .extend('t', { scope: 'file' }, async ({}, { onCleanup }) => {
    const t = await startTestApp();
    onCleanup(() => t.close());
    return t;
  })
  .extend('w', { scope: 'file', auto: true }, async ({ t }) => seedWorld(t.db))
  .extend('memberA', { scope: 'file' }, async ({ t, w }): Promise<TSession> => signIn(t.app, w.memberA.email))
  .extend('memberB', { scope: 'file' }, async ({ t, w }): Promise<TSession> => signIn(t.app, w.memberB.email))
  .extend('leaderA', { scope: 'file' }, async ({ t, w }): Promise<TSession> => signIn(t.app, w.leaderA.email))
  .extend('coordinator', { scope: 'file' }, async ({ t, w }): Promise<TSession> => signIn(t.app, w.coordinator.email));

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
