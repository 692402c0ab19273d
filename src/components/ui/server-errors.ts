import { TRPCClientError } from "@trpc/client";

type FieldErrors = Record<string, string[] | undefined>;

/** Field errors and a message from a tRPC error, for showing next to the form's fields. */
export function readServerError(error: unknown): { message: string; fieldErrors: FieldErrors } {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fieldErrors?: FieldErrors | null; code?: string } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {} };
  }
  return { message: "Could not reach the server. Check your connection and try again.", fieldErrors: {} };
}

/**
 * A refusal laid out for a form: the errors of the fields it shows go next to them, and
 * the top message is only what no field says (a refusal that is entirely about shown
 * fields gets no top message, so the same words never appear twice).
 */
export function formServerErrors(error: unknown, shownFields: readonly string[]): { formMessage: string | null; fields: [string, string][] } {
  const { message, fieldErrors } = readServerError(error);
  const fields: [string, string][] = [];
  const rest: string[] = [];
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const first = messages?.[0];
    if (!first) continue;
    if (shownFields.includes(field)) fields.push([field, first]);
    else rest.push(first);
  }
  if (rest.length) return { formMessage: rest.join(" "), fields };
  return { formMessage: fields.length ? null : message, fields };
}
