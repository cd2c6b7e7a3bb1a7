-- AlterTable
ALTER TABLE "ProgressReport" ADD COLUMN     "parts" JSONB,
ADD COLUMN     "toLead" BOOLEAN NOT NULL DEFAULT false;
