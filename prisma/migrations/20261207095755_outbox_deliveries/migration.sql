-- Before the first release there is no mail to keep: an outbox written by the earlier design (one row per email,
-- sent by the activity that wrote it) is emptied rather than converted, and its step's retry, if still running,
-- writes the message again under the new key.
DELETE FROM "OutboxMessage";

-- CreateEnum
CREATE TYPE "OutboxChannel" AS ENUM ('email', 'signal');

-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'failed';

-- DropIndex
DROP INDEX "OutboxMessage_key_key";

-- DropIndex
DROP INDEX "OutboxMessage_status_idx";

-- AlterTable
ALTER TABLE "OutboxMessage" DROP COLUMN "attempts",
DROP COLUMN "key",
DROP COLUMN "lastError",
DROP COLUMN "messageId",
ADD COLUMN     "channel" "OutboxChannel" NOT NULL,
ADD COLUMN     "deliveryId" TEXT,
ADD COLUMN     "digestKey" TEXT,
ADD COLUMN     "facts" JSONB,
ADD COLUMN     "fallbackOfId" TEXT,
ADD COLUMN     "notBefore" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "planId" TEXT,
ADD COLUMN     "recipient" TEXT NOT NULL,
ADD COLUMN     "replyTo" TEXT[],
ADD COLUMN     "source" TEXT NOT NULL,
ALTER COLUMN "subject" SET DEFAULT '',
ALTER COLUMN "html" SET DEFAULT '',
ALTER COLUMN "text" SET DEFAULT '';

-- CreateTable
CREATE TABLE "OutboxDelivery" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "channel" "OutboxChannel" NOT NULL,
    "to" TEXT[],
    "replyTo" TEXT[],
    "subject" TEXT NOT NULL DEFAULT '',
    "html" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL DEFAULT '',
    "payload" JSONB,
    "items" INTEGER NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leasedUntil" TIMESTAMP(3),
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxDelivery_key_key" ON "OutboxDelivery"("key");

-- CreateIndex
CREATE INDEX "OutboxDelivery_status_nextAttemptAt_idx" ON "OutboxDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_deliveryId_notBefore_idx" ON "OutboxMessage"("deliveryId", "notBefore");

-- CreateIndex
CREATE INDEX "OutboxMessage_digestKey_idx" ON "OutboxMessage"("digestKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_planId_idx" ON "OutboxMessage"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_source_recipient_channel_key" ON "OutboxMessage"("source", "recipient", "channel");

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_fallbackOfId_fkey" FOREIGN KEY ("fallbackOfId") REFERENCES "OutboxMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "OutboxDelivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;
