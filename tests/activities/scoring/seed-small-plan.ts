import { afterAll, beforeAll } from 'vitest';
import { shanghaiMidnight } from '../../../calendar/working-days';
import type { Db } from '../../../prisma/client';
import { DEFAULT_RUBRIC } from '../../../scoring/rubric';
import { createTestDatabase, type TestDatabase } from '../../support/db';

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const day = (date: string) => new Date(shanghaiMidnight(date));

/**
 * The hand-scored small plan of tests/unit/scoring/fixtures.ts, written as the workflows record it. Half-yearly
 * periods due 07-15 and 12-31 are a custom schedule here, so period keys are those dates. Expected scores (default
 * rubric, as of 2027-01-20): 发改委 99 and 68.8, 环保局 45.5 and 100; measures 81.17 and 89.6; units 83.9 and 89.1;
 * plan 86.79.
 */
export async function seedSmallPlan(db: Db, suffix = '') {
  const leader = await db.person.create({ data: { name: `王副市长${suffix}`, email: `leader${suffix}@gov.example`, role: 'leader' } });
  const ndrc = await db.unit.create({ data: { name: `市发改委${suffix}`, leaderId: leader.id } });
  const env = await db.unit.create({ data: { name: `市环保局${suffix}`, leaderId: leader.id } });
  const clerk = await db.person.create({ data: { name: `李联络员${suffix}`, email: `clerk${suffix}@gov.example`, unitId: ndrc.id, isContact: true } });
  const plan = await db.plan.create({
    data: {
      title: `大气和工业整治工作方案${suffix}`,
      issuer: '市人民政府办公室',
      year: 2026,
      sourceText: '（略）',
      schedule: { cadence: 'custom', dates: ['2026-07-15', '2026-12-31'] },
      ladder: {},
      rubric: DEFAULT_RUBRIC,
      status: 'launched',
    },
  });
  const air = await db.measure.create({
    data: {
      planId: plan.id,
      ref: '一/(一)',
      seq: 1,
      title: '大气污染防治',
      text: '持续推进大气污染防治。',
      responsibility: 'lead',
      due: day('2026-12-31'),
      status: 'active',
      colour: 'red',
      targets: {
        create: [
          { position: 0, text: 'PM2.5年均浓度35微克/立方米以下', indicator: 'PM2.5年均浓度', comparator: 'lte', value: 35, unit: '微克/立方米' },
          { position: 1, text: '空气优良天数比例达到80%', indicator: '空气优良天数比例', comparator: 'gte', value: 80, unit: '%' },
        ],
      },
    },
    include: { targets: { orderBy: { position: 'asc' } } },
  });
  const industry = await db.measure.create({
    data: {
      planId: plan.id,
      ref: '一/(二)',
      seq: 2,
      title: '工业企业整治',
      text: '整治工业企业。',
      responsibility: 'lead',
      weight: 2,
      due: day('2026-06-30'),
      schedule: { cadence: 'final' },
      status: 'done',
      colour: 'green',
    },
  });
  const pm = air.targets[0]!;
  const days = air.targets[1]!;
  const assign = (measureId: string, unitId: string, role: 'lead' | 'cooperating') =>
    db.assignment.create({ data: { measureId, unitId, role, assignedAt: at('2026-01-05') } });
  const airNdrc = await assign(air.id, ndrc.id, 'lead');
  const airEnv = await assign(air.id, env.id, 'cooperating');
  const indEnv = await assign(industry.id, env.id, 'lead');
  const indNdrc = await assign(industry.id, ndrc.id, 'cooperating');

  const report = (
    assignmentId: string,
    period: string,
    due: string,
    submitted: string,
    status: 'in_progress' | 'done',
    percent: number,
    values: { targetId: string; value: number }[] = [],
  ) =>
    db.progressReport.create({
      data: {
        assignmentId,
        period,
        dueAt: day(due),
        status,
        percent,
        narrative: `${period} 工作进展`,
        targetValues: values,
        submittedAt: at(submitted),
        submittedById: clerk.id,
        idempotencyKey: `${assignmentId}:${period}:${submitted}`,
      },
    });
  await report(airNdrc.id, '2026-07-15', '2026-07-15', '2026-07-10', 'in_progress', 50, [
    { targetId: pm.id, value: 40 },
    { targetId: days.id, value: 78 },
  ]);
  await report(airNdrc.id, '2026-12-31', '2026-12-31', '2026-12-30', 'done', 100, [
    { targetId: pm.id, value: 33 },
    { targetId: days.id, value: 78 },
  ]);
  await report(airEnv.id, '2026-07-15', '2026-07-15', '2026-07-20', 'in_progress', 60);
  await report(indEnv.id, 'final', '2026-07-31', '2026-07-20', 'done', 100);
  await report(indNdrc.id, 'final', '2026-06-30', '2026-07-02', 'in_progress', 80);

  const extension = (assignmentId: string, requestedDue: string, status: 'approved' | 'refused') =>
    db.extension.create({
      data: {
        assignmentId,
        period: 'final',
        originalDue: day('2026-06-30'),
        requestedDue: day(requestedDue),
        reason: '设备到货延迟',
        status,
        requestedAt: at('2026-06-20'),
        requestedById: clerk.id,
        decidedAt: at('2026-06-22'),
        key: `ext:${assignmentId}`,
      },
    });
  await extension(indEnv.id, '2026-07-31', 'approved');
  await extension(indNdrc.id, '2026-07-15', 'refused');

  const escalate = (level: 'urge' | 'supervise' | 'coordinator', period: string, workingDaysLate: number, sent: string) =>
    db.escalation.create({
      data: { assignmentId: airEnv.id, level, period, recipients: ['env@gov.example'], workingDaysLate, sentAt: at(sent, '09:00') },
    });
  await escalate('urge', '2026-07-15', 1, '2026-07-16');
  await escalate('urge', '2026-12-31', 1, '2027-01-04');
  await escalate('supervise', '2026-12-31', 3, '2027-01-06');
  await escalate('coordinator', '2026-12-31', 7, '2027-01-12');

  return {
    plan,
    leader,
    units: { ndrc, env },
    measures: { air, industry },
    assignments: { airNdrc, airEnv, indEnv, indNdrc },
  };
}

/**
 * For one test file: a fresh test database holding the small plan, made before the file's tests and closed after them.
 * Read `db` and `seeded` inside the tests (or later hooks), once it exists.
 */
export function useSmallPlanDatabase() {
  let t: TestDatabase | undefined;
  let seeded: Awaited<ReturnType<typeof seedSmallPlan>> | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    seeded = await seedSmallPlan(t.db);
  });
  afterAll(async () => t?.close());
  return {
    get db(): Db {
      return t!.db;
    },
    get seeded() {
      return seeded!;
    },
  };
}
