import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createActivities } from '../../activities';
import { startApiServer, type TApiServer } from '../../api/server';
import { loadConfig } from '../../lib/config';
import { createMailer } from '../../mail/mailer';
import type { Db } from '../../prisma/client';
import { startMailCapture, type MailCapture } from '../../stack/mail-capture';
import { PASSWORD, seedWorld, type TWorld } from '../api/support';
import { launchChromium, signInThroughForm } from '../e2e/browser';
import { createTestDatabase, type TestDatabase } from './db';
import { startTestOutbox } from './outbox';
import { createDevServerEnv, measureWorkflowBundle } from './temporal';

// The app's own task queue (config default), where the page forms' updates and launches go.
const TASK_QUEUE = 'duban-measures';

export type TBrowserStack = {
  db: Db;
  database: TestDatabase;
  capture: MailCapture;
  server: TApiServer;
  browser: Browser;
  w: TWorld;
  /** A folder of the file's own (the app's data folder is under it), removed by `close`. */
  dir: string;
  /** A person of the seeded world signed in through the sign-in form on a fresh browser context. */
  signedIn: (email: string, viewport: { width: number; height: number }) => Promise<{ ctx: BrowserContext; page: Page }>;
  close: () => Promise<void>;
};

/**
 * The app on a real port over a fresh database with the seeded world (tests/api/support.ts), a real SMTP capture and
 * headless Chromium. With `workflows`, a Temporal dev server and a worker as `duban up` runs it (outbox included) stand
 * behind the forms; without, the forms render and refuse what needs the workflow service. Contexts run with the page's
 * CSP bypassed, as axe-core is injected.
 */
export async function startBrowserStack(options: { name: string; workflows?: boolean }): Promise<TBrowserStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `duban-e2e-${options.name}-`));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const [database, capture, env] = await Promise.all([
      createTestDatabase(),
      startMailCapture({ smtpPort: 0, webPort: 0 }),
      options.workflows ? createDevServerEnv() : Promise.resolve(null),
    ]);
    cleanups.push(() => database.close(), () => capture.close());
    if (env) cleanups.push(() => env.teardown());
    const w = await seedWorld(database.db);
    const config = loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: 'http://duban.e2e', DUBAN_DATA_DIR: path.join(dir, 'data'), TEMPORAL_TASK_QUEUE: TASK_QUEUE });
    const mailer = createMailer(capture.smtpUrl, config.MAIL_FROM);
    cleanups.push(() => mailer.close());
    if (env) await startWorker(database.db, env, capture.smtpUrl, cleanups);
    const server = await startApiServer({ db: database.db, temporal: env?.client ?? null, config, mailer, mailCaptureUrl: capture.webUrl, logger: false, port: 0, host: '127.0.0.1' });
    cleanups.push(() => server.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const signedIn = async (email: string, viewport: { width: number; height: number }) => {
      const ctx = await browser.newContext({ viewport, locale: 'zh-CN', bypassCSP: true, hasTouch: viewport.width < 500 });
      const page = await ctx.newPage();
      await signInThroughForm(page, server.url, email, PASSWORD);
      return { ctx, page };
    };
    return { db: database.db, database, capture, server, browser, w, dir, signedIn, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startWorker(db: Db, env: TestWorkflowEnvironment, smtpUrl: string, cleanups: (() => Promise<void> | void)[]): Promise<void> {
  const outbox = startTestOutbox({ db, smtpUrl, temporal: env.client, taskQueue: TASK_QUEUE });
  cleanups.push(() => outbox.stop());
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await measureWorkflowBundle(),
    activities: createActivities({ db, config: { publicUrl: 'http://duban.e2e' }, temporal: env.client, outbox: outbox.writer }),
  });
  const running = worker.run();
  cleanups.push(async () => {
    worker.shutdown();
    await running;
  });
}
