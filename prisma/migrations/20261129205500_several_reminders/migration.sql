-- Several reminders per task (hand-edited: data moved before the old column and keys go).

-- AlterTable: each task's reminderMinutesBefore becomes its one relative reminder.
ALTER TABLE "Task" ADD COLUMN     "reminders" JSONB NOT NULL DEFAULT '[]';
UPDATE "Task" SET "reminders" = jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'minutesBefore', "reminderMinutesBefore"))
  WHERE "reminderMinutesBefore" IS NOT NULL;
ALTER TABLE "Task" DROP COLUMN "reminderMinutesBefore";

-- AlterTable: a Reminder row per reminder of a task, and an existing row is the migrated reminder's (so a pending one still fires).
DROP INDEX "Reminder_taskId_key";
ALTER TABLE "Reminder" ADD COLUMN     "reminderId" UUID;
UPDATE "Reminder" AS r SET "reminderId" = (t."reminders"->0->>'id')::uuid
  FROM "Task" AS t WHERE t."id" = r."taskId" AND jsonb_array_length(t."reminders") > 0;
UPDATE "Reminder" SET "reminderId" = "id" WHERE "reminderId" IS NULL;
ALTER TABLE "Reminder" ALTER COLUMN "reminderId" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_taskId_reminderId_key" ON "Reminder"("taskId", "reminderId");

-- AlterTable: deliveries are told apart by reminder, and one recorded before ids keeps its reminder's id,
-- or the nil UUID (what a Dapr job scheduled before this migration delivers under).
ALTER TABLE "ReminderDelivery" DROP CONSTRAINT "ReminderDelivery_pkey";
ALTER TABLE "ReminderDelivery" ADD COLUMN     "reminderId" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
UPDATE "ReminderDelivery" AS d SET "reminderId" = r."reminderId"
  FROM "Reminder" AS r WHERE r."taskId" = d."taskId" AND r."fireAt" = d."fireAt";
ALTER TABLE "ReminderDelivery" ALTER COLUMN "reminderId" DROP DEFAULT;
ALTER TABLE "ReminderDelivery" ADD CONSTRAINT "ReminderDelivery_pkey" PRIMARY KEY ("taskId", "reminderId", "fireAt");
