import type { TReportTo } from './office-cycle';
import type { TMeasureState } from './measure-state';

/**
 * The lead unit's assignment a unit's report goes to instead of the office (cycle.reportTo = lead), or null when it
 * goes to the office: always under `office`; for a lead unit's own report; and on a measure with no one lead unit
 * (every unit 负责, or none holding the lead), where there is nobody to consolidate.
 */
export function partReceiver(state: Pick<TMeasureState, 'assignments'>, reportTo: TReportTo, assignmentId: string): string | null {
  if (reportTo !== 'lead') return null;
  const from = state.assignments.find((a) => a.id === assignmentId);
  const leads = state.assignments.filter((a) => a.active && a.role === 'lead');
  return from?.role === 'cooperating' && leads.length === 1 ? leads[0]!.id : null;
}

/** Whether a lead unit's report consolidates its cooperating units' parts: under `lead`, when it is the one lead. */
export function consolidatesParts(state: Pick<TMeasureState, 'assignments'>, reportTo: TReportTo, assignmentId: string): boolean {
  if (reportTo !== 'lead') return false;
  const active = state.assignments.filter((a) => a.active);
  const leads = active.filter((a) => a.role === 'lead');
  return leads.length === 1 && leads[0]!.id === assignmentId && active.some((a) => a.role === 'cooperating');
}
