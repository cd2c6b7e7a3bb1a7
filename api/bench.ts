import { performance } from 'node:perf_hooks';
import type { TConfig } from '../lib/config';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { createApiToken } from './actions/account';
import { buildApp } from './server';

export type TLatency = { count: number; errors: number; p50: number; p99: number; max: number };

function summarise(ms: number[], errors: number): TLatency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: ms.length, errors, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/**
 * Seeds a launched plan of `measures` measures (a lead and two cooperating units each, one report per lead) into `db`,
 * then renders its dashboard page `runs` times through the full HTTP stack (in-process inject) as its coordinator.
 * Goal: under 300 ms for 2,000 measures.
 */
export async function benchDashboard(options: { db: Db; config: TConfig; mailer: Mailer; measures?: number; runs?: number }): Promise<TLatency & { name: 'dashboard'; unit: 'ms'; measures: number }> {
  const { db } = options;
  const measures = options.measures ?? 2000;
  const tag = `bench-${Date.now().toString(36)}`;
  const office = await db.unit.create({ data: { name: `督查室-${tag}` } });
  const units = await Promise.all(Array.from({ length: 30 }, (_, i) => db.unit.create({ data: { name: `单位${i}-${tag}` } })));
  const coordinator = await db.person.create({ data: { name: '基准统筹', email: `${tag}@bench.local`, role: 'coordinator', unitId: office.id } });
  const plan = await db.plan.create({
    data: { title: `基准方案 ${tag}`, year: 2026, sourceText: '', schedule: {}, ladder: {}, rubric: {}, coordinatorUnitId: office.id, status: 'launched', launchedAt: new Date() },
  });
  const colours = ['green', 'yellow', 'red'] as const;
  await db.measure.createMany({
    data: Array.from({ length: measures }, (_, i) => ({
      id: `${tag}-m${i}`,
      planId: plan.id,
      ref: `${Math.floor(i / 10) + 1}/${(i % 10) + 1}`,
      seq: i,
      title: `第${i + 1}项措施：推进质量提升重点工作`,
      text: `第${i + 1}项措施的全文，包括工作要求与完成时限。`,
      responsibility: 'lead' as const,
      due: new Date('2026-12-30T16:00:00Z'),
      status: 'active' as const,
      colour: colours[i % 3]!,
    })),
  });
  await db.assignment.createMany({
    data: Array.from({ length: measures }, (_, i) =>
      [0, 1, 2].map((k) => ({
        id: `${tag}-a${i}-${k}`,
        measureId: `${tag}-m${i}`,
        unitId: units[(i + k * 7) % units.length]!.id,
        role: k === 0 ? ('lead' as const) : ('cooperating' as const),
        colour: colours[i % 3]!,
        status: k === 0 && i % 2 === 0 ? ('in_progress' as const) : ('assigned' as const),
        escalationLevel: i % 17 === 0 ? 2 : 0,
      })),
    ).flat(),
  });
  await db.progressReport.createMany({
    data: Array.from({ length: measures / 2 }, (_, j) => ({
      assignmentId: `${tag}-a${j * 2}-0`,
      period: '2026-H1',
      dueAt: new Date('2026-07-14T16:00:00Z'),
      status: 'in_progress' as const,
      percent: 50,
      narrative: '按计划推进',
      submittedAt: new Date(),
      submittedById: coordinator.id,
      idempotencyKey: `${tag}-r${j}`,
    })),
  });
  const { token } = await createApiToken(db, coordinator.id, 'bench');
  const app = await buildApp({ db, temporal: null, config: options.config, mailer: options.mailer, logger: false });
  const times: number[] = [];
  let errors = 0;
  try {
    for (let i = 0; i < (options.runs ?? 20) + 2; i += 1) {
      const start = performance.now();
      // A bearer token reads pages as well as the API, which keeps CSRF and cookies out of the measurement.
      const res = await app.inject({ url: `/plans/${plan.id}`, headers: { authorization: `Bearer ${token}` } });
      const elapsed = performance.now() - start;
      if (res.statusCode !== 200) errors += 1;
      if (i >= 2) times.push(elapsed); // the first two warm caches and the JIT
    }
  } finally {
    await app.close();
  }
  return { name: 'dashboard', unit: 'ms', measures, ...summarise(times, errors) };
}

/**
 * Submits progress reports over real HTTP at a fixed rate (open loop: requests leave on schedule whether or not
 * earlier ones answered, so a slow server cannot hide its queue). Needs a running stack with the plan launched:
 * `apiUrl` of the server, a token of a person in the assigned units' unit (or one per assignment), and assignments.
 * Goal: p99 under 200 ms at 20 per second for 60 s.
 */
export async function benchProgressSubmission(options: {
  apiUrl: string;
  /** assignment id → bearer token of a member of its unit */
  assignments: { id: string; token: string }[];
  ratePerSecond?: number;
  durationSeconds?: number;
}): Promise<TLatency & { name: 'submit'; unit: 'ms'; ratePerSecond: number; durationSeconds: number }> {
  const rate = options.ratePerSecond ?? 20;
  const duration = options.durationSeconds ?? 60;
  const total = Math.round(rate * duration);
  const times: number[] = [];
  let errors = 0;
  const runId = Date.now().toString(36);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const target = options.assignments[i % options.assignments.length]!;
    const sentAt = performance.now();
    inflight.push(
      fetch(`${options.apiUrl}/api/assignments/${target.id}/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          status: 'in_progress',
          percent: 10 + (i % 80),
          narrative: `基准测试进展报告 ${i}`,
          idempotencyKey: `bench-${runId}-${i}`,
        }),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) errors += 1;
        })
        .catch(() => {
          errors += 1;
        })
        .finally(() => {
          times.push(performance.now() - sentAt);
        }),
    );
  }
  await Promise.all(inflight);
  return { name: 'submit', unit: 'ms', ratePerSecond: rate, durationSeconds: duration, ...summarise(times, errors) };
}
