import { ApplicationFailure } from '@temporalio/activity';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TRole } from '../../domain/measure-state';
import { Prisma } from '../../prisma/client';
import { owePlanScores } from '../../services/scoring/score-plan';
import type { TActivityDeps } from '../deps';
import { asJson, recipient, writeMessages } from '../../outbox/messages';
import { loadMailContext } from '../mail/load-mail-facts';
import { renderManualChaseMail, renderPartReturnedMail, renderRefusalMail } from '../mail/templates';
import type { TAssigned } from './assign-units';

export type TCoordinatorAction =
  | { action: 'reassign-unit'; fromUnitId: string; toUnitId: string }
  | { action: 'add-cooperating-unit'; unitId: string }
  | { action: 'remove-cooperating-unit'; unitId: string }
  | { action: 'change-due-date'; period: string; from: string; due: string; final: boolean }
  | { action: 'decide-extension'; extensionId: string; approve: boolean }
  | { action: 'review-report'; reportId: string; decision: 'accept' | 'return'; reworkDue?: string }
  | { action: 'return-part'; reportId: string; reworkDue: string }
  | { action: 'refuse-assignment'; assignmentId: string }
  | { action: 'confirm-assignment'; assignmentId: string }
  | { action: 'chase'; assignmentIds: string[] }
  | { action: 'close-measure' }
  | { action: 'cancel-measure' };

export type TApplyActionInput = { auditKey: string; measureId: string; actorId: string; reason: string; at: string } & TCoordinatorAction;

/**
 * Projects a coordinator's decision, owes its plan a rescoring and writes its audit record in one transaction; the
 * audit key makes a retry a no-op. Returns the assignment a unit now holds, when the action gave one.
 */
export function createApplyCoordinatorAction({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async applyCoordinatorAction(input: TApplyActionInput): Promise<{ assigned: TAssigned | null }> {
      const { auditKey, measureId, actorId, reason, at, ...action } = input;
      const measure = await db.measure.findUniqueOrThrow({ where: { id: measureId }, select: { planId: true } });
      const done = await db.auditEvent.findUnique({ where: { key: auditKey } });
      if (!(await db.person.findUnique({ where: { id: actorId }, select: { id: true } }))) {
        throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: actorId })));
      }
      const unitId = action.action === 'reassign-unit' ? action.toUnitId : 'unitId' in action ? action.unitId : null;
      if (unitId && !(await db.unit.findUnique({ where: { id: unitId }, select: { id: true } }))) {
        throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownUnit, { unitId })));
      }
      const toAssigned = (row: { id: string; unitId: string; role: TRole; unit: { name: string } }): TAssigned => ({
        id: row.id,
        unitId: row.unitId,
        unitName: row.unit.name,
        role: row.role,
      });
      const gains = action.action === 'reassign-unit' || action.action === 'add-cooperating-unit' ? unitId : null;
      if (done) {
        const row = gains
          ? await db.assignment.findUniqueOrThrow({ where: { measureId_unitId: { measureId, unitId: gains } }, include: { unit: { select: { name: true } } } })
          : null;
        return { assigned: row && toAssigned(row) };
      }
      const told = await db.$transaction(async (tx) => {
        const assign = async (uid: string, role: TRole) =>
          toAssigned(
            await tx.assignment.upsert({
              where: { measureId_unitId: { measureId, unitId: uid } },
              create: { measureId, unitId: uid, role, assignedAt: new Date(at) },
              update: { role, status: 'assigned', escalationLevel: 0 },
              include: { unit: { select: { name: true } } },
            }),
          );
        let assigned: TAssigned | null = null;
        switch (action.action) {
          case 'reassign-unit': {
            const old = await tx.assignment.update({
              where: { measureId_unitId: { measureId, unitId: action.fromUnitId } },
              data: { status: 'cancelled' },
            });
            assigned = await assign(action.toUnitId, old.role);
            break;
          }
          case 'add-cooperating-unit':
            assigned = await assign(action.unitId, 'cooperating');
            break;
          case 'remove-cooperating-unit':
            await tx.assignment.update({ where: { measureId_unitId: { measureId, unitId: action.unitId } }, data: { status: 'cancelled' } });
            break;
          case 'change-due-date':
            if (action.final) await tx.measure.update({ where: { id: measureId }, data: { due: new Date(`${action.due}T00:00:00+08:00`) } });
            break;
          case 'decide-extension':
            break;
          case 'review-report': {
            // Accepted, the report counts (a done one makes its unit done); returned, the unit is back at work.
            const report = await tx.progressReport.update({
              where: { id: action.reportId },
              data: {
                review: action.decision === 'accept' ? 'accepted' : 'returned',
                reviewedAt: new Date(at),
                reviewedById: actorId,
                reviewReason: action.decision === 'return' ? reason : null,
                reworkDue: action.reworkDue ? new Date(`${action.reworkDue}T00:00:00+08:00`) : null,
              },
              select: { assignmentId: true, status: true },
            });
            const status = action.decision === 'return' ? 'in_progress' : report.status === 'done' ? 'done' : null;
            if (status) await tx.assignment.update({ where: { id: report.assignmentId }, data: { status } });
            break;
          }
          case 'return-part': {
            // 退回 by the lead unit: the part no longer counts, its unit is back at work and told why and by when.
            const part = await tx.progressReport.update({
              where: { id: action.reportId },
              data: { review: 'returned', reviewedAt: new Date(at), reviewedById: actorId, reviewReason: reason, reworkDue: new Date(`${action.reworkDue}T00:00:00+08:00`) },
              select: { assignmentId: true, period: true },
            });
            await tx.assignment.update({ where: { id: part.assignmentId }, data: { status: 'in_progress' } });
            const ctx = await loadMailContext(tx, config.publicUrl, part.assignmentId);
            const lead = await tx.assignment.findFirstOrThrow({ where: { measureId, role: 'lead', status: { not: 'cancelled' } }, select: { unit: { select: { name: true } } } });
            const redirected = ctx.contacts.length ? undefined : ('no-contact' as const);
            const facts = { ...ctx.facts, redirected, leadUnitName: lead.unit.name, period: part.period, reason, reworkDue: action.reworkDue };
            await writeMessages(tx, [
              {
                source: `${action.reportId}:part-returned:${auditKey}`,
                recipient: recipient.unit(ctx.unitId),
                channel: 'email',
                step: 'part-returned',
                period: part.period,
                planId: ctx.planId,
                assignmentId: part.assignmentId,
                to: redirected ? ctx.coordinators : ctx.contacts,
                replyTo: redirected ? [] : ctx.coordinators,
                ...renderPartReturnedMail(facts),
                facts: asJson(facts),
                notBefore: new Date(),
              },
            ]);
            break;
          }
          case 'refuse-assignment': {
            // 拒签 tells the coordinating office, in the transaction that records it.
            await tx.assignment.update({ where: { id: action.assignmentId }, data: { refusedAt: new Date(at), refusalReason: reason } });
            const ctx = await loadMailContext(tx, config.publicUrl, action.assignmentId);
            const facts = { ...ctx.facts, reason };
            await writeMessages(tx, [
              {
                source: `${action.assignmentId}:refused:${auditKey}`,
                recipient: recipient.office(ctx.planId),
                channel: 'email',
                step: 'refused',
                period: 'assign',
                planId: ctx.planId,
                assignmentId: action.assignmentId,
                to: ctx.coordinators,
                ...renderRefusalMail(facts),
                facts: asJson(facts),
                notBefore: new Date(),
              },
            ]);
            break;
          }
          case 'chase':
            // The office's words (the reason) go to each unit's contacts as they are, once per request.
            for (const assignmentId of action.assignmentIds) {
              const ctx = await loadMailContext(tx, config.publicUrl, assignmentId);
              const redirected = ctx.contacts.length ? undefined : ('no-contact' as const);
              const facts = { ...ctx.facts, text: reason, officeName: ctx.facts.coordinatorName ?? '', redirected };
              await writeMessages(tx, [
                {
                  source: `${assignmentId}:chase:${auditKey}`,
                  recipient: recipient.unit(ctx.unitId),
                  channel: 'email',
                  step: 'chase',
                  period: 'chase',
                  planId: ctx.planId,
                  assignmentId,
                  to: redirected ? ctx.coordinators : ctx.contacts,
                  replyTo: redirected ? [] : ctx.coordinators,
                  ...renderManualChaseMail(facts),
                  facts: asJson(facts),
                  notBefore: new Date(),
                },
              ]);
            }
            break;
          case 'confirm-assignment':
            await tx.assignment.update({ where: { id: action.assignmentId }, data: { refusedAt: null, refusalReason: null } });
            break;
          case 'close-measure':
            // 办结 by the office's decision: the measure is done, by whom, when and why; what its units still owed is withdrawn.
            await tx.measure.update({ where: { id: measureId }, data: { status: 'done', closedAt: new Date(at), closedById: actorId, closeReason: reason } });
            await tx.assignment.updateMany({ where: { measureId, status: { notIn: ['done', 'cancelled'] } }, data: { status: 'cancelled' } });
            break;
          case 'cancel-measure':
            await tx.measure.update({ where: { id: measureId }, data: { status: 'cancelled' } });
            await tx.assignment.updateMany({ where: { measureId, status: { not: 'done' } }, data: { status: 'cancelled' } });
            break;
        }
        // Each of these moves what the plan is assessed on: units, due dates, extensions, what is withdrawn.
        await tx.$executeRaw(owePlanScores(Prisma.sql`${measure.planId}`, new Date(at)));
        await tx.auditEvent.create({
          data: {
            key: auditKey,
            at: new Date(at),
            actorId,
            actorLabel: action.action === 'refuse-assignment' || action.action === 'return-part' ? 'unit' : 'coordinator',
            action: `measure.${action.action}`,
            subjectType: 'measure',
            subjectId: measureId,
            planId: measure.planId,
            data: { ...action, reason },
          },
        });
        return { assigned };
      });
      outbox.written();
      return told;
    },
  };
}
