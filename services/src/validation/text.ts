import { z } from "zod";

// String.prototype.isWellFormed is ES2024; the project compiles against ES2022.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when `text` can be stored and sent anywhere: no NUL (PostgreSQL text and jsonb refuse it)
 * and no unpaired UTF-16 surrogate (not a Unicode character: UTF-8 cannot encode it, jsonb refuses
 * its escape, and JSON encoders replace it).
 */
export function isSafeText(text: string): boolean {
  // NUL is found with includes(): ESLint's no-control-regex refuses a control character in a regex.
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

export const UNSAFE_TEXT_MESSAGE = "must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates (like \\ud800)";

/**
 * The one text schema for everything a user sends: a string with no NUL and no lone surrogate.
 * Chain length and trim rules after it (`SafeText.trim().max(500)`).
 */
export const SafeText = z.string().refine(isSafeText, { error: UNSAFE_TEXT_MESSAGE });
