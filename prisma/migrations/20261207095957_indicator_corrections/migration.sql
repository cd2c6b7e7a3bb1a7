-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "areaValues" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "IndicatorCorrection" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "original" DOUBLE PRECISION,
    "value" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "correctedAt" TIMESTAMP(3) NOT NULL,
    "correctedById" TEXT,

    CONSTRAINT "IndicatorCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IndicatorCorrection_reportId_targetId_correctedAt_idx" ON "IndicatorCorrection"("reportId", "targetId", "correctedAt");

-- CreateIndex
CREATE INDEX "IndicatorCorrection_targetId_idx" ON "IndicatorCorrection"("targetId");

-- AddForeignKey
ALTER TABLE "IndicatorCorrection" ADD CONSTRAINT "IndicatorCorrection_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorCorrection" ADD CONSTRAINT "IndicatorCorrection_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;
