import { parentPort, workerData } from 'node:worker_threads';
import { serveDatabase, type TThreadMessage } from './pglite-server';

/** The body of the embedded database's thread (started by startEmbeddedDatabase): serve until told to close. */
const port = parentPort!;
const say = (m: TThreadMessage) => port.postMessage(m);
try {
  const served = await serveDatabase(workerData as Parameters<typeof serveDatabase>[0]);
  port.on('message', (m) => {
    if (m !== 'close') return;
    void served.close().finally(() => {
      say({ type: 'closed' });
      port.close();
    });
  });
  say({ type: 'listening', port: served.port });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  say({ type: 'failed', message: e.message, ...(e.code ? { code: e.code } : {}) });
}
