import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { hashPassword } from '../services/auth/password';
import { addDays, shanghaiDate, shanghaiMidnight } from '../calendar/working-days';
import type { TClock } from '../domain/clock';
import { ZReportingScheduleSchema, resolvePeriods } from '../domain/schedule';
import { isLoopbackHost, type TConfig } from '../lib/config';
import { UserError } from '../lib/errors';
import type { Db } from '../prisma/client';
import { gatherMsFor } from '../outbox/messages';
import { launchPlan } from '../services/plans/launch-plan';
import { submitProgress } from '../services/progress/submit-progress';
import { DEMO_COORDINATOR_EMAIL, seedDemoIfEmpty, type TDemoSource } from '../seeds/seed';

/** Every demo account signs in with this password (shown when the demo starts). */
export const DEMO_PASSWORD = 'duban-demo';
/**
 * The demo's accounts share one published password, so the demo listens on this machine only; refused before anything
 * starts or is written.
 */
export function assertDemoHost(host: string): void {
  if (isLoopbackHost(host)) return;
  throw new UserError(
    `演示账号的密码公开（${DEMO_PASSWORD}），--demo 只能监听本机地址；HOST=${host} 不是本机地址，请改用 127.0.0.1 / ` +
      `the demo's accounts share the password ${DEMO_PASSWORD}, so --demo listens on loopback only: HOST=${host} is not; use 127.0.0.1`,
  );
}

/** One demo day lasts this many seconds unless DUBAN_DEMO_DAY_SECONDS says otherwise. */
const DEFAULT_DEMO_DAY_SECONDS = 3;
/** How long the demo's outbox gathers a digest: a sixth of a demo day (half a second by default). */
export function demoGatherMs(config: Pick<TConfig, 'DUBAN_DEMO_DAY_SECONDS'>): number {
  return gatherMsFor(config.DUBAN_DEMO_DAY_SECONDS ?? DEFAULT_DEMO_DAY_SECONDS);
}
/** The demo starts this many days before its first report falls due, so reminders and escalations come within minutes. */
const DAYS_BEFORE_FIRST_DUE = 6;

/**
 * `duban up --demo`: loads the sample registry and plan (or those `--plan` and `--registry` name) into an empty
 * database, gives every demo person the demo password, launches the plan on a compressed clock, and has one department
 * report a few moments later — so that a notice, a reminder, a submission, a 催办 and a 督办 all arrive in the mail
 * capture within a couple of minutes.
 */
export async function runDemo(deps: {
  db: Db;
  client: Client;
  config: TConfig;
  log: (line: string) => void;
  source?: TDemoSource;
}): Promise<{ clock: TClock | null; stop: () => Promise<void> }> {
  const { db, client, config, log } = deps;
  const { seeded, planId } = await seedDemoIfEmpty(db, deps.source);
  if (!planId) {
    log(
      `演示：数据库已有其他数据，未载入${deps.source?.plan ? ` ${deps.source.plan.fileName}` : '样例计划'}；请换一个空的数据目录 (DUBAN_DATA_DIR) / ` +
        'demo: the database holds other data; nothing loaded: start on an empty data folder (DUBAN_DATA_DIR)',
    );
    return { clock: null, stop: async () => {} };
  }
  if (seeded) {
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.person.updateMany({ data: { passwordHash: hash } });
  }
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId } });
  const daySeconds = config.DUBAN_DEMO_DAY_SECONDS ?? DEFAULT_DEMO_DAY_SECONDS;
  const today = shanghaiDate(new Date());
  const issued = plan.issuedOn ? plan.issuedOn.toISOString().slice(0, 10) : null;
  const yearStart = issued?.startsWith(`${plan.year}-`) ? issued : `${plan.year}-01-01`;
  const yearEnd = `${plan.year}-12-31`;
  // A plan of another year is played in its own year, from its issue: as it ran, not with every date long past.
  const from = today >= yearStart && today <= yearEnd ? today : yearStart;
  const first = resolvePeriods(ZReportingScheduleSchema.parse(plan.schedule), { startDate: from, finalDue: yearEnd })[0]!;
  // Whichever comes first, the first report or the measures' final due date (the plan's year end), is days away.
  const startDate = addDays(first.due < yearEnd ? first.due : yearEnd, -DAYS_BEFORE_FIRST_DUE);
  // The whole clock, not just the day length: the leaders' summaries run on the same virtual time as the plan.
  const clock: TClock = { dayMs: daySeconds * 1000, realStartMs: Date.now(), virtualStartMs: shanghaiMidnight(startDate) };
  const launched = await launchPlan(db, client, planId, { startDate, clock, actor: { id: null, label: 'demo' } });
  log(
    `演示计划《${plan.title}》已启动 / demo plan launched: ${launched.started} 项新启动, 一天 = ${daySeconds} 秒; ` +
      `演示起始日 ${startDate}; 演示账号密码 / demo password: ${DEMO_PASSWORD} (例如 ${DEMO_COORDINATOR_EMAIL})`,
  );

  // One department reports early, as a person would through the report form.
  let cancelled = false;
  const reporter = (async () => {
    for (let attempt = 0; attempt < 60 && !cancelled; attempt++) {
      const assignment = await db.assignment.findFirst({
        where: { measure: { planId }, role: 'lead', reports: { none: {} } },
        orderBy: { assignedAt: 'asc' },
        include: { unit: { include: { people: { where: { isContact: true }, take: 1 } } }, measure: true },
      });
      const person = assignment?.unit.people[0];
      if (assignment && person) {
        await new Promise((r) => setTimeout(r, 2 * daySeconds * 1000));
        if (cancelled) return;
        await submitProgress({ db, temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE } }, {
          assignmentId: assignment.id,
          status: 'in_progress',
          percent: 60,
          narrative: `${assignment.unit.name}：已制定工作方案并召开专题会议，正在按计划推进（演示报送）。`,
          targetValues: [],
          attachments: [],
          submittedBy: person.id,
          idempotencyKey: `demo-${assignment.id}-${randomUUID()}`,
        });
        log(`演示：${assignment.unit.name} 已报送「${assignment.measure.title}」的进展 / a unit reported`);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })().catch((err: Error) => log(`演示报送失败 / demo report failed: ${err.message}`));
  return {
    clock,
    stop: async () => {
      cancelled = true;
      await reporter;
    },
  };
}
