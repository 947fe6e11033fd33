import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "@todo/services";

/** Fewest characters a new password may have (NIST SP 800-63B asks at least 8; we ask 10). */
export const MIN_PASSWORD_LENGTH = 10;

// zxcvbn-ts's list of ~49,000 passwords most often seen in breaches, lower-case: the "commonly used
// or compromised" blocklist NIST SP 800-63B §5.1.1.2 asks for, maintained with the library.
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"]));

const ACCEPTED = `use at least ${MIN_PASSWORD_LENGTH} characters that are not your username and not a common password (a few unrelated words work well)`;

/**
 * Checks a new password against the sign-up policy: at least MIN_PASSWORD_LENGTH characters, not
 * containing the username (case-insensitive), not on the common-password list (case-insensitive).
 * Throws AppError invalid_input naming `password` and what is accepted.
 */
export function assertAcceptablePassword(username: string, password: string): void {
  const lower = password.toLowerCase();
  let reason: string | undefined;
  if ([...password].length < MIN_PASSWORD_LENGTH) reason = `is shorter than ${MIN_PASSWORD_LENGTH} characters`;
  else if (lower.includes(username.toLowerCase())) reason = "contains the username";
  else if (commonPasswords().has(lower)) reason = "is one of the most common passwords";
  if (reason) throw new AppError("invalid_input", `password: ${reason}; ${ACCEPTED}`);
}
