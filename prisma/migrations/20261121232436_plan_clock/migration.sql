-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "clock" JSONB;
