import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sniffFileType, type TSniffResult } from './sniff';

/** An upload received whole into a temporary file, with what the store needs to put it in place. */
export type TSpooledFile = { path: string; size: number; sha256: string; md5Base64: string };

export type TSpoolResult = ({ ok: true } & TSpooledFile) | { ok: false; reason: 'too-large' };

const SPOOL_SUFFIX = '.part';

/**
 * Receives an upload into a new file under `dir`, hashing it (sha256 for its key, MD5 for the S3 Content-MD5 header)
 * and counting it as it streams. Past `maxBytes` it stops reading and removes what it wrote; if the source fails
 * midway, the file is removed and the error rethrown. Either way nothing is left behind.
 */
export async function spoolUpload(source: AsyncIterable<Uint8Array>, dir: string, maxBytes: number): Promise<TSpoolResult> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}${SPOOL_SUFFIX}`);
  const handle = await open(file, 'wx');
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  let complete = false;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      // Leaving the loop ends the source: a Node stream is destroyed, so the client's remaining bytes are not read.
      if (size > maxBytes) return { ok: false, reason: 'too-large' };
      sha256.update(chunk);
      md5.update(chunk);
      for (let written = 0; written < chunk.length; ) written += (await handle.write(chunk, written)).bytesWritten;
    }
    // On disk before the store records it: a row must not outlive its bytes through a power cut.
    await handle.sync();
    complete = true;
    return { ok: true, path: file, size, sha256: sha256.digest('hex'), md5Base64: md5.digest('base64') };
  } finally {
    await handle.close();
    if (!complete) await rm(file, { force: true });
  }
}

/** Removes spooled files last written before `olderThan`: uploads whose process died before it could clean up. */
export async function sweepSpool(dir: string, olderThan: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith(SPOOL_SUFFIX))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && info.mtime < olderThan) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** What a spooled file is, judged by its content (files/sniff.ts) through random reads of the file on disk. */
export function sniffSpooledFile(file: TSpooledFile): TSniffResult {
  const fd = openSync(file.path, 'r');
  try {
    return sniffFileType({
      size: file.size,
      read: (offset, length) => {
        const bytes = Buffer.alloc(Math.max(0, Math.min(length, file.size - offset)));
        return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, offset));
      },
    });
  } finally {
    closeSync(fd);
  }
}
