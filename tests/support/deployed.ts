import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './cli';
import { waitFor } from './wait-for';

const bin = `${repoRoot}bin/duban.mjs`;

// A process still running when its test file ends must not outlive it.
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export type TDubanProcess = {
  child: ChildProcess;
  /** Everything it wrote to stdout (its JSON log) and stderr so far. */
  stdout: () => string;
  stderr: () => string;
  /** Its JSON log lines, parsed. */
  logLines: () => Record<string, unknown>[];
  /** Resolves with its exit code once it has exited. */
  exited: Promise<number | null>;
  /** Sends `signal` and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/** Starts `duban VERB` as a service manager would: its own process, settings in the environment, log on stdout. */
export function spawnDuban(verb: string, env: Record<string, string>): TDubanProcess {
  return watchProcess(spawn(process.execPath, [bin, verb], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Follows a process started with piped output: what it wrote, its exit, a way to stop it; killed if left running. */
export function watchProcess(child: ChildProcess): TDubanProcess {
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `url` answers 200, failing early if the process exits, and with its output after `timeoutMs`. */
export async function waitReady(p: TDubanProcess, url: string, timeoutMs = 300_000): Promise<void> {
  let exited: number | null | undefined;
  void p.exited.then((code) => (exited = code));
  const output = () => `\n${p.stderr().slice(-2000)}${p.stdout().slice(-2000)}`;
  await waitFor(
    `${url} to answer 200`,
    async () => {
      if (exited !== undefined) throw new Error(`exited with ${exited} before ${url} answered 200:${output()}`);
      return (await fetch(url).then((r) => r.status, () => 0)) === 200;
    },
    { timeoutMs, everyMs: 250, progress: output },
  );
}
