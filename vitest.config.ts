import { defineConfig } from 'vitest/config';

// Forks, not threads: several files starting Temporal workers and PGlite exhaust WebAssembly memory in threads.
// The chaos suite kills processes on purpose and runs only through `npm run test:chaos`.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    exclude: process.env.DUBAN_CHAOS ? [] : ['tests/chaos/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
