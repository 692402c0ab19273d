import { readServerError } from "@/components/ui/server-errors";

export type ServerFieldErrors = Record<string, string[] | undefined>;

/**
 * A mutation's refusal, split for a form: errors on fields the form shows (after
 * renaming server keys to form paths, e.g. companyId → company) and the rest as text
 * for the form's top message.
 */
export function splitServerErrors(
  error: unknown,
  isFormPath: (path: string) => boolean,
  rename: Record<string, string> = {},
): { message: string; code: string | undefined; fields: [string, string][]; other: string[] } {
  const { message, fieldErrors } = readServerError(error);
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  const fields: [string, string][] = [];
  const other: string[] = [];
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const first = messages?.[0];
    if (!first) continue;
    // "emails.2" (the row) is shown on the row's input; "tags.3" on the tags box.
    let path = rename[key] ?? key;
    if (/^(emails|phones)\.\d+$/.test(path)) path = `${path}.value`;
    if (/^tags\.\d+$/.test(path)) path = "tags";
    if (isFormPath(path)) fields.push([path, first]);
    else other.push(key === "_form" ? first : `${key}: ${first}`);
  }
  return { message, code, fields, other };
}
