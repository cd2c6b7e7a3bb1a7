-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('pending', 'accepted', 'returned');

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "cycle" JSONB;

-- AlterTable
ALTER TABLE "ProgressReport" ADD COLUMN     "review" "ReviewStatus",
ADD COLUMN     "reviewReason" TEXT,
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT,
ADD COLUMN     "reworkDue" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "ProgressReport_review_submittedAt_idx" ON "ProgressReport"("review", "submittedAt");

-- AddForeignKey
ALTER TABLE "ProgressReport" ADD CONSTRAINT "ProgressReport_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
