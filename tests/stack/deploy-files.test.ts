import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZConfigSchema } from '../../lib/config';
import { repoRoot } from '../support/cli';
import { INSTALL_DIR, README_BLOCKS, readmeBlock, readmeBlocks } from '../support/deploy-readme';

// The files in deploy/ say what the tests do: every command block of the README is run as written by the test that
// claims it, each systemd unit runs one of those commands and passes `systemd-analyze verify`, and the environment
// files name only variables that something reads.

const deploy = path.join(repoRoot, 'deploy');
const units = readdirSync(path.join(deploy, 'systemd')).filter((f) => f.endsWith('.service'));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'duban-deploy-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A unit's `KEY=` values. */
const unitValues = (file: string, key: string) =>
  readFileSync(path.join(deploy, 'systemd', file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));

/** The variable names an environment file sets or shows commented out. */
const variables = (file: string) => [...readFileSync(path.join(deploy, file), 'utf8').matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);

describe('deploy/', () => {
  it('every command block of the README is marked, and run as written by the test that claims it', () => {
    const blocks = readmeBlocks();
    expect(blocks.map((b) => b.name)).toEqual(Object.keys(README_BLOCKS));
    for (const [name, test] of Object.entries(README_BLOCKS)) {
      expect(readFileSync(path.join(repoRoot, test), 'utf8'), `${test} runs block ${name}`).toContain(`readmeBlock('${name}')`);
    }
  });

  it('each systemd unit runs a command of the README and passes systemd-analyze verify', () => {
    const commands = new Set(Object.keys(README_BLOCKS).flatMap((b) => readmeBlock(b as keyof typeof README_BLOCKS)));
    for (const unit of units) {
      const [exec] = unitValues(unit, 'ExecStart');
      // Run from WorkingDirectory=/opt/duban: `/opt/duban/duban web` is the README's `./duban web`.
      const asInReadme = exec!.replace(`${INSTALL_DIR}/duban `, './duban ').replace(`${INSTALL_DIR}/.tools/temporal-server-v1.29.1/bin/`, '');
      expect(commands, `${unit}: ${exec}`).toContain(asInReadme);
      expect(unitValues(unit, 'WorkingDirectory')).toEqual([INSTALL_DIR]);
    }

    // The units as installed, with the install and /etc/duban in a scratch folder: verify checks that each ExecStart
    // is an executable file, and every key and section.
    const opt = path.join(scratch, 'opt');
    const etc = path.join(scratch, 'etc');
    const server = path.join(opt, '.tools', 'temporal-server-v1.29.1', 'bin', 'temporal-server');
    mkdirSync(path.dirname(server), { recursive: true });
    mkdirSync(etc);
    copyFileSync(path.join(repoRoot, 'duban'), path.join(opt, 'duban'));
    writeFileSync(server, '#!/bin/sh\n');
    chmodSync(server, 0o755);
    copyFileSync(path.join(deploy, 'duban.env.example'), path.join(etc, 'duban.env'));
    copyFileSync(path.join(deploy, 'temporal.env.example'), path.join(etc, 'temporal.env'));
    const installed = units.map((unit) => {
      const instance = unit.replace('@.service', unit.includes('web') ? '@3000.service' : '@9233.service');
      const text = readFileSync(path.join(deploy, 'systemd', unit), 'utf8').replaceAll(INSTALL_DIR, opt).replaceAll('/etc/duban', etc);
      writeFileSync(path.join(scratch, instance), text);
      return path.join(scratch, instance);
    });
    expect(existsSync('/usr/bin/systemd-analyze'), 'systemd-analyze (Debian: systemd)').toBe(true);
    execFileSync('systemd-analyze', ['verify', '--man=no', ...installed], { stdio: 'pipe' });

    // The README's systemctl lines name these units (templates with an instance).
    for (const line of readmeBlock('systemd')) {
      for (const named of line.match(/[\w-]+(@\d+)?\.service/g) ?? []) {
        expect(units, line).toContain(named.replace(/@\d+\.service$/, '@.service'));
      }
    }
  });

  it('the environment files name only variables that Duban, the Temporal server or its SQL tool read', () => {
    const known = new Set(Object.keys(ZConfigSchema.shape));
    expect(variables('duban.env.example').filter((v) => !known.has(v))).toEqual([]);
    const template = readFileSync(path.join(deploy, 'temporal', 'temporal.yaml'), 'utf8');
    const read = new Set([...template.matchAll(/env "(\w+)"/g)].map((m) => m[1]!));
    // The SQL tool reads SQL_PLUGIN and the connection itself; the template the rest.
    expect(variables('temporal.env.example').filter((v) => !read.has(v) && v !== 'SQL_PLUGIN')).toEqual([]);
  });

  it('nginx proxies the web processes only, and hides their probes and metrics', () => {
    const conf = readFileSync(path.join(deploy, 'nginx', 'duban.conf'), 'utf8');
    expect([...conf.matchAll(/proxy_pass (\S+);/g)].map((m) => m[1])).toEqual(['http://duban_web']);
    for (const probe of ['/healthz', '/readyz', '/metrics']) expect(conf).toMatch(new RegExp(`location = ${probe}\\s+\\{ return 404; \\}`));
  });
});
