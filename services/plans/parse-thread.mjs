// A plan parse thread starts here: it runs the TypeScript sources through tsx, as bin/duban.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./parse-thread.ts');
