-- AlterTable
ALTER TABLE "UnitChannel" ADD COLUMN     "personId" TEXT,
ALTER COLUMN "unitId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "UnitChannel_personId_idx" ON "UnitChannel"("personId");

-- AddForeignKey
ALTER TABLE "UnitChannel" ADD CONSTRAINT "UnitChannel_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A channel belongs to a unit or to a person, never both, never neither.
ALTER TABLE "UnitChannel" ADD CONSTRAINT "UnitChannel_one_owner" CHECK (("unitId" IS NULL) <> ("personId" IS NULL));
