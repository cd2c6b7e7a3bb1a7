-- CreateIndex
CREATE INDEX "Measure_planId_status_idx" ON "Measure"("planId", "status");
