import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../lib/errors';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Environment for the Prisma CLI: the JavaScript schema engine needs no native binary, and pointing these variables
 * at an existing file stops the CLI from trying to download one (this machine reaches package registries only).
 */
export function prismaCliEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const placeholder = path.join(root, 'package.json');
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
}

/** Runs the Prisma CLI with the project's config and returns its output; a failure carries the CLI's own words. */
export function runPrismaCli(args: string[], databaseUrl: string): Promise<string> {
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  return new Promise((resolve, reject) => {
    const preload = path.join(root, 'prisma', 'cli-preload.cjs');
    const child = spawn(process.execPath, ['--require', preload, cli, ...args], { cwd: root, env: prismaCliEnv(databaseUrl) });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const reason = out.split('\n').find((l) => /error/i.test(l)) ?? out.trim().split('\n').at(-1);
      reject(new UserError(`数据库迁移失败 / database migration failed: prisma ${args.join(' ')}: ${reason}`));
    });
  });
}

/** Applies every committed migration not yet applied (`migrate deploy` semantics). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  await runPrismaCli(['migrate', 'deploy'], databaseUrl);
}
