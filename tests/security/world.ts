import { hashPassword } from '../../services/auth/password';
import type { Db } from '../../prisma/client';
import { PASSWORD, virtualToday } from '../api/support';
import { HOSTILE, SCRIPT_LINK } from './hostile';

export type THostileWorld = Awaited<ReturnType<typeof seedHostileWorld>>;

/**
 * A launched plan in which every field a person or a document can fill holds hostile text (tests/security/hostile.ts):
 * its title, its units and people (one of each role, all signing in with PASSWORD), a measure with a target, a
 * progress report with a link, a pending and a decided 延期, escalations and audit entries with reasons. Rows as the
 * import, the registry and the measure workflow write them.
 */
export async function seedHostileWorld(db: Db) {
  const passwordHash = await hashPassword(PASSWORD);
  const office = await db.unit.create({ data: { name: HOSTILE.office } });
  const leader = await db.person.create({ data: { name: HOSTILE.leaderName, email: 'leader@hostile.test', role: 'leader', passwordHash } });
  const unitA = await db.unit.create({ data: { name: HOSTILE.unitA, leaderId: leader.id } });
  const unitB = await db.unit.create({ data: { name: HOSTILE.unitB, leaderId: leader.id } });
  const coordinator = await db.person.create({
    data: { name: HOSTILE.coordinatorName, email: 'coordinator@hostile.test', role: 'coordinator', unitId: office.id, isContact: true, passwordHash },
  });
  const admin = await db.person.create({ data: { name: HOSTILE.adminName, email: 'admin@hostile.test', role: 'admin', passwordHash } });
  const member = await db.person.create({
    data: { name: HOSTILE.memberName, email: 'member@hostile.test', role: 'member', unitId: unitA.id, isContact: true, passwordHash },
  });
  await db.person.create({ data: { name: HOSTILE.memberName, email: 'member.b@hostile.test', role: 'member', unitId: unitB.id, isContact: true } });
  const sourceText = `${HOSTILE.planTitle}\n一、重点任务\n（一）${HOSTILE.measureText}（${HOSTILE.unitA}牵头，${HOSTILE.unitB}配合）\n`;
  const plan = await db.plan.create({
    data: {
      title: HOSTILE.planTitle,
      issuer: HOSTILE.office,
      year: 2026,
      sourceName: `${HOSTILE.planTitle}.docx`,
      sourceText,
      schedule: { cadence: 'half-yearly', dueDay: 15, dates: [], completion: 'leads-done-and-cooperating-reported' },
      ladder: {},
      rubric: {},
      coordinatorUnitId: office.id,
      status: 'launched',
      launchedAt: new Date('2026-01-05T02:00:00Z'),
      clock: virtualToday('2026-07-20'),
      warnings: [{ code: 'UNIT_UNRESOLVED', ref: '一/(一)', message: `未能识别单位“${HOSTILE.unitB}”` }],
    },
  });
  const measure = await db.measure.create({
    data: {
      planId: plan.id,
      ref: '一/(一)',
      seq: 0,
      title: HOSTILE.measureTitle,
      text: HOSTILE.measureText,
      responsibility: 'lead',
      due: new Date('2026-12-31T00:00:00Z'),
      status: 'active',
      colour: 'red',
      spanStart: sourceText.indexOf('（一）'),
      spanEnd: sourceText.length - 1,
      parties: {
        create: [
          { role: 'lead', position: 0, name: HOSTILE.unitA, unitId: unitA.id },
          { role: 'cooperating', position: 1, name: HOSTILE.unitB, unitId: unitB.id },
        ],
      },
      targets: { create: [{ position: 0, text: HOSTILE.target, indicator: HOSTILE.target, comparator: 'gte', value: 95, unit: '%', by: '2026' }] },
    },
    include: { targets: true },
  });
  const assignmentA = await db.assignment.create({
    data: { measureId: measure.id, unitId: unitA.id, role: 'lead', status: 'in_progress', colour: 'red', escalationLevel: 3, assignedAt: new Date('2026-01-05T02:00:00Z') },
  });
  const assignmentB = await db.assignment.create({
    data: { measureId: measure.id, unitId: unitB.id, role: 'cooperating', colour: 'red', assignedAt: new Date('2026-01-05T02:00:00Z') },
  });
  await db.progressReport.create({
    data: {
      assignmentId: assignmentA.id,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T00:00:00Z'),
      status: 'in_progress',
      percent: 40,
      narrative: HOSTILE.narrative,
      targetValues: [{ targetId: measure.targets[0]!.id, value: 90 }],
      // Refused by the API's schema today; a page must not make a script of it should one ever be stored.
      attachments: [{ title: HOSTILE.attachmentTitle, url: SCRIPT_LINK }],
      submittedAt: new Date('2026-07-10T02:00:00Z'),
      submittedById: member.id,
      idempotencyKey: 'hostile-report-a-1',
    },
  });
  for (const [level, days] of [['urge', 1], ['supervise', 3], ['coordinator', 7]] as const) {
    await db.escalation.create({
      data: { assignmentId: assignmentB.id, level, period: '2026-H1', recipients: [coordinator.email], workingDaysLate: days, sentAt: new Date(`2026-07-${15 + days}T01:00:00Z`) },
    });
  }
  const extension = (status: 'pending' | 'refused', key: string) =>
    db.extension.create({
      data: {
        assignmentId: assignmentA.id,
        period: '2026-H2',
        originalDue: new Date('2027-01-15T00:00:00Z'),
        requestedDue: new Date('2027-02-15T00:00:00Z'),
        reason: HOSTILE.extensionReason,
        status,
        requestedAt: new Date('2026-07-11T02:00:00Z'),
        requestedById: member.id,
        ...(status === 'refused' ? { decidedAt: new Date('2026-07-12T02:00:00Z'), decidedById: coordinator.id, decisionNote: HOSTILE.decisionNote } : {}),
        key,
      },
    });
  const pendingExtension = await extension('pending', 'hostile-extension-pending');
  const refusedExtension = await extension('refused', 'hostile-extension-refused');
  for (const [action, data] of [
    ['plan.import', { title: HOSTILE.planTitle, measures: 1, warnings: 1, fileName: `${HOSTILE.planTitle}.docx`, again: false }],
    ['measure.change-due-date', { period: '2026-H1', from: '2026-07-15', due: '2026-07-31', reason: HOSTILE.auditReason }],
    ['measure.reassign-unit', { fromUnitId: unitB.id, toUnitId: unitA.id, reason: HOSTILE.auditReason }],
    ['measure.decide-extension', { approve: false, reason: HOSTILE.auditReason }],
  ] as const) {
    await db.auditEvent.create({
      data: {
        actorId: coordinator.id,
        actorLabel: 'web',
        action,
        subjectType: action.startsWith('plan.') ? 'plan' : 'measure',
        subjectId: action.startsWith('plan.') ? plan.id : measure.id,
        planId: plan.id,
        data,
      },
    });
  }
  return { office, unitA, unitB, leader, coordinator, admin, member, plan, measure, assignmentA, assignmentB, pendingExtension, refusedExtension };
}
