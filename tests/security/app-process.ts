// The app in a process of its own, as `tests/security/app-process-client.ts` starts it: a request that stalls this
// process's event loop cannot stall the test that measures it. Prints `{"url": …}` once listening; stdin closing stops it.
import { startTestApp } from '../api/support';

const t = await startTestApp();
await t.app.listen({ port: 0, host: '127.0.0.1' });
const address = t.app.server.address();
if (!address || typeof address === 'string') throw new Error('not listening on a TCP port');
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void t.close().then(() => process.exit(0));
});
