import type { Db } from '../../prisma/client';
import { ZOfficeCycleSchema } from '../../domain/office-cycle';
import { ZEscalationLadderSchema } from '../../domain/ladder';
import { ZReportingScheduleSchema } from '../../domain/schedule';

export type TSmallRegistry = Awaited<ReturnType<typeof seedSmallRegistry>>;

/** Three departments and the coordinator's office, each with a contact; two with a supervising leader. */
export async function seedSmallRegistry(db: Db, tag = '') {
  const person = (name: string, email: string, extra: object = {}) => db.person.create({ data: { name, email: `${email}${tag}@example.gov.cn`, ...extra } });
  const leaderA = await person('王副市长', 'leader.wang', { role: 'leader' });
  const leaderB = await person('李副市长', 'leader.li', { role: 'leader' });
  const fgw = await db.unit.create({ data: { name: `市发展改革委${tag}`, leaderId: leaderA.id } });
  const czj = await db.unit.create({ data: { name: `市财政局${tag}`, leaderId: leaderB.id } });
  const scjg = await db.unit.create({ data: { name: `市市场监管局${tag}` } });
  const office = await db.unit.create({ data: { name: `市质量强市办${tag}` } });
  const contacts = {
    fgw: await person('张联络', 'fgw', { unitId: fgw.id, isContact: true }),
    czj: await person('刘联络', 'czj', { unitId: czj.id, isContact: true }),
    scjg: await person('陈联络', 'scjg', { unitId: scjg.id, isContact: true }),
    office: await person('赵协调', 'office', { unitId: office.id, isContact: true, role: 'coordinator' }),
  };
  const group = await db.unitGroup.create({ data: { name: `各成员单位${tag}`, members: { create: [{ unitId: czj.id }, { unitId: scjg.id }] } } });
  return { units: { fgw, czj, scjg, office }, leaders: { a: leaderA, b: leaderB }, contacts, group };
}

type MeasureSpec = {
  ref: string;
  title: string;
  due: string;
  responsibility?: 'lead' | 'shared' | 'unspecified';
  parties?: { role: 'lead' | 'cooperating'; name: string; unitId?: string; groupId?: string }[];
  targets?: { indicator: string; value: number; unit: string }[];
};

export async function seedPlan(db: Db, reg: TSmallRegistry, measures: MeasureSpec[], options: { year?: number; schedule?: object; ladder?: object; cycle?: object } = {},
) {
  const plan = await db.plan.create({
    data: {
      title: '关于开展质量提升行动的实施方案',
      year: options.year ?? 2026,
      sourceText: '……',
      schedule: ZReportingScheduleSchema.parse(options.schedule ?? {}),
      ladder: ZEscalationLadderSchema.parse(options.ladder ?? {}),
      // The suites that follow a measure's reports and escalations set no 签收 deadline, chase every unit up the whole
      // ladder and have every unit report to the office, so the mail they expect is about what they test; the
      // office-cycle suites name their own.
      cycle: ZOfficeCycleSchema.parse(options.cycle ?? { acknowledgeDays: 0, cooperatingChase: 'coordinator', reportTo: 'office' }),
      rubric: {},
      coordinatorUnitId: reg.units.office.id,
    },
  });
  const ids: string[] = [];
  for (const [seq, m] of measures.entries()) {
    const row = await db.measure.create({
      data: {
        planId: plan.id,
        ref: m.ref,
        seq,
        title: m.title,
        text: `${m.title}。`,
        responsibility: m.responsibility ?? 'lead',
        due: new Date(`${m.due}T00:00:00+08:00`),
        parties: { create: (m.parties ?? []).map((p, position) => ({ ...p, position })) },
        targets: {
          create: (m.targets ?? []).map((t, position) => ({
            position,
            text: `${t.indicator}达到${t.value}${t.unit}`,
            indicator: t.indicator,
            comparator: 'gte' as const,
            value: t.value,
            unit: t.unit,
          })),
        },
      },
    });
    ids.push(row.id);
  }
  return { plan, measureIds: ids };
}
