import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createDevServerEnv, measureWorkflowBundle } from '../support/temporal';
import { startSmtpReceiver, type TSmtpReceiver } from '../support/smtp-receiver';

export type ChildWorkerStack = {
  t: TestDatabase;
  env: TestWorkflowEnvironment;
  smtp: TSmtpReceiver;
  /** Starts the worker as a child process (worker-child.ts), unless one is running, and resolves once it polls. */
  startWorker: () => Promise<void>;
  /** SIGKILLs the worker and resolves once it has exited. */
  killWorker: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * The stack for the tests that SIGKILL the worker: a test database, a real Temporal dev server, an SMTP receiver that
 * keeps every delivery, and the measure workflows bundled to a file for a worker in a child process, with
 * `activitySlots` activities at most in flight; `env` adds to the worker's environment (its channels, its outbox lease).
 */
export async function startChildWorkerStack(options: { taskQueue: string; activitySlots: number; env?: Record<string, string> }): Promise<ChildWorkerStack> {
  const [t, env, smtp] = await Promise.all([createTestDatabase(), createDevServerEnv(), startSmtpReceiver()]);
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-chaos-'));
  const bundlePath = path.join(dir, 'workflows.js');
  writeFileSync(bundlePath, (await measureWorkflowBundle()).code);
  let child: ChildProcess | null = null;
  return {
    t,
    env,
    smtp,
    async startWorker() {
      if (child) return;
      const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'worker-child.ts')], {
        env: {
          ...process.env,
          DATABASE_URL: t.url,
          SMTP_URL: smtp.smtpUrl,
          TEMPORAL_ADDRESS: env.address,
          TEMPORAL_TASK_QUEUE: options.taskQueue,
          WORKFLOW_BUNDLE: bundlePath,
          CHAOS_ACTIVITY_SLOTS: String(options.activitySlots),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        proc.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        proc.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
      });
      child = proc;
    },
    async killWorker() {
      const proc = child!;
      child = null;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
    async close() {
      child?.kill('SIGKILL');
      await env.teardown();
      await smtp.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
