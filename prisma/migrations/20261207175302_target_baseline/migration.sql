-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "baseline" DOUBLE PRECISION,
ADD COLUMN     "baselineYear" TEXT;
