-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "ackHandler" JSONB,
ADD COLUMN     "ackNote" TEXT,
ADD COLUMN     "ackResponsible" JSONB,
ADD COLUMN     "acknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "acknowledgedById" TEXT;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
