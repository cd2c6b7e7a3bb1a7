import { addCooperatingUnit } from '../../services/measures/add-cooperating-unit';
import { cancelMeasure } from '../../services/measures/cancel-measure';
import { changeDueDate } from '../../services/measures/change-due-date';
import { decideExtension } from '../../services/measures/decide-extension';
import { reassignUnit } from '../../services/measures/reassign-unit';
import { removeCooperatingUnit } from '../../services/measures/remove-cooperating-unit';
import type { TActor } from '../auth/actor';
import { requireCoordinator } from '../auth/actor';
import { planScope } from '../auth/scope';
import { AppError } from '../errors';
import type { TDeps } from '../route';

function temporalOf(deps: TDeps) {
  if (!deps.temporal) throw new AppError('WORKFLOWS_UNAVAILABLE');
  return deps.temporal;
}

async function measureInScope(deps: TDeps, actor: TActor, measureId: string): Promise<string> {
  const m = await deps.db.measure.findFirst({ where: { id: measureId, plan: planScope(actor) }, select: { id: true } });
  if (!m) throw new AppError('NOT_FOUND', '未找到该措施 / no such measure');
  return m.id;
}

export const MEASURE_ACTIONS = {
  reassign: reassignUnit,
  'add-cooperating': addCooperatingUnit,
  'remove-cooperating': removeCooperatingUnit,
  'change-due': changeDueDate,
  cancel: cancelMeasure,
} as const;
export type TMeasureActionName = keyof typeof MEASURE_ACTIONS;

/** A coordinator's change to a launched measure, as an Update on its workflow (which audits it). */
export async function runMeasureAction(deps: TDeps, actor: TActor | null, measureId: string, action: TMeasureActionName, fields: Record<string, unknown>) {
  const a = requireCoordinator(actor);
  const id = await measureInScope(deps, a, measureId);
  return MEASURE_ACTIONS[action](deps.db, temporalOf(deps), id, { ...fields, actorId: a.id });
}

export async function decideExtensionAs(deps: TDeps, actor: TActor | null, extensionId: string, fields: { approve: boolean; note?: string; requestId: string }) {
  const a = requireCoordinator(actor);
  const ext = await deps.db.extension.findFirst({ where: { id: extensionId, assignment: { measure: { plan: planScope(a) } } }, select: { id: true } });
  if (!ext) throw new AppError('NOT_FOUND', '未找到该延期申请 / no such extension request');
  return decideExtension(deps.db, temporalOf(deps), { ...fields, extensionId: ext.id, decidedBy: a.id });
}
