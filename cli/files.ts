import { readFile, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UserError } from '../lib/errors';
import { decodeDataFile } from '../parser/decode';

/** A file's bytes, or one line saying why it cannot be read. */
export async function readInputFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new UserError(`无法读取 ${file} / cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Writes an output file, or says in one line why it cannot be written. */
export async function writeOutputFile(file: string, data: string | Buffer | Readable): Promise<void> {
  try {
    await writeFile(file, data);
  } catch (err) {
    throw new UserError(`无法写入 ${file} / cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A data file's bytes as text (decodeDataFile: UTF-8, UTF-16 with BOM or GB18030), a refusal naming the file. */
export function dataFileText(buf: Buffer, file: string): string {
  try {
    return decodeDataFile(buf);
  } catch (err) {
    throw new UserError(`${file}：${(err as Error).message}`);
  }
}

/** A unit registry, a report or a calendar's days, read and decoded. */
export async function readDataFile(file: string): Promise<string> {
  return dataFileText(await readInputFile(file), file);
}
