import { ApplicationFailure } from '@temporalio/activity';
import { MEASURE_FAILURE } from '../../domain/measure-failures';
import type { TProgressSubmission } from '../../domain/progress';
import type { TActivityDeps } from '../deps';

export type TRecordReportInput = { reportId: string; submission: TProgressSubmission; period: string; dueAt: string; submittedAt: string };

const ASSIGNMENT_STATUS = { not_started: 'assigned', in_progress: 'in_progress', blocked: 'blocked', done: 'done' } as const;

/** Projects an accepted report; its idempotency key makes a retried write a no-op. */
export function createRecordProgressReport({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async recordProgressReport({ reportId, submission: s, period, dueAt, submittedAt }: TRecordReportInput): Promise<{ reportId: string }> {
      const person = await db.person.findUnique({ where: { id: s.submittedBy }, select: { id: true } });
      if (!person) {
        throw ApplicationFailure.create({ type: MEASURE_FAILURE.unknownPerson, nonRetryable: true, message: `报送人不存在 / no person ${s.submittedBy}` });
      }
      const [row] = await db.$transaction([
        db.progressReport.upsert({
          where: { idempotencyKey: s.idempotencyKey },
          create: {
            id: reportId,
            assignmentId: s.assignmentId,
            period,
            dueAt: new Date(dueAt),
            status: s.status,
            percent: s.percent,
            narrative: s.narrative,
            blockedReason: s.blockedReason ?? null,
            targetValues: s.targetValues,
            attachments: s.attachments,
            submittedAt: new Date(submittedAt),
            submittedById: s.submittedBy,
            idempotencyKey: s.idempotencyKey,
          },
          update: {},
        }),
        db.assignment.update({ where: { id: s.assignmentId }, data: { status: ASSIGNMENT_STATUS[s.status] } }),
      ]);
      return { reportId: row.id };
    },
  };
}
