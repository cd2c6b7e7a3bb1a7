-- DropIndex
DROP INDEX "ProgressReport_idempotencyKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "ProgressReport_assignmentId_submittedById_idempotencyKey_key" ON "ProgressReport"("assignmentId", "submittedById", "idempotencyKey");
