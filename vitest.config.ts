import { defineConfig } from 'vitest/config';

// Forks, not threads: several files starting Temporal workers and PGlite exhaust WebAssembly memory in threads.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
