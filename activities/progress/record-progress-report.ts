import { ApplicationFailure } from '@temporalio/activity';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TProgressSubmission } from '../../domain/progress';
import { shanghaiDate } from '../../calendar/working-days';
import { asJson, digestKey, recipient, writeMessages } from '../../outbox/messages';
import { Prisma } from '../../prisma/client';
import { owePlanScores } from '../../services/scoring/score-plan';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from '../mail/load-mail-facts';
import { renderPartMail } from '../mail/templates';

/**
 * `review`: the report waits for the office's review (审核) before it counts. `subtasks`: the unit's 分解 progress as it
 * reported. `toLead`: the lead unit's assignment a cooperating unit's part goes to (cycle.reportTo = lead), which is told
 * of it. `consolidate`: the lead unit's report includes its cooperating units' parts: those it chose (`submission.parts`,
 * checked by the service), or each one's latest.
 */
export type TRecordReportInput = {
  reportId: string;
  submission: TProgressSubmission;
  period: string;
  dueAt: string;
  submittedAt: string;
  review?: boolean;
  subtasks?: { done: number; total: number } | null;
  toLead?: string | null;
  consolidate?: boolean;
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
export function createRecordProgressReport({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async recordProgressReport(input: TRecordReportInput): Promise<TStoredReport> {
      const stored = await recordReport(db, input);
      if (input.toLead) {
        // Written under the stored report's id, so a retry (or a repeat that found the first report) writes nothing new.
        if ((await writePartMail(db, config.publicUrl, input.toLead, stored.reportId, outbox.gatherMs)) > 0) outbox.written();
      }
      return stored;
    },
  };
}

async function recordReport(db: TActivityDeps['db'], { reportId, submission: s, period, dueAt, submittedAt, review = false, subtasks = null, toLead = null, consolidate = false }: TRecordReportInput): Promise<TStoredReport> {
  const [row] = await db.$queryRaw<TRecorded[]>`
    WITH person AS (SELECT 1 FROM "Person" WHERE "id" = ${s.submittedBy}),
    report AS (
      INSERT INTO "ProgressReport" ("id", "assignmentId", "period", "dueAt", "status", "percent", "narrative", "blockedReason",
                                    "targetValues", "attachments", "submittedAt", "submittedById", "idempotencyKey", "review", "subtasks",
                                    "toLead", "parts")
      SELECT ${reportId}, ${s.assignmentId}, ${period}, ${new Date(dueAt)}::timestamp(3), ${s.status}::"ReportStatus", ${s.percent}::int,
             ${s.narrative}, ${s.blockedReason ?? null}, ${JSON.stringify(s.targetValues)}::jsonb, ${JSON.stringify(s.attachments)}::jsonb,
             ${new Date(submittedAt)}::timestamp(3), ${s.submittedBy}, ${s.idempotencyKey}, ${review ? 'pending' : null}::"ReviewStatus",
             ${subtasks === null ? null : JSON.stringify(subtasks)}::jsonb, ${toLead !== null},
             ${consolidate ? (s.parts ? Prisma.sql`${JSON.stringify(s.parts)}::jsonb` : latestParts(s.assignmentId)) : Prisma.sql`NULL`}
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
}

/** The latest part each cooperating unit of the measure sent its lead unit, oldest first, as a JSON array of ids (null for none). */
const latestParts = (assignmentId: string) => Prisma.sql`(
  SELECT jsonb_agg(x."id" ORDER BY x."submittedAt") FROM (
    SELECT DISTINCT ON (r."assignmentId") r."id", r."submittedAt"
    FROM "ProgressReport" r JOIN "Assignment" c ON c."id" = r."assignmentId"
    WHERE r."toLead" AND c."status" <> 'cancelled' AND c."measureId" = (SELECT "measureId" FROM "Assignment" WHERE "id" = ${assignmentId})
    ORDER BY r."assignmentId", r."submittedAt" DESC) x)`;

/**
 * 配合单位报送: the lead unit's contacts told of a cooperating unit's part (the office's, told why, when it has none),
 * once per part; the parts reaching one lead unit the same day go as one letter.
 */
async function writePartMail(db: TActivityDeps['db'], publicUrl: string, leadAssignmentId: string, reportId: string, gatherMs: number): Promise<number> {
  const part = await db.progressReport.findUniqueOrThrow({ where: { id: reportId }, select: { assignmentId: true, period: true, status: true, percent: true, narrative: true, submittedAt: true } });
  const [lead, from] = await Promise.all([loadMailContext(db, publicUrl, leadAssignmentId), loadMailContext(db, publicUrl, part.assignmentId)]);
  const redirected = lead.contacts.length ? undefined : ('no-contact' as const);
  const to = redirected ? lead.coordinators : lead.contacts;
  const facts = {
    ...lead.facts,
    redirected,
    part: { unitName: from.facts.unitName, period: part.period, status: part.status, percent: part.percent, narrative: part.narrative, submittedAt: part.submittedAt.toISOString() },
  };
  return writeMessages(db, [
    {
      source: `${reportId}:part-received`,
      recipient: recipient.unit(lead.unitId),
      channel: 'email',
      step: 'part-received',
      period: part.period,
      planId: lead.planId,
      assignmentId: leadAssignmentId,
      to,
      replyTo: redirected ? [] : lead.coordinators,
      ...renderPartMail(facts),
      facts: asJson(facts),
      digestKey: digestKey.partDay(lead.unitId, shanghaiDate(part.submittedAt)),
      notBefore: new Date(Date.now() + gatherMs),
    },
  ]);
}
