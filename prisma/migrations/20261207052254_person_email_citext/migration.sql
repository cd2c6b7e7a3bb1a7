-- An e-mail address is one person's whatever the case of its letters: Zhang@ and zhang@ were two people, and an
-- import that wrote a known address in other letters added a second person instead of updating the first.
-- (No semicolon in these comments: Prisma's migration runner splits the script at every one.)

-- Addresses already held twice: the person created first keeps the address (the later one exists only because a
-- lookup missed the first). Each later one's address becomes duplicate-<id>@duban.invalid (RFC 2606: no mail reaches
-- it), so nobody is merged or lost, and the change is audited with the address it had and who kept it. An admin
-- gives that person their right address, or removes them.
INSERT INTO "AuditEvent" ("actorLabel", "action", "subjectType", "subjectId", "data")
SELECT 'migration', 'person.email_deduplicated', 'person', d."id", jsonb_build_object('email', d."email", 'keptBy', d."keptBy")
FROM (
  SELECT "id", "email", "createdAt",
         first_value("id") OVER (PARTITION BY lower("email") ORDER BY "createdAt", "id") AS "keptBy"
  FROM "Person"
) d
WHERE d."id" <> d."keptBy"
ORDER BY d."createdAt", d."id";

UPDATE "Person" p SET "email" = 'duplicate-' || p."id" || '@duban.invalid'
FROM (
  SELECT "id", first_value("id") OVER (PARTITION BY lower("email") ORDER BY "createdAt", "id") AS "keptBy" FROM "Person"
) d
WHERE d."id" = p."id" AND d."id" <> d."keptBy";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext";

-- AlterTable
ALTER TABLE "Person" ALTER COLUMN "email" SET DATA TYPE CITEXT;
