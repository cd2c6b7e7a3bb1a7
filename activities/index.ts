import type { TConfig } from '../lib/config';
import type { Mailer } from '../mail/mailer';
import type { Db } from '../prisma/client';
import { createLoadCalendar } from './calendar/load-calendar';
import { createEscalateAssignment } from './escalation/escalate-assignment';
import { createSendNotice } from './mail/send-notice';
import { createApplyCoordinatorAction } from './measures/apply-coordinator-action';
import { createAssignUnits } from './measures/assign-units';
import { createCloseMeasure } from './measures/close-measure';
import { createListOpenMeasures } from './measures/list-open-measures';
import { createRecordColourChange } from './measures/record-colour-change';
import { createRecordExtension } from './measures/record-extension';
import { createRecordProgressReport } from './progress/record-progress-report';
import { createOweCloseScores } from './scoring/owe-close-scores';
import { createScoringActivities } from './scoring/recompute-scores';
import { createLeaderSummaryActivities } from './scoring/send-leader-summaries';

/** Every activity the worker registers, built from its dependencies. Workflows import only this type. */
export function createActivities({ db, mailer, clock = () => new Date(), config }: { db: Db; mailer: Mailer; clock?: () => Date; config: Pick<TConfig, 'publicUrl'> }) {
  const deps = { db, mailer, clock, config };
  return {
    ...createLoadCalendar(deps),
    ...createListOpenMeasures(deps),
    ...createAssignUnits(deps),
    ...createSendNotice(deps),
    ...createEscalateAssignment(deps),
    ...createRecordProgressReport(deps),
    ...createRecordColourChange(deps),
    ...createRecordExtension(deps),
    ...createApplyCoordinatorAction(deps),
    ...createCloseMeasure(deps),
    ...createScoringActivities(deps),
    ...createOweCloseScores(deps),
    ...createLeaderSummaryActivities(deps),
  };
}
export type TActivities = ReturnType<typeof createActivities>;
