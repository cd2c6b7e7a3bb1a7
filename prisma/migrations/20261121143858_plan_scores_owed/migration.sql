-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "scoresOwed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "scoresOwedAsOf" TIMESTAMP(3);
