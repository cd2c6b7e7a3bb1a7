import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import type { TConfig } from '../lib/config';
import { UserError } from '../lib/errors';
import { ensureDataDir } from './data-dir';
import { liveProcessRecord } from './process-record';
import { runningStackOf } from './running-stack';

const run = promisify(execFile);

/** What a backup holds, beside the parts themselves; `format` and `version` say how to read it. */
const ZManifestSchema = z.object({
  format: z.literal('duban-backup'),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  /** Whether each part was there to back up: a stack that never ran Temporal or stored a file has none. */
  parts: z.object({ database: z.literal(true), temporal: z.boolean(), generation: z.boolean(), files: z.boolean(), mail: z.boolean(), secretKey: z.boolean().default(false) }),
});
type TManifest = z.infer<typeof ZManifestSchema>;

/** The embedded stack's parts in its data folder, and their names inside a backup. */
const PARTS = {
  database: 'pglite',
  temporal: 'temporal.db',
  /** Which generation of workflow code wrote the histories (stack/workflow-generation.ts): they travel together. */
  generation: 'workflow-generation.json',
  files: 'files',
  mail: 'mail',
  /** The key the robots' webhooks are sealed with (stack/secret-key.ts): without it a restored stack cannot read them. */
  secretKey: 'secret-key',
} as const;
/** SQLite's companions of temporal.db while it is open (or after a crash): never copied as files. */
const TEMPORAL_SIDE_FILES = ['temporal.db-wal', 'temporal.db-shm', 'temporal.db-journal'];
/** Spooled uploads in flight: never part of a backup. */
const FILES_SPOOL = 'tmp';

/**
 * Only the embedded default is backed up here: a PostgreSQL server, a Temporal cluster and an S3 bucket each have their
 * own backup (pg_dump or base backups, Temporal's database, the bucket's versioning), which deploy/README.md names.
 */
function assertEmbedded(config: TConfig, verb: 'backup' | 'restore'): void {
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'FILES_URL'] as const) {
    if (config[name] !== undefined) {
      throw new UserError(
        `duban ${verb} 只处理内置数据 / duban ${verb} is for the embedded stack only, and ${name} is set: back that server up with its own tools (deploy/README.md)`,
      );
    }
  }
}

/** A process on the data folder's temporal.db (a dev server that outlived its `duban up`), from /proc. */
function temporalServerOn(dataDir: string): number | null {
  const db = path.join(dataDir, PARTS.temporal);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(db)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}

/**
 * Refuses while anything runs on the data folder: a backup is taken from a stopped stack, so that the database,
 * Temporal's histories and the files are of one instant (a running stack changes all three independently), and a
 * restore must not pull the data from under a running one.
 */
function assertStopped(dataDir: string, verb: 'backup' | 'restore'): void {
  const stack = runningStackOf(dataDir);
  const database = liveProcessRecord(path.join(dataDir, 'pglite.lock'), z.object({ url: z.string() }));
  const pid = stack?.pid ?? database?.pid ?? temporalServerOn(dataDir);
  if (pid !== null && pid !== undefined) {
    throw new UserError(
      `数据目录 ${dataDir} 正在使用 (进程 ${pid}) / the data folder is in use by process ${pid}: stop duban up (Ctrl-C) first; ` +
        (verb === 'backup'
          ? 'a backup is taken from a stopped stack, so that database, Temporal and files agree'
          : 'a restore never replaces the data of a running stack'),
    );
  }
}

/**
 * The data folder's SQLite file copied through SQLite's online backup API (its write-ahead log applied), never as live
 * files: node:sqlite's `backup` (Node 22.16 and later), else the sqlite3 command's `.backup`. (Not `VACUUM INTO`: it
 * re-reads Temporal's schema, whose double-quoted JSON paths Node's SQLite, built without double-quoted literals,
 * refuses.)
 */
async function copySqlite(source: string, target: string): Promise<void> {
  const sqlite = await import('node:sqlite').catch(() => null);
  if (sqlite && typeof sqlite.backup === 'function') {
    const db = new sqlite.DatabaseSync(source);
    try {
      await sqlite.backup(db, target);
    } finally {
      db.close();
    }
    return;
  }
  try {
    await run('sqlite3', [source, `.backup '${target.replace(/'/g, "''")}'`]);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      missing
        ? `无法备份 Temporal 的 SQLite 文件 / cannot copy Temporal's SQLite file safely: it needs Node 22.16 or later (node:sqlite) or the sqlite3 command (apt-get install sqlite3)`
        : `备份 Temporal 的 SQLite 文件失败 / copying Temporal's SQLite file failed: ${(err as Error).message.trim().split('\n').at(-1)}`,
    );
  }
}

function nonEmpty(dir: string): boolean {
  return existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0);
}

export type TBackupSummary = TManifest & { file: string; bytes: number };

/**
 * `duban backup FILE`: the embedded stack of DUBAN_DATA_DIR, stopped, into one .tar.gz — the database as PGlite's own
 * dump of its data folder, Temporal's SQLite file through SQLite's backup, the uploaded files, the captured mail and
 * the secret-key the robots' webhooks are sealed with (so the archive is as secret as the key: keep it so).
 * An existing FILE is replaced only with `force`; the archive appears under its name only once complete.
 */
export async function backupEmbeddedStack(config: TConfig, file: string, options: { force?: boolean } = {}): Promise<TBackupSummary> {
  assertEmbedded(config, 'backup');
  const dataDir = config.dataDir;
  assertStopped(dataDir, 'backup');
  const target = path.resolve(file);
  if (existsSync(target) && !options.force) throw new UserError(`${target} 已存在 / already exists: choose another name, or add --force to replace it`);
  if (!existsSync(path.join(dataDir, PARTS.database))) throw new UserError(`${dataDir} 中没有内置数据库 / no embedded database in ${dataDir}: nothing to back up`);

  const staging = mkdtempSync(path.join(os.tmpdir(), 'duban-backup-'));
  try {
    const pg = await PGlite.create(path.join(dataDir, PARTS.database));
    try {
      const dump = await pg.dumpDataDir('gzip');
      writeFileSync(path.join(staging, `${PARTS.database}.tar.gz`), Buffer.from(await dump.arrayBuffer()));
    } finally {
      await pg.close();
    }
    const temporal = existsSync(path.join(dataDir, PARTS.temporal));
    if (temporal) await copySqlite(path.join(dataDir, PARTS.temporal), path.join(staging, PARTS.temporal));
    const generation = existsSync(path.join(dataDir, PARTS.generation));
    if (generation) cpSync(path.join(dataDir, PARTS.generation), path.join(staging, PARTS.generation));
    const secretKey = existsSync(path.join(dataDir, PARTS.secretKey));
    if (secretKey) cpSync(path.join(dataDir, PARTS.secretKey), path.join(staging, PARTS.secretKey));
    const copied = (part: 'files' | 'mail') => {
      const from = path.join(dataDir, PARTS[part]);
      if (!nonEmpty(from)) return false;
      cpSync(from, path.join(staging, PARTS[part]), { recursive: true, filter: (p) => path.relative(from, p) !== FILES_SPOOL });
      return true;
    };
    const manifest: TManifest = {
      format: 'duban-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      parts: { database: true, temporal, generation, files: copied('files'), mail: copied('mail'), secretKey },
    };
    writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    await run('tar', ['-czf', partial, '-C', staging, '.']);
    renameSync(partial, target);
    return { ...manifest, file: target, bytes: statSync(target).size };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export type TRestoreSummary = TManifest & { dataDir: string };

/**
 * `duban restore FILE`: the stack a backup holds, into DUBAN_DATA_DIR. Refused while a stack runs there, and over a
 * folder that already holds a stack's data unless `force` (which replaces it). Each part is unpacked beside its place
 * first and moved in only when every part has been read, so a damaged archive leaves the folder as it was.
 */
export async function restoreEmbeddedStack(config: TConfig, file: string, options: { force?: boolean } = {}): Promise<TRestoreSummary> {
  assertEmbedded(config, 'restore');
  const dataDir = ensureDataDir(config.dataDir);
  assertStopped(dataDir, 'restore');
  const source = path.resolve(file);
  if (!existsSync(source)) throw new UserError(`${source} 不存在 / does not exist`);
  const occupied = [PARTS.database, PARTS.temporal, PARTS.files, PARTS.mail].filter((p) => nonEmpty(path.join(dataDir, p)));
  if (occupied.length > 0 && !options.force) {
    throw new UserError(
      `${dataDir} 已有数据 (${occupied.join(', ')}) / the data folder already holds a stack's data (${occupied.join(', ')}): restore into an empty folder (DUBAN_DATA_DIR), or add --force to replace it`,
    );
  }

  // Beside the data, on the same file system, so each part moves into place by a rename.
  const staging = mkdtempSync(path.join(dataDir, '.restore-'));
  try {
    try {
      await run('tar', ['-xzf', source, '-C', staging]);
    } catch (err) {
      throw new UserError(`${source} 不是可读的备份 / is not a readable backup: ${(err as Error).message.trim().split('\n').at(-1)}`);
    }
    let manifest: TManifest;
    try {
      manifest = ZManifestSchema.parse(JSON.parse(readFileSync(path.join(staging, 'manifest.json'), 'utf8')));
    } catch {
      throw new UserError(`${source} 不是 duban backup 写的备份 / is not a backup written by duban backup (no readable manifest.json)`);
    }
    const pg = await PGlite.create({
      dataDir: path.join(staging, PARTS.database),
      loadDataDir: new Blob([readFileSync(path.join(staging, `${PARTS.database}.tar.gz`))]),
    });
    await pg.close();

    // A backup from before keys were backed up leaves the folder's key alone: it may be the one its data was sealed with.
    for (const part of Object.values(PARTS)) if (part !== PARTS.secretKey || manifest.parts.secretKey) rmSync(path.join(dataDir, part), { recursive: true, force: true });
    for (const side of TEMPORAL_SIDE_FILES) rmSync(path.join(dataDir, side), { force: true });
    renameSync(path.join(staging, PARTS.database), path.join(dataDir, PARTS.database));
    if (manifest.parts.temporal) renameSync(path.join(staging, PARTS.temporal), path.join(dataDir, PARTS.temporal));
    if (manifest.parts.generation) renameSync(path.join(staging, PARTS.generation), path.join(dataDir, PARTS.generation));
    if (manifest.parts.files) renameSync(path.join(staging, PARTS.files), path.join(dataDir, PARTS.files));
    if (manifest.parts.mail) renameSync(path.join(staging, PARTS.mail), path.join(dataDir, PARTS.mail));
    if (manifest.parts.secretKey) {
      renameSync(path.join(staging, PARTS.secretKey), path.join(dataDir, PARTS.secretKey));
      chmodSync(path.join(dataDir, PARTS.secretKey), 0o600);
    }
    return { ...manifest, dataDir };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
