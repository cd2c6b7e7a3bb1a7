import type { TEscalationLadder } from '../../domain/ladder';
import { planSettingsOf } from '../../domain/plan-settings';
import type { TActivityDeps } from '../deps';

export function createLoadPlanLadder({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    /** The plan's reminder and escalation thresholds as they stand: what a running measure follows once told they changed. */
    async loadPlanLadder({ planId }: { planId: string }): Promise<TEscalationLadder> {
      const plan = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { ladder: true } });
      return planSettingsOf(plan, ['ladder']).ladder;
    },
  };
}
