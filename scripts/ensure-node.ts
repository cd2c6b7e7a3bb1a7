// Installs a Node.js release from the npm registry into .tools/node<major>/bin/node (cached), so the suites can run on
// the Node versions people run beside the machine's own: `PATH=$PWD/.tools/node24/bin:$PATH npx vitest run …`.
// Usage: npx tsx scripts/ensure-node.ts [24|26]   (prints the bin folder to put first on PATH)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned releases, one per supported major: the suites were run on exactly these. */
const RELEASES: Record<string, string> = { '24': '24.22.3', '26': '26.12.1' };

const major = process.argv[2] ?? '24';
const version = RELEASES[major];
if (!version) {
  process.stderr.write(`ensure-node: no pinned release for Node ${major}; one of ${Object.keys(RELEASES).join(', ')}\n`);
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, '.tools', `node${major}`, 'bin');
const node = path.join(bin, 'node');

const installed = existsSync(node) ? execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() : null;
if (installed !== `v${version}`) {
  // The `node` package's per-platform builds carry only the binary (bin/node): no npm, which stays the machine's.
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  process.stderr.write(`ensure-node: fetching ${pkg} from the npm registry…\n`);
  mkdirSync(bin, { recursive: true });
  // Beside the destination, so the binary is moved, not copied across file systems.
  const tmp = mkdtempSync(path.join(root, '.tools', '.node-'));
  try {
    execFileSync('npm', ['pack', pkg, '--pack-destination', tmp, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${pkg} wrote no tarball`);
    execFileSync('tar', ['-xzf', path.join(tmp, tarball), '-C', tmp, 'package/bin/node']);
    renameSync(path.join(tmp, 'package', 'bin', 'node'), node);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
process.stdout.write(`${bin}\n`);
