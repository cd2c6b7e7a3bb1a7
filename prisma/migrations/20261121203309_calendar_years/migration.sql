-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);
