import type { Db } from '../../prisma/client';
import { AppError } from '../errors';
import { planSettingsOf, type TPlanSettings } from '../../services/plans/plan-settings';
import type { TPlanSettingsBody } from '../routes/plans/settings.types';

/**
 * A coordinator sets the plan's reporting schedule or its reminder and escalation thresholds during review. Each
 * measure's workflow takes them at launch and keeps them for its year, so a launched plan refuses the change rather
 * than show settings its measures do not run on. Audited.
 */
export async function changePlanSettings(db: Db, actorId: string, planId: string, change: TPlanSettingsBody): Promise<TPlanSettings> {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true, schedule: true, ladder: true } });
    if (plan.status !== 'draft') {
      throw new AppError('CONFLICT', '方案已启动，各措施按启动时的报送安排和催办规则运行，不能再改 / the plan is launched: its measures keep the settings they started with');
    }
    const settings = { ...planSettingsOf(plan), ...change };
    await tx.plan.update({ where: { id: planId }, data: settings });
    await tx.auditEvent.create({
      data: { actorId, actorLabel: 'web', action: 'plan.settings_changed', subjectType: 'plan', subjectId: planId, planId, data: change },
    });
    return settings;
  });
}
