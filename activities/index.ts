import type { Client } from '@temporalio/client';
import type { TConfig } from '../lib/config';
import type { TOutboxWriter } from '../outbox/messages';
import type { Db } from '../prisma/client';
import { createLoadCalendar } from './calendar/load-calendar';
import { createEscalateAssignment } from './escalation/escalate-assignment';
import { createSendAcknowledgeChase } from './mail/send-acknowledge-chase';
import { createSendInstructionChase } from './mail/send-instruction-chase';
import { createSendNotice } from './mail/send-notice';
import { createSendSubtaskChase } from './mail/send-subtask-chase';
import { createApplyCoordinatorAction } from './measures/apply-coordinator-action';
import { createAssignUnits } from './measures/assign-units';
import { createCloseMeasure } from './measures/close-measure';
import { createListOpenMeasures } from './measures/list-open-measures';
import { createRecordColourChange } from './measures/record-colour-change';
import { createRecordAcknowledgement } from './measures/record-acknowledgement';
import { createRecordExtension } from './measures/record-extension';
import { createRecordInstruction } from './measures/record-instruction';
import { createRecordSubtask } from './measures/record-subtask';
import { createLaunchSteps } from './plans/launch-steps';
import { createLoadPlanLadder } from './plans/load-plan-ladder';
import { createRecordProgressReport } from './progress/record-progress-report';
import { createRemindLateReviews } from './reviews/remind-late-reviews';
import { createOweCloseScores } from './scoring/owe-close-scores';
import { createLeaderSummaryActivities } from './scoring/send-leader-summaries';

/**
 * Every activity the worker registers, built from its dependencies. Workflows import only this type. `temporal` is a
 * client of the server the worker polls: a plan's launch starts its measures' workflows through it. `outbox` is where
 * the messages steps owe are written, for the worker's dispatcher to send.
 */
export function createActivities({
  db,
  clock = () => new Date(),
  config,
  temporal,
  outbox,
}: {
  db: Db;
  clock?: () => Date;
  config: Pick<TConfig, 'publicUrl'>;
  temporal: Client;
  outbox: TOutboxWriter;
}) {
  const deps = { db, clock, config, outbox };
  return {
    ...createLoadCalendar(deps),
    ...createLoadPlanLadder(deps),
    ...createListOpenMeasures(deps),
    ...createLaunchSteps({ ...deps, temporal }),
    ...createAssignUnits(deps),
    ...createSendNotice(deps),
    ...createSendAcknowledgeChase(deps),
    ...createSendInstructionChase(deps),
    ...createSendSubtaskChase(deps),
    ...createEscalateAssignment(deps),
    ...createRecordProgressReport(deps),
    ...createRecordColourChange(deps),
    ...createRecordExtension(deps),
    ...createRecordAcknowledgement(deps),
    ...createRecordInstruction(deps),
    ...createRecordSubtask(deps),
    ...createApplyCoordinatorAction(deps),
    ...createCloseMeasure(deps),
    ...createOweCloseScores(deps),
    ...createLeaderSummaryActivities(deps),
    ...createRemindLateReviews(deps),
  };
}
export type TActivities = ReturnType<typeof createActivities>;
