-- AlterTable
ALTER TABLE "ProgressReport" ADD COLUMN     "subtasks" JSONB;

-- CreateTable
CREATE TABLE "Subtask" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assigneeName" TEXT NOT NULL,
    "assigneeEmail" TEXT,
    "assigneePhone" TEXT,
    "due" DATE NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,
    "addedById" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3),
    "doneById" TEXT,
    "doneNote" TEXT,

    CONSTRAINT "Subtask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Subtask_assignmentId_due_idx" ON "Subtask"("assignmentId", "due");

-- AddForeignKey
ALTER TABLE "Subtask" ADD CONSTRAINT "Subtask_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subtask" ADD CONSTRAINT "Subtask_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subtask" ADD CONSTRAINT "Subtask_doneById_fkey" FOREIGN KEY ("doneById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
