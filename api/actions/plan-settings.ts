import { announceToMeasures } from '../../services/measures/announce-to-measures';
import { planSettingsOf, type TPlanSettings } from '../../services/plans/plan-settings';
import { AppError } from '../errors';
import type { TDeps } from '../route';
import type { TPlanSettingsBody } from '../routes/plans/settings.types';

/**
 * A coordinator sets the plan's reporting schedule and its reminder and escalation thresholds during review. Once the
 * plan is launched the schedule stays (its periods, reports and scores are counted on it; a single date moves with
 * 调整期限), but the thresholds may still change: the running measures are told (announced in the same transaction,
 * delivered by the worker once Temporal accepts), and their remaining reminders and escalations follow the new ones —
 * a step already sent is not sent again. Audited.
 */
export async function changePlanSettings(deps: TDeps, actorId: string, planId: string, change: TPlanSettingsBody): Promise<TPlanSettings> {
  return deps.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true, schedule: true, ladder: true } });
    if (plan.status === 'launched') {
      if (change.schedule) {
        throw new AppError('CONFLICT', '方案已启动，报送安排不能再改；单项期限可在措施页调整 / the plan is launched: its schedule stays; move a single due date on the measure’s page');
      }
    } else if (plan.status !== 'draft') {
      throw new AppError('CONFLICT', '方案已结束，不能再改 / the plan is closed or cancelled');
    }
    const before = planSettingsOf(plan);
    const next = { ...before, ...change };
    await tx.plan.update({ where: { id: planId }, data: next });
    // With what each changed part was before, so the trail can say 督办：逾期 3 → 2 个工作日.
    const previous = { ...(change.schedule ? { schedule: before.schedule } : {}), ...(change.ladder ? { ladder: before.ladder } : {}) };
    const event = await tx.auditEvent.create({
      data: { actorId, actorLabel: 'web', action: 'plan.settings_changed', subjectType: 'plan', subjectId: planId, planId, data: { ...change, previous } },
    });
    if (plan.status === 'launched' && change.ladder) await announceToMeasures(tx, { changeId: String(event.id), planId, kind: 'ladder' });
    return next;
  });
}
