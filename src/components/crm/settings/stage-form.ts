import { readServerError } from "@/components/ui/server-errors";

// A stage form's checks and errors: each error names the one field it is about.

export function parseProbability(text: string): number | null | "invalid" {
  if (text.trim() === "") return null;
  if (!/^\d{1,3}$/.test(text.trim()) || Number(text) > 100) return "invalid";
  return Number(text);
}

export type StageField = "name" | "probability" | "outcome";
/** An error of a stage form and the field it is about (null: the whole form), so only that field is marked. */
export type StageError = { field: StageField | null; message: string };

/** The server's answer as a StageError: its first field error, else its message. */
export function serverStageError(error: unknown): StageError | undefined {
  if (!error) return undefined;
  const read = readServerError(error);
  for (const field of ["name", "probability", "outcome"] as const) {
    const message = read.fieldErrors[field]?.[0];
    if (message) return { field, message };
  }
  return { field: null, message: read.message };
}

/** Checks what the browser can (the server checks again); an empty probability is null (the outcome's default). */
export function checkStage(name: string, probability: string): { ok: true; probability: number | null } | { ok: false; error: StageError } {
  if (!name.trim()) return { ok: false, error: { field: "name", message: "Give the stage a name." } };
  const parsed = parseProbability(probability);
  if (parsed === "invalid") return { ok: false, error: { field: "probability", message: "Use a whole number from 0 to 100." } };
  return { ok: true, probability: parsed };
}

/** The props that mark a field as the one in error and point it at the message. */
export function invalidProps(error: StageError | undefined, field: StageField, errorId: string) {
  return error?.field === field ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};
}

export function borderFor(error: StageError | undefined, field: StageField): string {
  return error?.field === field ? "border-danger-600" : "border-gray-300 focus:border-brand-500";
}
