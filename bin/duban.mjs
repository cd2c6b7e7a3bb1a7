#!/usr/bin/env node
// The installed `duban` command: runs the TypeScript sources through tsx so there is no build step to go stale.
import { register } from 'tsx/esm/api';

register();
// Output piped into a reader that stops early (`duban parse plan.txt --json | head`) is not an error of duban's.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
