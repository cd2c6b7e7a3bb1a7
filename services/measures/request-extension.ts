import type { TExtensionRequest } from '../../domain/measure-actions';
import { requestExtensionUpdate, type TExtensionAnswer } from '../../workflows/measure/definitions';
import { findOwnAssignment, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { measureOfAssignment, updateMeasure } from './measure-update';

/**
 * 延期申请: a unit asks, before its report is due, for a later date. `as`: the person asking, who must be of the
 * assigned unit (the API and the pages); without it the request is taken as it names its asker (tests, tools).
 */
export async function requestExtension(deps: Pick<TServiceDeps, 'db' | 'temporal'>, request: TExtensionRequest, as?: TPerson): Promise<TExtensionAnswer> {
  const measure = as ? (await findOwnAssignment(deps.db, as, request.assignmentId)).measure : await measureOfAssignment(deps.db, request.assignmentId);
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, requestExtensionUpdate, request);
}
