-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "channels" JSONB;

-- CreateTable
CREATE TABLE "UnitChannel" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" "OutboxChannel" NOT NULL,
    "sealed" TEXT,
    "shown" TEXT NOT NULL,
    "phones" TEXT[],
    "brokenSince" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitChannel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnitChannel_unitId_idx" ON "UnitChannel"("unitId");

-- AddForeignKey
ALTER TABLE "UnitChannel" ADD CONSTRAINT "UnitChannel_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
