// Preloaded into the Prisma CLI. Its WebAssembly schema engine arms a 10-second timer (a lock timeout) that it never
// clears once the work is done, which held every `migrate deploy` open for ten idle seconds. Long timers are unref'd:
// they still fire while the CLI is busy on its database connection, but no longer keep a finished CLI alive.
const arm = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = arm(fn, ms, ...args);
  if (ms >= 5000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
