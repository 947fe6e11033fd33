import { createHash, randomBytes } from "node:crypto";

const PREFIX = "todo_";

/** A new API token: shown to its owner once; only its hash is stored. */
export function newToken(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length > PREFIX.length + 20 && value.length < 200;
}
