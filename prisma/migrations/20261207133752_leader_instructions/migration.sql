-- CreateTable
CREATE TABLE "Instruction" (
    "id" TEXT NOT NULL,
    "measureId" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "writtenById" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "replyBy" DATE NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Instruction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstructionReply" (
    "instructionId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "text" TEXT,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "repliedAt" TIMESTAMP(3),
    "repliedById" TEXT,

    CONSTRAINT "InstructionReply_pkey" PRIMARY KEY ("instructionId","assignmentId")
);

-- CreateIndex
CREATE INDEX "Instruction_measureId_at_idx" ON "Instruction"("measureId", "at");

-- CreateIndex
CREATE INDEX "InstructionReply_assignmentId_idx" ON "InstructionReply"("assignmentId");

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_writtenById_fkey" FOREIGN KEY ("writtenById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionReply" ADD CONSTRAINT "InstructionReply_instructionId_fkey" FOREIGN KEY ("instructionId") REFERENCES "Instruction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionReply" ADD CONSTRAINT "InstructionReply_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionReply" ADD CONSTRAINT "InstructionReply_repliedById_fkey" FOREIGN KEY ("repliedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
