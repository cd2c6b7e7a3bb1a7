-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "scoringBy" TEXT,
ADD COLUMN     "scoringUntil" TIMESTAMP(3);
