-- DropIndex
DROP INDEX "Score_planId_scope_subjectId_key";

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "period" JSONB,
ADD COLUMN     "reportingNamed" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Measure" ADD COLUMN     "originalDue" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "milestones" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "original" JSONB;

-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "year" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "Score_planId_year_scope_subjectId_key" ON "Score"("planId", "year", "scope", "subjectId");
