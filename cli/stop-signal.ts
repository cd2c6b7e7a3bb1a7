/**
 * Resolves at the first SIGTERM (a service manager stopping the process) or SIGINT (Ctrl-C), once the process has
 * begun to drain; a second signal ends it at once, with the status a shell gives a killed command.
 */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', first);
      process.removeListener('SIGTERM', first);
      const again = (second: NodeJS.Signals) => process.exit(second === 'SIGINT' ? 130 : 143);
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

/** `work`, or false once `ms` have passed without it settling. */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
