import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TReceived = { path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: string };
export type THttpReceiver = { url: string; received: TReceived[]; close: () => Promise<void> };

/**
 * A local HTTP receiver standing in for a robot's webhook or an SMS gateway: records every request before it answers,
 * then answers as `answer` says at the time (it may wait, e.g. until it has killed the sender).
 */
export async function startHttpReceiver(answer: (r: TReceived) => { status: number; body: string } | Promise<{ status: number; body: string }>): Promise<THttpReceiver> {
  const received: TReceived[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r = { path: url.pathname, query: url.searchParams, headers: req.headers, body };
      received.push(r);
      void Promise.resolve(answer(r)).then(
        ({ status, body: out }) => {
          // The sender may be gone by now (killed as it was answered): nothing to write to.
          if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(out);
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
