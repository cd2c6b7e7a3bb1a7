// A measure worker as its own process, for the crash test to SIGKILL. Reads its wiring from the environment.
import { loadConfig } from '../../lib/config';
import { runWorker } from '../../worker/main';
import { CHAOS_GATHER_MS } from '../support/chaos-stack';

const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
await runWorker({
  config: loadConfig(),
  databaseUrl: process.env.DATABASE_URL!,
  smtpUrl: process.env.SMTP_URL!,
  signal: controller.signal,
  workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE! },
  activitySlots: Number(process.env.CHAOS_ACTIVITY_SLOTS ?? 50),
  gatherMs: CHAOS_GATHER_MS,
  ...(process.env.CHAOS_OUTBOX_LEASE_MS ? { outboxLeaseMs: Number(process.env.CHAOS_OUTBOX_LEASE_MS) } : {}),
  onReady: () => process.stdout.write('ready\n'),
});
