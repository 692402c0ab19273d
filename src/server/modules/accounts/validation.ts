import { z } from "zod";
// Shared with the browser's forms: no server-only imports in this file.
import { isSupportedLocale, isTimeZone } from "../../../lib/format";
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** The one wording of a malformed email address, everywhere an email is typed. */
export const INVALID_EMAIL_MESSAGE = "Enter a valid email address, like ann@example.com.";

/** An email address; `emptyMessage` says whose address is missing. */
export function emailAddress(emptyMessage: string) {
  return z.string().trim().toLowerCase().min(1, emptyMessage).max(254, "That email address is too long.").pipe(z.email(INVALID_EMAIL_MESSAGE));
}

/** The caller's own address (sign-in, registration, password reset). */
export const emailSchema = emailAddress("Enter your email address.");
/** Someone else's address, for an invitation. */
export const inviteeEmailSchema = emailAddress("Enter the email address of the person to invite.");

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const registerInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  email: emailSchema,
  password: passwordSchema,
});
export type RegisterInput = z.infer<typeof registerInput>;

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});

// --- the callback after sign-in (the sign-in page, a server component, and the form both use it) ---

/** Stands in for the app's origin when the caller does not know it: only paths then resolve onto it. */
const PLACEHOLDER_ORIGIN = "http://neuroops.invalid";
/**
 * Browsers drop tabs and newlines inside a URL and read `\` as `/`, so `/\evil.example` and
 * `/<TAB>/evil.example` become `//evil.example` (another site). None of these belong in a
 * callback: refuse every control character and backslash, plain or percent-encoded.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;
const MAX_CALLBACK_LENGTH = 2_000;
const DECODE_ROUNDS = 3;

/** The value and up to a few percent-decodings of it (a link may be decoded again downstream). */
function decodings(value: string): string[] {
  const forms = [value];
  let current = value;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      break;
    }
    if (decoded === current) break;
    forms.push(decoded);
    current = decoded;
  }
  return forms;
}

/**
 * Where to go after sign-in: `value` as a path on this app (query and hash kept), or "/" for
 * anything that is not clearly same-origin. With `origin` (the browser's `location.origin`),
 * absolute URLs on that origin are accepted too.
 */
export function safeCallbackUrl(value: string | null | undefined, origin?: string): string {
  if (!value || value.length > MAX_CALLBACK_LENGTH) return "/";
  for (const form of decodings(value)) {
    if (UNSAFE_CHARACTERS.test(form) || form.startsWith("//")) return "/";
  }
  const base = new URL(origin ?? PLACEHOLDER_ORIGIN);
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base.origin || resolved.username || resolved.password) return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Dot segments can still collapse to a protocol-relative path (`/..//evil.example`).
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

// --- Account → Profile (the form and the server share it) ---

/** Name, time zone and locale: the zone must be an IANA name, the locale one the app offers. */
export const profileInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  timeZone: z.string().refine(isTimeZone, "Choose a time zone from the list."),
  locale: z.string().refine((value): boolean => isSupportedLocale(value), "Choose a language and region from the list."),
});
export type ProfileInput = z.infer<typeof profileInput>;

export const AVATAR_MAX_BYTES = 256 * 1024;
