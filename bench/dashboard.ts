import { randomUUID } from 'node:crypto';
import { createActivities } from '../activities';
import { createApiToken } from '../services/auth/create-api-token';
import { startApiServer } from '../api/server';
import { createMailer } from '../mail/mailer';
import { importPlan, officeForOperator } from '../services/plans/import-plan';
import { seedRegistry } from '../seeds/seed';
import { pool } from './baseline';
import { quantile, round, startHarness, type TLog } from './harness';
import type { TBenchResult } from './result';
import { benchPlanText } from './synthetic-plan';

const MEASURES = 2000;
const RUNS = 30;
const WARM_UP = 3;
const LIMIT_MS = 300;

/** p50 and p99 in ms of RUNS reads of `url` with a bearer token, after WARM_UP reads; a read that fails fails the benchmark. */
export async function timeGets(url: string, token: string): Promise<{ p50: number; p99: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const sent = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`dashboard: ${url} answered ${res.status}`);
    if (i >= WARM_UP) latencies.push(performance.now() - sent);
  }
  return { p50: round(quantile(latencies, 0.5), 1), p99: round(quantile(latencies, 0.99), 1) };
}

/**
 * Dashboard: a launched plan of 2,000 measures (6,000 assignments, half the leads reported, a third of the units
 * yellow or red), its dashboard page and its dashboard JSON read by the plan's coordinator over HTTP, RUNS times
 * each after a warm-up. The plan's state is written by the measure workflows' own projection activities, called
 * directly: launching 2,000 workflows would measure the launch, not the page.
 */
export async function benchDashboard(log: TLog, { measures = MEASURES } = {}): Promise<TBenchResult[]> {
  const h = await startHarness(log);
  const mailer = createMailer(h.capture.smtpUrl, h.config.MAIL_FROM);
  try {
    await seedRegistry(h.db);
    const year = new Date().getFullYear();
    const plan = await importPlan(h.db, { source: { text: benchPlanText(year, measures, 3) }, fileName: 'bench-dashboard.txt', year, by: { label: 'bench', officeUnitId: await officeForOperator(h.db, undefined) } });
    // Nothing is sent here: the notices the assignments write stay in the outbox, which no dispatcher reads.
    const activities = createActivities({ db: h.db, config: h.config, temporal: h.client, outbox: { gatherMs: 0, written: () => {} } });
    const rows = await h.db.measure.findMany({ where: { planId: plan.planId }, orderBy: { seq: 'asc' }, select: { id: true } });
    const coordinator = await h.db.person.findFirstOrThrow({ where: { role: 'coordinator' } });
    const started = performance.now();
    await pool(rows.length, 8, async (i) => {
      const measureId = rows[i]!.id;
      const at = new Date().toISOString();
      const assigned = await activities.assignUnits({ workflowId: `bench-dashboard:${measureId}`, measureId, at, periods: [] });
      for (const [k, a] of assigned.entries()) {
        const to = (i + k) % 3 === 1 ? 'yellow' : (i + k) % 6 === 2 ? 'red' : null;
        if (to) await activities.recordColourChange({ key: `bench:${a.id}:${to}`, measureId, assignmentId: a.id, from: 'green', to, reason: '基准', at });
      }
      const lead = assigned.find((a) => a.role === 'lead')!;
      if (i % 2 === 0) {
        await activities.recordProgressReport({
          reportId: randomUUID(),
          submission: {
            assignmentId: lead.id,
            status: 'in_progress',
            percent: 40 + (i % 50),
            narrative: '按计划推进，已完成阶段性工作。',
            targetValues: [],
            attachments: [],
            submittedBy: coordinator.id,
            idempotencyKey: `bench-dashboard-${i}`,
          },
          period: `${year}-H1`,
          dueAt: new Date(`${year}-07-15T15:59:59.999Z`).toISOString(),
          submittedAt: at,
        });
      }
    });
    await h.db.plan.update({ where: { id: plan.planId }, data: { status: 'launched', launchedAt: new Date() } });
    log(`dashboard: ${measures} measures projected in ${Math.round((performance.now() - started) / 1000)} s`);

    const { token } = await createApiToken({ db: h.db, now: () => new Date() }, coordinator, { name: 'bench-dashboard', scope: 'read', expiresInDays: 1 });
    const api = await startApiServer({ db: h.db, temporal: h.client, config: h.config, mailer, port: 0, host: '127.0.0.1', logger: false });
    try {
      const time = (url: string) => timeGets(`${api.url}${url}`, token);
      const page = await time(`/plans/${plan.planId}`);
      const json = await time(`/api/plans/${plan.planId}/dashboard`);
      log(`dashboard: page p50 ${page.p50} ms, p99 ${page.p99} ms; JSON p50 ${json.p50} ms, p99 ${json.p99} ms`);
      return [
        {
          name: 'dashboard',
          value: page.p99,
          unit: 'ms',
          target: `p99 < ${LIMIT_MS} ms at ${measures} measures`,
          met: page.p99 < LIMIT_MS && json.p99 < LIMIT_MS,
          details: { measures, assignments: measures * 3, runs: RUNS, pageP50: page.p50, pageP99: page.p99, jsonP50: json.p50, jsonP99: json.p99 },
        },
      ];
    } finally {
      await api.close();
    }
  } finally {
    mailer.close();
    await h.stop();
  }
}
