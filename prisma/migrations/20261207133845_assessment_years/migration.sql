-- CreateEnum
CREATE TYPE "AssessmentStage" AS ENUM ('open', 'publicity', 'final');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('pending', 'upheld', 'rejected');

-- CreateTable
CREATE TABLE "AssessmentYear" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "stage" "AssessmentStage" NOT NULL DEFAULT 'open',
    "publicityUntil" DATE,
    "finalisedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AssessmentYear_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentObjection" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "evidence" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lodgedById" TEXT,
    "lodgedAt" TIMESTAMP(3) NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'pending',
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "AssessmentObjection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentYear_planId_year_key" ON "AssessmentYear"("planId", "year");

-- CreateIndex
CREATE INDEX "AssessmentObjection_planId_year_idx" ON "AssessmentObjection"("planId", "year");

-- AddForeignKey
ALTER TABLE "AssessmentYear" ADD CONSTRAINT "AssessmentYear_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentObjection" ADD CONSTRAINT "AssessmentObjection_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentObjection" ADD CONSTRAINT "AssessmentObjection_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentObjection" ADD CONSTRAINT "AssessmentObjection_lodgedById_fkey" FOREIGN KEY ("lodgedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentObjection" ADD CONSTRAINT "AssessmentObjection_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
