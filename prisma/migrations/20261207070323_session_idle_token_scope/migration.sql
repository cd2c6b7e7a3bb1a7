-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('read', 'report', 'coordinate');

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable: tokens issued before scopes keep acting as they did (every scope) for the 90 days a new token gets.
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3) NOT NULL DEFAULT (CURRENT_TIMESTAMP + interval '90 days'),
ADD COLUMN     "scope" "TokenScope" NOT NULL DEFAULT 'coordinate';
ALTER TABLE "ApiToken" ALTER COLUMN "expiresAt" DROP DEFAULT, ALTER COLUMN "scope" SET DEFAULT 'read';

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");
