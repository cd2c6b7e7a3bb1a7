import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export type TAppProcess = { url: string; stop: () => Promise<void> };

/** Starts the app on a fresh test database (PGlite or PostgreSQL, as DUBAN_TEST_DB says) in a child process. */
export function startAppProcess(): Promise<TAppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'app-process.ts')], {
    env: process.env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      // A process whose event loop is stuck never reads its stdin: it is killed after a grace period.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin.end();
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the app process exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, stop }));
  });
}
