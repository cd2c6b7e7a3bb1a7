import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';

export type EmbeddedDatabase = { url: string; close: () => Promise<void> };

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/**
 * Gives the single PGlite engine to one connection at a time. A connection holds it for a whole batch of messages up
 * to a Sync or a simple Query, and keeps it while a transaction it opened is still open. (The extended protocol's
 * unnamed statement lives from Parse to Sync: interleaving two connections' Parse/Bind/Execute messages binds one
 * client's parameters to the other's statement, which is what per-message queueing does.)
 */
class EngineGate {
  private owner: object | null = null;
  private waiting: { conn: object; go: () => void }[] = [];

  acquire(conn: object): Promise<void> {
    if (this.owner === null || this.owner === conn) {
      this.owner = conn;
      return Promise.resolve();
    }
    return new Promise((go) => this.waiting.push({ conn, go }));
  }

  /** Hands the engine on unless `conn` keeps it for an open transaction. */
  release(conn: object, keep: boolean): void {
    if (this.owner !== conn || keep) return;
    const next = this.waiting.shift();
    this.owner = next?.conn ?? null;
    next?.go();
  }

  /** A closing connection gives up its place in the queue and the engine. */
  forget(conn: object): void {
    this.waiting = this.waiting.filter((w) => w.conn !== conn);
    this.release(conn, false);
  }
}

/** Splits a byte stream into protocol messages; the first message of a connection has no type byte. */
class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const messages: Buffer[] = [];
    for (;;) {
      const headerless = !this.started;
      const lengthAt = headerless ? 0 : 1;
      if (this.buffer.length < lengthAt + 4) break;
      const total = this.buffer.readInt32BE(lengthAt) + lengthAt;
      if (this.buffer.length < total) break;
      const message = this.buffer.subarray(0, total);
      this.buffer = this.buffer.subarray(total);
      if (headerless) {
        const code = message.readInt32BE(4);
        // SSL and GSS encryption requests come before the real startup message.
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.started = true;
      }
      messages.push(Buffer.from(message));
    }
    return messages;
  }
}

function serve(db: PGlite, gate: EngineGate, socket: net.Socket): void {
  const reader = new MessageReader();
  const conn = {};
  let batch: Buffer[] = [];
  let chain = Promise.resolve();
  let open = true;
  socket.setNoDelay(true);

  const run = async (messages: Buffer[]) => {
    // After a Flush the client carries on with the same statement: the engine stays with it until its Sync.
    const midStatement = messages.at(-1)?.[0] === 'H'.charCodeAt(0);
    await gate.acquire(conn);
    try {
      await db.runExclusive(async () => {
        for (const message of messages) {
          if (!open) return;
          await db.execProtocolRawStream(new Uint8Array(message), {
            onRawData: (data) => {
              if (open && data.length) socket.write(Buffer.from(data));
            },
          });
        }
      });
    } finally {
      gate.release(conn, open && !db.closed && (midStatement || db.isInTransaction()));
    }
  };

  socket.on('data', (chunk) => {
    for (const message of reader.push(chunk)) {
      if (message[0] === 0) {
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          socket.end();
          continue;
        }
        // The startup message: answered by the engine with authentication and parameters.
        chain = chain.then(() => run([message]));
        continue;
      }
      const type = String.fromCharCode(message[0]!);
      if (type === 'X') {
        socket.end();
        continue;
      }
      batch.push(message);
      // A batch ends where the client waits for an answer: Sync, a simple query, or a Flush.
      if (type === 'S' || type === 'Q' || type === 'H') {
        const messages = batch;
        batch = [];
        chain = chain
          .then(() => run(messages))
          .catch(() => {
            socket.destroy();
          });
      }
    }
  });

  const close = () => {
    if (!open) return;
    open = false;
    chain = chain.then(async () => {
      // A transaction left open by a vanished client would hold the engine forever.
      if (!db.closed && db.isInTransaction()) {
        await gate.acquire(conn);
        try {
          await db.exec('ROLLBACK');
        } finally {
          gate.forget(conn);
        }
      } else gate.forget(conn);
    });
  };
  socket.on('close', close);
  socket.on('error', close);
}

/** Where the database thread listens, and how to stop it. */
export type ServedDatabase = { port: number; close: () => Promise<void> };

/**
 * Serves a PGlite database (PostgreSQL in WebAssembly) over the PostgreSQL wire protocol on loopback, in the calling
 * thread. `dataDir` undefined keeps it in memory.
 */
export async function serveDatabase(options: TEmbeddedOptions): Promise<ServedDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // citext: e-mail addresses compare without regard to case (the migration creates the extension; PGlite only has it
  // to give when it is loaded here).
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { citext } });
  const gate = new EngineGate();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(db, gate, socket);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

type TEmbeddedOptions = { dataDir?: string; port: number; host: string };
/** Messages from the database thread (./pglite-thread.ts). */
export type TThreadMessage = { type: 'listening'; port: number } | { type: 'failed'; message: string; code?: string } | { type: 'closed' };

/**
 * Serves the embedded database for every process that needs it: the worker, the HTTP server and the CLI share it
 * through ordinary `pg` connections, many at once. The engine runs on a thread of its own, so a long query never
 * holds up HTTP answers, activities or timers on the main thread, and the two use separate cores.
 * `dataDir` undefined keeps it in memory (tests). Should the thread die, the process dies with its message: nothing
 * can go on without the database.
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port: number; host?: string }): Promise<EmbeddedDatabase> {
  const host = options.host ?? '127.0.0.1';
  const thread = new Worker(new URL('./pglite-thread.mjs', import.meta.url), {
    workerData: { dataDir: options.dataDir, port: options.port, host } satisfies TEmbeddedOptions,
  });
  let closing = false;
  const port = await new Promise<number>((resolve, reject) => {
    const early = (err: Error) => reject(err);
    thread.once('error', early);
    thread.once('message', (m: TThreadMessage) => {
      thread.removeListener('error', early);
      if (m.type === 'listening') return resolve(m.port);
      void thread.terminate();
      reject(Object.assign(new Error(m.type === 'failed' ? m.message : 'the database thread stopped'), m.type === 'failed' && m.code ? { code: m.code } : {}));
    });
  });
  // Nothing can go on without the database: fail loudly instead of answering every request with a timeout.
  let died = false;
  const die = (why: string, cause?: Error) => {
    if (closing || died) return;
    died = true;
    setImmediate(() => {
      throw new Error(`内置数据库线程已终止 / the embedded database thread died: ${why}`, { cause });
    });
  };
  thread.on('error', (err) => die(err.message, err));
  thread.on('exit', (code) => die(`exit code ${code}`));
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    close: async () => {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => {
        thread.on('message', (m: TThreadMessage) => m.type === 'closed' && resolve());
        thread.once('exit', () => resolve());
      });
      thread.postMessage('close');
      await closed;
      await thread.terminate();
    },
  };
}
