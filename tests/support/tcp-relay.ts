import net from 'node:net';

/**
 * A TCP relay in front of a server, for tests of what a client does when the network fails. It counts the
 * connections it accepted; `cut()` drops every connection and refuses new ones until `restore()`, while the server
 * itself, and what it holds, stay as they were (cut then restore at once is what a server restart looks like to a
 * client holding pooled connections).
 */
export async function startTcpRelay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let up = true;
  let connections = 0;
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => connections,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type TcpRelay = Awaited<ReturnType<typeof startTcpRelay>>;
