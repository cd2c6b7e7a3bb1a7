#!/usr/bin/env node
// The installed `duban` command: runs the TypeScript sources through tsx so there is no build step to go stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
