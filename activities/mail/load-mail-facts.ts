import { appLink } from '../../lib/config';
import { targetLine } from '../../domain/target-year';
import type { TOutboxDb } from '../../outbox/messages';
import type { TMailFacts } from './templates';

export type TMailContext = {
  planId: string;
  unitId: string;
  facts: TMailFacts;
  contacts: string[];
  leader: string[];
  coordinators: string[];
  /** The measure's targets in order, for an escalation's list of what is missing. */
  targets: { id: string; indicator: string; text: string }[];
};

type TContextRow = {
  id: string;
  planId: string;
  unitId: string;
  role: TMailFacts['role'];
  unitName: string;
  leaderName: string | null;
  leaderEmail: string | null;
  measureRef: string;
  measureTitle: string;
  measureText: string;
  planTitle: string;
  coordinatorName: string | null;
  targets: (TMailContext['targets'][number] & { by: string | null; original: unknown })[];
  contacts: string[];
  coordinators: string[];
};

const emails = (list: string[]) => [...new Set(list)].sort();

/**
 * What an email about one assignment says, and who may receive it. One round trip: every email of a plan's
 * reminders, due notices and escalations starts here, and relation-by-relation reads cost seven queries (one
 * carrying the plan's whole source text) where this is one narrow row. The coordinators are the contacts and
 * coordinators of the plan's coordinating unit; a plan with none on file reaches every coordinator instead, so its
 * escalations and redirected notices still land in the leading group's office rather than back with the unit.
 */
export async function loadMailContext(db: TOutboxDb, publicUrl: string, assignmentId: string): Promise<TMailContext> {
  // Addresses as text: Prisma's pg adapter reads an array of citext (Person.email), a type it does not know, as one string.
  const [a] = await db.$queryRaw<TContextRow[]>`
    SELECT a."id", p."id" AS "planId", a."unitId", a."role"::text AS "role", u."name" AS "unitName", l."name" AS "leaderName", l."email"::text AS "leaderEmail",
           m."ref" AS "measureRef", m."title" AS "measureTitle", m."text" AS "measureText", p."title" AS "planTitle",
           (SELECT cu."name" FROM "Unit" cu WHERE cu."id" = p."coordinatorUnitId") AS "coordinatorName",
           COALESCE((SELECT json_agg(json_build_object('id', t."id", 'indicator', t."indicator", 'text', t."text", 'by', t."by", 'original', t."original") ORDER BY t."position")
                     FROM "Target" t WHERE t."measureId" = m."id"), '[]'::json) AS "targets",
           ARRAY(SELECT c."email"::text FROM "Person" c WHERE c."unitId" = u."id" AND c."isContact") AS "contacts",
           ARRAY(SELECT c."email"::text FROM "Person" c
                 WHERE CASE WHEN p."coordinatorUnitId" IS NULL THEN c."role" = 'coordinator'
                            ELSE c."unitId" = p."coordinatorUnitId" AND (c."isContact" OR c."role" = 'coordinator') END) AS "coordinators"
    FROM "Assignment" a
    JOIN "Unit" u ON u."id" = a."unitId"
    LEFT JOIN "Person" l ON l."id" = u."leaderId"
    JOIN "Measure" m ON m."id" = a."measureId"
    JOIN "Plan" p ON p."id" = m."planId"
    WHERE a."id" = ${assignmentId}`;
  if (!a) throw new Error(`分工不存在 / no assignment ${assignmentId}`);
  return {
    planId: a.planId,
    unitId: a.unitId,
    facts: {
      planTitle: a.planTitle,
      measureRef: a.measureRef,
      measureTitle: a.measureTitle,
      measureText: a.measureText,
      unitName: a.unitName,
      role: a.role,
      link: appLink(publicUrl, `/items/${a.id}`),
      // A re-based plan's target in its moved years, the plan's own beside it (原定2020年).
      targets: a.targets.map((t) => ({ text: targetLine(t) })),
      periods: [],
      leaderName: a.leaderName,
      coordinatorName: a.coordinatorName,
    },
    contacts: emails(a.contacts),
    leader: a.leaderEmail === null ? [] : [a.leaderEmail],
    coordinators: emails(a.coordinators),
    targets: a.targets.map(({ id, indicator, text }) => ({ id, indicator, text })),
  };
}
