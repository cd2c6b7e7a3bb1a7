import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';
import { inInstall, readmeBlock, runLine } from '../support/deploy-readme';
import { waitFor } from '../support/wait-for';

// `duban pack` writes one archive; unpacked on a machine of the same kind it starts the whole stack with no network:
// here inside a network namespace of the test's own that has only a loopback interface, with a PATH that holds none
// of this machine's Temporal, Go or npm cache, and a HOME of its own.

const root = mkdtempSync(path.join(os.tmpdir(), 'duban-pack-'));
/** The name deploy/README.md gives it. */
const archive = path.join(root, 'duban-offline.tar.gz');
const namespace = `duban-pack-${randomBytes(4).toString('hex')}`;
const isRoot = process.getuid?.() === 0;

afterAll(() => {
  try {
    execFileSync('ip', ['netns', 'del', namespace], { stdio: 'ignore' });
  } catch {
    // It was never made, or is gone already.
  }
  rmSync(root, { recursive: true, force: true });
  // The unpacked install holds a whole node_modules: removing it takes minutes on a busy machine.
}, 600_000);

/** Runs `args` inside the namespace, with only what the install brings and the base system's /usr/bin. */
function inNamespace(args: string[], env: Record<string, string>) {
  return spawn('ip', ['netns', 'exec', namespace, 'env', '-i', 'PATH=/usr/bin:/bin', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// Making a network namespace needs root (CAP_SYS_ADMIN), which CI has.
describe.skipIf(!isRoot)('duban pack: an offline install', () => {
  it('installs from one archive and starts duban up with no network, serving /healthz and /readyz', async () => {
    const started = Date.now();
    // deploy/README.md's lines as written: packed from this checkout, unpacked where /opt stands for the test's folder.
    const [pack] = readmeBlock('pack');
    const packed = await runLine(inInstall(pack!, repoRoot.replace(/\/$/, '')), process.env, root);
    expect(packed.code, packed.stderr).toBe(0);
    const bytes = statSync(archive).size;
    process.stderr.write(`duban pack: ${(bytes / 2 ** 20).toFixed(0)} MB in ${Math.round((Date.now() - started) / 1000)} s\n`);

    const install = path.join(root, 'opt', 'duban');
    const home = path.join(root, 'home');
    mkdirSync(home);
    mkdirSync(path.dirname(install));
    const [unpack] = readmeBlock('unpack');
    const unpacked = await runLine(inInstall(unpack!, install), process.env, root);
    expect(unpacked.code, unpacked.stderr).toBe(0);
    const duban = path.join(install, 'duban');
    expect(JSON.parse(readFileSync(path.join(install, 'pack.json'), 'utf8'))).toMatchObject({ platform: `${os.platform()}-${os.arch()}` });

    execFileSync('ip', ['netns', 'add', namespace]);
    execFileSync('ip', ['netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up']);
    // Nothing but loopback: no route leaves the namespace.
    const links = execFileSync('ip', ['netns', 'exec', namespace, 'ip', '-o', 'link'], { encoding: 'utf8' });
    expect(links.trim().split('\n').map((l) => l.split(':')[1]!.trim())).toEqual(['lo']);

    const env = { HOME: home, DUBAN_DATA_DIR: path.join(root, 'data') };
    const up = inNamespace([duban, 'up'], env);
    let out = '';
    up.stdout.on('data', (d) => (out += d));
    up.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => up.once('exit', resolve));
    try {
      await waitFor(
        'duban up from the install to start',
        () => {
          if (up.exitCode !== null) throw new Error(`duban up from the install exited before it started:\n${out.slice(-3000)}`);
          return out.includes('已启动 / is up');
        },
        { timeoutMs: 240_000, everyMs: 500, progress: () => out.slice(-3000) },
      );
      // Asked from inside the namespace, with the install's own Node.
      const probe = execFileSync(
        'ip',
        ['netns', 'exec', namespace, path.join(install, 'node', 'bin', 'node'), '-e', "Promise.all(['/healthz','/readyz'].map((p)=>fetch('http://127.0.0.1:3000'+p).then(async (r)=>[r.status, await r.json()]))).then((r)=>console.log(JSON.stringify(r)))"],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(probe)).toEqual([
        [200, { ok: true }],
        [200, { ready: true, checks: { database: 'ok', temporal: 'ok' } }],
      ]);
    } finally {
      up.kill('SIGINT');
      expect(await exited).toBe(0);
    }
    process.stderr.write(`offline install test: ${Math.round((Date.now() - started) / 1000)} s\n`);
  }, 900_000);
});
