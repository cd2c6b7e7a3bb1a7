import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { UserError } from '../lib/errors';
import { WORKFLOW_GENERATION } from '../workflows/generation';
import { embeddedDatabaseServer } from './database';
import { runningStackOf } from './running-stack';

/** The marker `duban up` writes in a data folder before its Temporal server first writes a history there. */
const markerFile = (dataDir: string) => path.join(dataDir, 'workflow-generation.json');
/** Where the embedded Temporal server keeps its histories (stack/temporal-server.ts). */
const historiesFile = (dataDir: string) => path.join(dataDir, 'temporal.db');

const ZMarkerSchema = z.object({ generation: z.number().int().min(0) });

/**
 * What a data folder's workflow histories are to this code: none yet, written by this generation, or by an earlier or
 * a later one. A folder with histories and no marker is from before generations were recorded: generation 0.
 */
export type TDataFolderState = { kind: 'none' } | { kind: 'current' } | { kind: 'older'; generation: number } | { kind: 'newer'; generation: number };

export function inspectDataFolder(dataDir: string): TDataFolderState {
  let generation: number | null = null;
  try {
    generation = ZMarkerSchema.parse(JSON.parse(readFileSync(markerFile(dataDir), 'utf8'))).generation;
  } catch {
    // No marker, or one that cannot be read: what counts then is whether histories are there.
  }
  if (generation === WORKFLOW_GENERATION) return { kind: 'current' };
  if (generation !== null && generation > WORKFLOW_GENERATION) return { kind: 'newer', generation };
  if (generation === null && !existsSync(historiesFile(dataDir))) return { kind: 'none' };
  return { kind: 'older', generation: generation ?? 0 };
}

/** Records that this generation's workflows write the folder's histories from now on. */
export function markDataFolder(dataDir: string): void {
  writeFileSync(markerFile(dataDir), JSON.stringify({ generation: WORKFLOW_GENERATION }) + '\n');
}

/** Where a folder of generation `generation` is kept when starting afresh: beside it, named for what it holds. */
export function asideName(dataDir: string, generation: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${path.resolve(dataDir)}.gen${generation}-${stamp}`;
}

function newerMessage(dataDir: string, generation: number): string {
  return (
    `数据目录 ${dataDir} 由更新版本（第 ${generation} 代工作流）写入，本版本为第 ${WORKFLOW_GENERATION} 代：请使用更新的督办，或设置 DUBAN_DATA_DIR 另用目录。` +
    ` / The data folder was written by a newer version (generation ${generation}; this is ${WORKFLOW_GENERATION}).`
  );
}

function olderMessage(dataDir: string, generation: number, aside: string, databaseElsewhere: boolean): string {
  const whose = generation === 0 ? '早于工作流代次记录' : `第 ${generation} 代`;
  return (
    `数据目录 ${dataDir} 中的工作流历史由旧版本（${whose}）写入，与本版本（第 ${WORKFLOW_GENERATION} 代）不兼容。` +
    `可另存后重新开始：运行 duban up --fresh（或在终端中确认），旧目录将整体移至 ${aside}，不会删除。` +
    (databaseElsewhere ? 'DATABASE_URL 所指数据库不在此目录中，不受影响。' : '') +
    ` / The data folder holds workflow histories from an incompatible earlier version (generation ${generation}; this is` +
    ` ${WORKFLOW_GENERATION}): duban up --fresh moves it to ${aside}, kept, and starts afresh` +
    (databaseElsewhere ? ' (the database at DATABASE_URL is not in the folder and is left as it is).' : '.')
  );
}

/** Asks the person at the terminal; true for yes. */
export async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*(y|yes|是|好)\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}

/**
 * Before `duban up` starts the embedded Temporal server on a data folder: a folder of this generation (or none yet)
 * goes on; one an earlier generation wrote is moved aside and started afresh when `fresh` is given or the person at
 * the terminal agrees (`ask`), and is otherwise refused with the way out; one a later generation wrote is refused.
 */
export async function settleDataFolder(
  dataDir: string,
  options: { fresh: boolean; ask: ((question: string) => Promise<boolean>) | null; log: (line: string) => void; databaseElsewhere: boolean },
): Promise<void> {
  const state = inspectDataFolder(dataDir);
  if (state.kind === 'none' || state.kind === 'current') return;
  if (state.kind === 'newer') throw new UserError(newerMessage(dataDir, state.generation));
  const aside = asideName(dataDir, state.generation);
  const message = olderMessage(dataDir, state.generation, aside, options.databaseElsewhere);
  let agreed = options.fresh;
  if (!agreed && options.ask) {
    options.log(message);
    agreed = await options.ask('是否另存旧目录并重新开始？[y/N] / Keep a copy and start afresh? ');
  }
  if (!agreed) throw new UserError(options.ask ? '未启动，数据目录保持原样 / nothing started; the data folder is as it was' : message);
  const serving = runningStackOf(dataDir) ?? embeddedDatabaseServer(dataDir);
  if (serving) throw new UserError(`数据目录 ${dataDir} 正由进程 ${serving.pid} 使用，请先停止它 / the data folder is in use by process ${serving.pid}: stop it first`);
  try {
    renameSync(dataDir, aside);
  } catch (err) {
    throw new UserError(`无法移动数据目录 ${dataDir} 至 ${aside} (${(err as NodeJS.ErrnoException).code ?? 'error'}) / cannot move the data folder aside`);
  }
  options.log(`旧数据目录已移至 ${aside}，以空目录重新开始 / the old data folder was moved to ${aside}; starting afresh`);
}

/** The check `duban up` makes however it is started: only a folder of this generation, or a new one, is served. */
export function assertDataFolderCurrent(dataDir: string, databaseElsewhere: boolean): void {
  const state = inspectDataFolder(dataDir);
  if (state.kind === 'older') throw new UserError(olderMessage(dataDir, state.generation, asideName(dataDir, state.generation), databaseElsewhere));
  if (state.kind === 'newer') throw new UserError(newerMessage(dataDir, state.generation));
}
