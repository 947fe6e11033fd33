-- Lists (projects). Written by hand around the generated statements: the Task rows that exist get
-- their user's Inbox, made here for every user, before "listId" becomes NOT NULL.

-- CreateTable
CREATE TABLE "TaskList" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "nameKey" VARCHAR(100),
    "color" VARCHAR(7),
    "position" INTEGER NOT NULL DEFAULT 0,
    "isInbox" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TaskList_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TaskList_userId_position_idx" ON "TaskList"("userId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "TaskList_userId_nameKey_key" ON "TaskList"("userId", "nameKey");

-- AddForeignKey
ALTER TABLE "TaskList" ADD CONSTRAINT "TaskList_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing user's Inbox
INSERT INTO "TaskList" ("id", "userId", "name", "nameKey", "position", "isInbox", "updatedAt")
SELECT gen_random_uuid(), "id", 'Inbox', 'inbox', 0, true, CURRENT_TIMESTAMP FROM "User";

-- AlterTable: every existing task (in the trash too) goes into its user's Inbox
ALTER TABLE "Task" ADD COLUMN "listId" UUID;
UPDATE "Task" t SET "listId" = l."id" FROM "TaskList" l WHERE l."userId" = t."userId" AND l."isInbox";
ALTER TABLE "Task" ALTER COLUMN "listId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Task_listId_status_dueSortAt_id_idx" ON "Task"("listId", "status", "dueSortAt", "id");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_listId_fkey" FOREIGN KEY ("listId") REFERENCES "TaskList"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
