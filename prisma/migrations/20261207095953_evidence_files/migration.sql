-- AlterTable
ALTER TABLE "StoredFile" ADD COLUMN     "assignmentId" TEXT;

-- CreateIndex
CREATE INDEX "StoredFile_assignmentId_idx" ON "StoredFile"("assignmentId");

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
