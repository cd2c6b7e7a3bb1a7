import { requestExtension } from '../../services/measures/request-extension';
import { submitProgress } from '../../services/progress/submit-progress';
import { workflowIdOf } from '../../services/measures/measure-update';
import { ZExtensionRequestSchema } from '../../domain/measure-actions';
import { ZProgressSubmissionSchema } from '../../domain/progress';
import type { TActor } from '../auth/actor';
import { findAssignmentFor, requireOwnUnit } from '../auth/scope';
import { AppError } from '../errors';
import { parsePart, type TDeps } from '../route';

function temporalOf(deps: TDeps) {
  if (!deps.temporal) throw new AppError('WORKFLOWS_UNAVAILABLE');
  return deps.temporal;
}

/**
 * A unit's progress report, through the measure workflow's Update (the same path as the CLI). Other units' items are
 * 404; a leader or coordinator who can read the item is told only the unit reports on it.
 */
export async function submitProgressAs(deps: TDeps, actor: TActor, assignmentId: string, fields: Record<string, unknown>) {
  const assignment = await findAssignmentFor(deps.db, actor, assignmentId);
  requireOwnUnit(actor, assignment);
  const submission = parsePart(ZProgressSubmissionSchema, { ...fields, assignmentId, submittedBy: actor.id }, 'body');
  return submitProgress(deps.db, temporalOf(deps), submission, { workflowId: workflowIdOf(assignment.measure) });
}

export async function requestExtensionAs(deps: TDeps, actor: TActor, assignmentId: string, fields: Record<string, unknown>) {
  const assignment = await findAssignmentFor(deps.db, actor, assignmentId);
  requireOwnUnit(actor, assignment);
  const request = parsePart(ZExtensionRequestSchema, { ...fields, assignmentId, requestedBy: actor.id }, 'body');
  return requestExtension(deps.db, temporalOf(deps), request, { workflowId: workflowIdOf(assignment.measure) });
}
