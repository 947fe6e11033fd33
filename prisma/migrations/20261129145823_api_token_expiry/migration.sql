-- CreateEnum
CREATE TYPE "ApiTokenKind" AS ENUM ('web', 'client');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "kind" "ApiTokenKind" NOT NULL DEFAULT 'client';

-- Tokens the page's sign-up and sign-in issued become web tokens: 30 idle days from their last use.
UPDATE "ApiToken" SET "kind" = 'web', "expiresAt" = COALESCE("lastUsedAt", "createdAt") + INTERVAL '30 days'
WHERE "name" IN ('web sign-up', 'web sign-in');
