-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "seriesWallTime" VARCHAR(8);

-- Backfill: the time of day each timed task shows in its owner's zone. A time once shifted by a DST
-- gap cannot be told from a chosen one here, so the code derives it from dueAt when the stored one does not fit.
UPDATE "Task" AS t
SET "seriesWallTime" = to_char(t."dueAt" AT TIME ZONE u."timeZone", 'HH24:MI:SS')
FROM "User" AS u
WHERE t."userId" = u."id"
  AND t."dueAt" IS NOT NULL
  AND u."timeZone" IN (SELECT "name" FROM pg_timezone_names);
