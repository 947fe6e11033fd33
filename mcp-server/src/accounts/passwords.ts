import { hash, verify } from "@node-rs/argon2";

/** Hashing and checking passwords; injectable so tests can count verifications. */
export interface PasswordHasher {
  /** An encoded hash (PHC string) of `password`. */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `passwordHash`; false (never throws) for a malformed hash. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** argon2id (RFC 9106) through @node-rs/argon2. */
export const argon2Hasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };
