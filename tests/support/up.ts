import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../stack/temporal-server';
import { repoRoot } from './cli';

export const bin = fileURLToPath(new URL('../../bin/duban.mjs', import.meta.url));

export type Up = { child: ChildProcess; urls: { app: string; ui: string; mail: string }; stderr: () => string };

/** Free ports for every server `duban up` starts, as the variables that move them. */
export async function ports() {
  return {
    PORT: String(await freePort()),
    DUBAN_PGLITE_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    SMTP_CAPTURE_PORT: String(await freePort()),
    MAIL_UI_PORT: String(await freePort()),
  };
}

/** Starts `duban up [args]` the way a person does and waits for the URLs it prints. */
export function startUp(env: Record<string, string>, args: string[] = []): Promise<Up> {
  const child = spawn(process.execPath, [bin, 'up', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`duban up printed no URLs within 150 s:\n${stderr.slice(-2000)}`)), 150_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const app = /应用 App\s+(\S+)/.exec(stdout);
      const ui = /Temporal Web UI\s+(\S+)/.exec(stdout);
      const mail = /Mail capture\s+(\S+)/.exec(stdout);
      if (app && ui && mail) {
        clearTimeout(timer);
        resolve({ child, urls: { app: app[1]!, ui: ui[1]!, mail: mail[1]! }, stderr: () => stderr });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`duban up exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}

/** Ctrl-C, as a person stops it: resolves with the exit code. */
export function stopUp(up: Up): Promise<number | null> {
  return new Promise((resolve) => {
    up.child.once('exit', (code) => resolve(code));
    up.child.kill('SIGINT');
  });
}

/** Processes whose command line mentions the test's data folder: the dev server is started with its SQLite file there. */
export function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(dir));
}
