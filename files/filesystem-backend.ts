import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SHA256_HEX, type TFileBackend, type TStoredObject } from './backend';
import type { TSpooledFile } from './spool';

/** Entries of a folder, none when it does not exist (nothing stored yet). */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * The embedded default: content in `<root>/sha256/ab/abcdef…` (fanned out by the first byte so no folder grows
 * huge). A spooled upload becomes content by a rename within the same file system, which is atomic: a reader sees
 * the whole file or none. It serves one web process's machine; several web processes need the S3 backend.
 */
export function createFilesystemBackend(root: string, spoolDir: string): TFileBackend {
  const contentDir = path.join(root, 'sha256');
  const pathOf = (sha256: string) => path.join(contentDir, sha256.slice(0, 2), sha256);
  return {
    kind: 'filesystem',
    spoolDir,
    async put(file: TSpooledFile) {
      const target = pathOf(file.sha256);
      await mkdir(path.dirname(target), { recursive: true });
      // Same content replacing same content: harmless when two identical uploads finish together.
      await rename(file.path, target);
      // The rename itself survives a power cut only once its folder is on disk.
      const folder = await open(path.dirname(target), 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    },
    async read(sha256: string) {
      try {
        return (await open(pathOf(sha256), 'r')).createReadStream();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async remove(sha256: string) {
      await rm(pathOf(sha256), { force: true });
    },
    async *list(): AsyncIterable<TStoredObject> {
      for (const shard of await entries(contentDir)) {
        if (!/^[0-9a-f]{2}$/.test(shard)) continue;
        for (const name of await entries(path.join(contentDir, shard))) {
          if (!SHA256_HEX.test(name) || !name.startsWith(shard)) continue;
          const info = await stat(path.join(contentDir, shard, name)).catch(() => null);
          if (info) yield { sha256: name, modifiedAt: info.mtime };
        }
      }
    },
    close() {},
  };
}
