import { z, type ZodError } from "zod";
import { ValidationFailed } from "./errors";

/**
 * Field errors keyed by the dotted path of the field ("name", "emails.0.value",
 * "custom.budget"), as forms show them next to their inputs. Top-level fields keep
 * their plain names; form-wide problems go under "_form".
 */
export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses like `schema.parse`, but fails as a domain error (BAD_REQUEST with field errors), whoever the caller. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(fieldErrorsOf(result.error));
  return result.data;
}
