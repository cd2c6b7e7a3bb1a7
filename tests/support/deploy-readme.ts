import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli';

/** deploy/README.md's command blocks, each marked `<!-- block: NAME -->`, and the test that runs it as written. */
export const README_BLOCKS = {
  pack: 'tests/stack/offline-pack.test.ts',
  unpack: 'tests/stack/offline-pack.test.ts',
  'temporal-schema': 'tests/stack/scale-out.test.ts',
  'temporal-server': 'tests/stack/scale-out.test.ts',
  namespace: 'tests/stack/scale-out.test.ts',
  duban: 'tests/stack/scale-out.test.ts',
  systemd: 'tests/stack/deploy-files.test.ts',
} as const;
export type TReadmeBlock = keyof typeof README_BLOCKS;

/** Where the README's commands assume the install to be; a test stands its own folder in. */
export const INSTALL_DIR = '/opt/duban';

export const deployReadme = () => readFileSync(path.join(repoRoot, 'deploy', 'README.md'), 'utf8');

/** Every ```sh block of the README with the marker before it (null when it has none). */
export function readmeBlocks(text = deployReadme()): { name: string | null; lines: string[] }[] {
  const blocks: { name: string | null; lines: string[] }[] = [];
  const re = /(?:<!-- block: ([\w-]+) -->\n)?```sh\n([\s\S]*?)```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    blocks.push({ name: m[1] ?? null, lines: m[2]!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')) });
  }
  return blocks;
}

/** The command lines of one block, as written. */
export function readmeBlock(name: TReadmeBlock): string[] {
  const block = readmeBlocks().find((b) => b.name === name);
  if (!block) throw new Error(`deploy/README.md has no block "${name}"`);
  return block.lines;
}

/**
 * A README line as it runs here, from any folder: the install folder (where `./duban` is) is `installDir`, and `/opt`
 * the folder that holds it.
 */
export function inInstall(line: string, installDir: string): string {
  return line
    .replaceAll(INSTALL_DIR, installDir)
    .replace(/^\.\/duban /, `${installDir}/duban `)
    .replace(/ -C \/opt$/, ` -C ${path.dirname(installDir)}`);
}

/** `export NAME=VALUE` lines change the environment of the lines after them, as in a shell; returns that environment. */
export async function applyExport(line: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const m = /^export (\w+)=(.*)$/.exec(line.trim());
  if (!m) throw new Error(`not an export line: ${line}`);
  const value = (await runLine(`printf %s ${m[2]}`, env, repoRoot)).stdout;
  return { ...env, [m[1]!]: value };
}

/** Runs one line with bash in `cwd`, to completion. */
export function runLine(line: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts one line with bash in `cwd`, as a service: the process is the command itself (bash execs it). */
export function startLine(line: string, env: NodeJS.ProcessEnv, cwd: string): ChildProcess {
  return spawn('bash', ['-c', `exec ${line}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
