import type { Client } from '@temporalio/client';
import type { TConfig } from '../lib/config';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { createLoadCalendar } from './calendar/load-calendar';
import { createEscalateAssignment } from './escalation/escalate-assignment';
import { createSendExtensionMail } from './mail/send-extension-mail';
import { createSendNotice } from './mail/send-notice';
import { createApplyCoordinatorAction } from './measures/apply-coordinator-action';
import { createAssignUnits } from './measures/assign-units';
import { createCloseMeasure } from './measures/close-measure';
import { createListOpenMeasures } from './measures/list-open-measures';
import { createRecordColourChange } from './measures/record-colour-change';
import { createRecordAcknowledgement } from './measures/record-acknowledgement';
import { createRecordExtension } from './measures/record-extension';
import { createLaunchSteps } from './plans/launch-steps';
import { createRecordProgressReport } from './progress/record-progress-report';
import { createOweCloseScores } from './scoring/owe-close-scores';
import { createLeaderSummaryActivities } from './scoring/send-leader-summaries';

/**
 * Every activity the worker registers, built from its dependencies. Workflows import only this type. `temporal` is a
 * client of the server the worker polls: a plan's launch starts its measures' workflows through it.
 */
export function createActivities({
  db,
  mailer,
  clock = () => new Date(),
  config,
  temporal,
}: {
  db: Db;
  mailer: Mailer;
  clock?: () => Date;
  config: Pick<TConfig, 'publicUrl'>;
  temporal: Client;
}) {
  const deps = { db, mailer, clock, config };
  return {
    ...createLoadCalendar(deps),
    ...createListOpenMeasures(deps),
    ...createLaunchSteps({ ...deps, temporal }),
    ...createAssignUnits(deps),
    ...createSendNotice(deps),
    ...createSendExtensionMail(deps),
    ...createEscalateAssignment(deps),
    ...createRecordProgressReport(deps),
    ...createRecordColourChange(deps),
    ...createRecordExtension(deps),
    ...createRecordAcknowledgement(deps),
    ...createApplyCoordinatorAction(deps),
    ...createCloseMeasure(deps),
    ...createOweCloseScores(deps),
    ...createLeaderSummaryActivities(deps),
  };
}
export type TActivities = ReturnType<typeof createActivities>;
