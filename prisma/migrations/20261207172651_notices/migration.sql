-- CreateEnum
CREATE TYPE "NoticeStatus" AS ENUM ('draft', 'issued');

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "noticePrefix" TEXT;

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "NoticeStatus" NOT NULL DEFAULT 'draft',
    "office" TEXT NOT NULL,
    "docPrefix" TEXT,
    "docYear" INTEGER,
    "docSeq" INTEGER,
    "fileId" TEXT,
    "issuedAt" TIMESTAMP(3),
    "issuedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeUnit" (
    "noticeId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "mention" TEXT NOT NULL,

    CONSTRAINT "NoticeUnit_pkey" PRIMARY KEY ("noticeId","unitId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Notice_fileId_key" ON "Notice"("fileId");

-- CreateIndex
CREATE INDEX "Notice_planId_idx" ON "Notice"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_office_docYear_docSeq_key" ON "Notice"("office", "docYear", "docSeq");

-- CreateIndex
CREATE INDEX "NoticeUnit_unitId_idx" ON "NoticeUnit"("unitId");

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeUnit" ADD CONSTRAINT "NoticeUnit_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeUnit" ADD CONSTRAINT "NoticeUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
