import { dictionary } from "@zxcvbn-ts/language-common";
import { ValidationFailed } from "../../platform/errors";
import { PASSWORD_MIN_LENGTH } from "./validation";

/**
 * The ~49,000 most common passwords from zxcvbn-ts's list (MIT, installed with the app);
 * only those long enough to pass the length rule matter. Compared case-insensitively.
 */
let commonPasswords: Set<string> | undefined;

function list(): Set<string> {
  commonPasswords ??= new Set(
    (dictionary["passwords-common"] as string[]).filter((p) => p.length >= PASSWORD_MIN_LENGTH).map((p) => p.toLowerCase()),
  );
  return commonPasswords;
}

export function isCommonPassword(password: string): boolean {
  return list().has(password.toLowerCase());
}

/** Throws a field error for `field` when the password is one of the most common ones. */
export function assertUncommonPassword(password: string, field = "password"): void {
  if (isCommonPassword(password)) {
    const message = "This password is one of the most common ones and easy to guess. Choose another.";
    throw new ValidationFailed({ [field]: [message] }, message);
  }
}
