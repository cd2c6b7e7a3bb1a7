import type { TActionAnswer } from '../../workflows/measure/definitions';
import { findMeasureFor, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { MEASURE_ACTIONS, type TMeasureActionBody, type TMeasureActionName } from './measure-actions';
import { updateMeasure } from './measure-update';

/**
 * A coordinator's change to a launched measure of a plan they coordinate (of `planId`, when the caller names it), as
 * the action's Update on the measure's workflow, which validates it and writes its audit record. `body` was checked
 * against the action's schema at the edge (MEASURE_ACTIONS); the request id makes a repeat return the first answer.
 */
export async function runMeasureAction<N extends TMeasureActionName>(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  at: { measureId: string; planId?: string },
  name: N,
  body: TMeasureActionBody<N>,
): Promise<TActionAnswer> {
  const measure = await findMeasureFor(deps.db, person, at.measureId, at.planId);
  const { client } = temporalOf(deps);
  const { update } = MEASURE_ACTIONS[name];
  return updateMeasure({ db: deps.db, client }, measure, update, { ...body, actorId: person.id });
}
