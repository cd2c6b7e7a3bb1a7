-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "annualSummary" JSONB;

-- CreateTable
CREATE TABLE "AnnualSummary" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "targets" TEXT NOT NULL,
    "measures" TEXT NOT NULL,
    "evidence" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "submittedById" TEXT,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "dueOn" DATE NOT NULL,

    CONSTRAINT "AnnualSummary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnnualSummary_planId_year_unitId_key" ON "AnnualSummary"("planId", "year", "unitId");

-- AddForeignKey
ALTER TABLE "AnnualSummary" ADD CONSTRAINT "AnnualSummary_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnualSummary" ADD CONSTRAINT "AnnualSummary_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnualSummary" ADD CONSTRAINT "AnnualSummary_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
