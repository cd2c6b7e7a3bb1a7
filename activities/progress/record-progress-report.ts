import { ApplicationFailure } from '@temporalio/activity';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TProgressSubmission } from '../../domain/progress';
import { Prisma } from '../../prisma/client';
import { owePlanScores } from '../../services/scoring/score-plan';
import type { TActivityDeps } from '../deps';

/** `review`: the report waits for the office's review (审核) before it counts. `subtasks`: the unit's 分解 progress as it reported. */
export type TRecordReportInput = {
  reportId: string;
  submission: TProgressSubmission;
  period: string;
  dueAt: string;
  submittedAt: string;
  review?: boolean;
  subtasks?: { done: number; total: number } | null;
};
/** The report the database holds under the submission's key: this one (`recorded`), or the first sent under it. */
export type TStoredReport = { reportId: string; period: string; dueAt: string; submittedAt: string; recorded: boolean };

const ASSIGNMENT_STATUS = { not_started: 'assigned', in_progress: 'in_progress', blocked: 'blocked', done: 'done' } as const;
/** A done report waiting for review leaves its unit in progress until the office accepts it. */
const statusOf = (status: TProgressSubmission['status'], review: boolean) => (review && status === 'done' ? 'in_progress' : ASSIGNMENT_STATUS[status]);

type TRecorded = { inserted: string | null; existingId: string | null; period: string | null; dueAt: Date | null; submittedAt: Date | null; personKnown: boolean };

/**
 * Projects an accepted report in one statement: the report row under its idempotency key, which is unique for its
 * assignment and submitter (a retried write, or a repeat that reaches a run no longer holding its answer, finds the
 * first report and changes nothing), its assignment's status, and the rescoring its plan now owes
 * (worker/score-keeper.ts). One statement needs no transaction, so the embedded database is not held between round
 * trips while a person waits.
 */
export function createRecordProgressReport({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async recordProgressReport({ reportId, submission: s, period, dueAt, submittedAt, review = false, subtasks = null }: TRecordReportInput): Promise<TStoredReport> {
      const [row] = await db.$queryRaw<TRecorded[]>`
        WITH person AS (SELECT 1 FROM "Person" WHERE "id" = ${s.submittedBy}),
        report AS (
          INSERT INTO "ProgressReport" ("id", "assignmentId", "period", "dueAt", "status", "percent", "narrative", "blockedReason",
                                        "targetValues", "attachments", "submittedAt", "submittedById", "idempotencyKey", "review", "subtasks")
          SELECT ${reportId}, ${s.assignmentId}, ${period}, ${new Date(dueAt)}::timestamp(3), ${s.status}::"ReportStatus", ${s.percent}::int,
                 ${s.narrative}, ${s.blockedReason ?? null}, ${JSON.stringify(s.targetValues)}::jsonb, ${JSON.stringify(s.attachments)}::jsonb,
                 ${new Date(submittedAt)}::timestamp(3), ${s.submittedBy}, ${s.idempotencyKey}, ${review ? 'pending' : null}::"ReviewStatus",
                 ${subtasks === null ? null : JSON.stringify(subtasks)}::jsonb
          WHERE EXISTS (SELECT 1 FROM person)
          ON CONFLICT ("assignmentId", "submittedById", "idempotencyKey") DO NOTHING
          RETURNING "id"
        ),
        moved AS (
          UPDATE "Assignment" SET "status" = ${statusOf(s.status, review)}::"AssignmentStatus", "updatedAt" = now()
          WHERE "id" = ${s.assignmentId} AND EXISTS (SELECT 1 FROM report)
        ),
        owed AS (${owePlanScores(
          Prisma.sql`SELECT m."planId" FROM "Assignment" a JOIN "Measure" m ON m."id" = a."measureId" WHERE a."id" = ${s.assignmentId}`,
          new Date(submittedAt),
          Prisma.sql`EXISTS (SELECT 1 FROM report)`,
        )})
        SELECT (SELECT "id" FROM report) AS "inserted", e."id" AS "existingId", e."period", e."dueAt", e."submittedAt",
               EXISTS (SELECT 1 FROM person) AS "personKnown"
        FROM (SELECT 1) AS one
        LEFT JOIN "ProgressReport" e
          ON e."assignmentId" = ${s.assignmentId} AND e."submittedById" = ${s.submittedBy} AND e."idempotencyKey" = ${s.idempotencyKey}`;
      if (row?.inserted) return { reportId: row.inserted, period, dueAt, submittedAt, recorded: true };
      if (row?.existingId) {
        return { reportId: row.existingId, period: row.period!, dueAt: row.dueAt!.toISOString(), submittedAt: row.submittedAt!.toISOString(), recorded: false };
      }
      if (!row?.personKnown) throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.unknownPerson, { personId: s.submittedBy })));
      throw new Error(`进展报告未能写入 / the report ${s.idempotencyKey} was not recorded`);
    },
  };
}
