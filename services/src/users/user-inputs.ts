import { z } from "zod";
import { TimeZone } from "../time/zone.ts";
import { SafeText } from "../validation/text.ts";

export const Username = SafeText.trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/, { error: "must be 3-32 letters, digits, '_', '.' or '-', starting with a letter or digit" });
export const Password = SafeText.min(10, { error: "must be at least 10 characters" }).max(256, { error: "must be at most 256 characters" });

export const SignupInput = z.strictObject({ username: Username, password: Password, timeZone: TimeZone.optional() });
export type SignupInput = z.infer<typeof SignupInput>;

export const LoginInput = z.strictObject({ username: SafeText.trim().toLowerCase().min(1).max(64), password: SafeText.min(1).max(256) });
export type LoginInput = z.infer<typeof LoginInput>;

const DAYS = { error: "must be a whole number of days from 1 to 3650" };
export const CreateTokenInput = z.strictObject({
  name: SafeText.trim().min(1).max(100).default("api token"),
  /** Days until the token stops working; omitted: never. */
  expiresInDays: z.number(DAYS).int(DAYS).min(1, DAYS).max(3650, DAYS).optional(),
});
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;
