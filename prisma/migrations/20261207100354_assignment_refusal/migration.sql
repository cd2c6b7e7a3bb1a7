-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "refusalReason" TEXT,
ADD COLUMN     "refusedAt" TIMESTAMP(3);
