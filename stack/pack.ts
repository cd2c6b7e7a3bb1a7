import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';
import { UserError } from '../lib/errors';
import { ensureTemporalCli, TEMPORAL_CLI_MODULE, TEMPORAL_SERVER_VERSION, TOOLS_DIR } from './temporal-binary';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folder every file of the archive sits in: `tar -xzf FILE -C /opt` makes /opt/duban. */
export const PACK_FOLDER = 'duban';

/** Sources that an install runs: what git tracks or would (not ignored), less what only develops and tests it. */
const NOT_SHIPPED = [/^tests\//, /^\.ci\//, /^\.gitignore$/];

const ZLockSchema = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional(), devOptional: z.boolean().optional(), link: z.boolean().optional() })),
});

/**
 * The production node modules, from package-lock.json: every installed package that is not there for development
 * only (`dev`, or `devOptional`: TypeScript), listed by its outermost folder so that nothing is archived twice.
 */
function productionModules(): string[] {
  const lock = ZLockSchema.parse(JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')));
  const wanted = Object.entries(lock.packages)
    .filter(([at, p]) => at.startsWith('node_modules/') && !p.dev && !p.devOptional && !p.link && existsSync(path.join(root, at)))
    .map(([at]) => at)
    .sort();
  return wanted.filter((at) => !wanted.some((outer) => outer !== at && at.startsWith(`${outer}/`)));
}

/** Temporal's core bridge ships a prebuilt library for five platforms; an install needs this machine's only. */
function otherPlatformsBridges(): string[] {
  const releases = 'node_modules/@temporalio/core-bridge/releases';
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[os.arch() as string] ?? os.arch();
  const platform = { linux: 'unknown-linux-gnu', darwin: 'apple-darwin', win32: 'pc-windows-msvc' }[os.platform() as string] ?? os.platform();
  return readdirSync(path.join(root, releases))
    .filter((target) => target !== `${arch}-${platform}`)
    .map((target) => `--exclude=${releases}/${target}`);
}

/** A hard link where the file system allows (no copy of 100+ MB binaries), a copy elsewhere. */
function place(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

export type TPackSummary = {
  file: string;
  bytes: number;
  node: string;
  platform: string;
  temporalCli: string;
  temporalServer: string | null;
  seconds: number;
};

/**
 * `duban pack FILE`: one .tar.gz that installs Duban on a machine of the same kind (operating system and processor)
 * that reaches no registry: the sources, the production node modules (with this machine's native builds), this Node,
 * the Temporal CLI (whose dev server `duban up` runs) and, when built, the Temporal server and its SQL tool with their
 * PostgreSQL schema. Unpacked, `duban/duban up` starts the embedded stack with no network.
 */
export async function writeOfflinePack(file: string, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<TPackSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const target = path.resolve(file);
  if (existsSync(target) && !options.force) throw new UserError(`${target} 已存在 / already exists: choose another name, or add --force to replace it`);
  if (!existsSync(path.join(root, '.git'))) throw new UserError(`${root} 不是 git 检出 / is not a git checkout: pack from the source tree`);
  if (!existsSync(path.join(root, 'prisma', 'generated'))) throw new UserError('prisma/generated 缺失 / the Prisma client is not generated: run npm install first');

  const cli = await ensureTemporalCli(log);
  const serverDir = path.join(TOOLS_DIR, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const server = existsSync(path.join(serverDir, 'bin', 'temporal-server')) ? serverDir : null;

  const tracked = (await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 64 * 2 ** 20 })).stdout
    .split('\0')
    .filter((f) => f && !NOT_SHIPPED.some((re) => re.test(f)) && existsSync(path.join(root, f)));
  const members = [...tracked, 'prisma/generated', ...productionModules(), ...(server ? [path.relative(root, server)] : [])];

  // The parts from outside the source tree, laid out as they sit in the install, beside .tools/ (one file system).
  mkdirSync(TOOLS_DIR, { recursive: true });
  const staging = mkdtempSync(path.join(TOOLS_DIR, '.pack-'));
  try {
    place(process.execPath, path.join(staging, 'node', 'bin', 'node'));
    place(cli, path.join(staging, '.tools', 'temporal'));
    const manifest = {
      createdAt: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()}-${os.arch()}`,
      temporalCli: TEMPORAL_CLI_MODULE,
      temporalServer: server ? `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}` : null,
    };
    writeFileSync(path.join(staging, 'pack.json'), JSON.stringify(manifest, null, 2));
    const list = path.join(staging, '.members');
    writeFileSync(list, members.join('\n') + '\n');

    log(`打包 / packing ${members.length} paths, Node ${process.version}${server ? ', the Temporal server' : ''}…`);
    const partial = `${target}.partial`;
    mkdirSync(path.dirname(target), { recursive: true });
    await run('tar', [
      '-czf',
      partial,
      '--owner=0',
      '--group=0',
      // Every member under duban/; symbolic links inside packages keep their relative targets.
      `--transform=s,^,${PACK_FOLDER}/,S`,
      ...otherPlatformsBridges(),
      '-C',
      root,
      '-T',
      list,
      '-C',
      staging,
      'node',
      '.tools',
      'pack.json',
    ]);
    renameSync(partial, target);
    return {
      file: target,
      bytes: statSync(target).size,
      node: process.version,
      platform: manifest.platform,
      temporalCli: TEMPORAL_CLI_MODULE,
      temporalServer: manifest.temporalServer,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
