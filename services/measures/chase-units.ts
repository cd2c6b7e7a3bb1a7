import { randomUUID } from 'node:crypto';
import type { TChaseBody } from '../../domain/measure-actions';
import { chaseUnitsUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { findMeasureFor, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { updateMeasure } from './measure-update';

/**
 * 催办 by hand: a coordinator of the measure's plan chases some of its units in the office's own words. The measure's
 * workflow checks each unit holds the measure, audits it and writes one message per unit to the outbox. A request
 * without an id is a new 催办 each time.
 */
export async function chaseUnits(deps: Pick<TServiceDeps, 'db' | 'temporal'>, person: TPerson, measureId: string, body: TChaseBody): Promise<TActionAnswer> {
  const measure = await findMeasureFor(deps.db, person, measureId);
  const { client } = temporalOf(deps);
  return updateMeasure({ db: deps.db, client }, measure, chaseUnitsUpdate, { ...body, requestId: body.requestId ?? randomUUID(), actorId: person.id });
}
