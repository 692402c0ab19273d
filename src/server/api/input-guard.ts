import { ValidationFailed } from "../platform/errors";

/*
 * The last line of defence before any procedure's input schema: what no input of this app
 * may hold, whatever its schema says. A NUL character can never be stored (Postgres text
 * and jsonb refuse it), and input nested deeper than any form builds only costs stack and
 * time. Refused as a 400 naming the field; the schemas say the rest (lengths, characters).
 */

/** Objects and arrays inside each other; the deepest input the app builds is about 5. */
export const MAX_INPUT_DEPTH = 16;

export const NUL_MESSAGE = "Text cannot contain the NUL character (\\u0000). Remove it and try again.";
export const TOO_DEEP_MESSAGE = `The request is nested too deeply (more than ${MAX_INPUT_DEPTH} levels).`;

const fieldName = (path: readonly (string | number)[]) => (path.length ? path.map((key) => String(key).slice(0, 64)).join(".") : "_form");

/** Throws ValidationFailed when `input` holds a NUL (in a value or a key) or is nested more than MAX_INPUT_DEPTH deep. */
export function refuseHostileInput(input: unknown): void {
  // Iterative, so that a hostile depth cannot overflow the stack before it is counted.
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (pending.length) {
    const { value, path } = pending.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) throw new ValidationFailed({ [fieldName(path)]: [NUL_MESSAGE] }, NUL_MESSAGE);
      continue;
    }
    if (typeof value !== "object" || value === null || value instanceof Date) continue;
    if (path.length >= MAX_INPUT_DEPTH) throw new ValidationFailed({ [fieldName(path)]: [TOO_DEEP_MESSAGE] }, TOO_DEEP_MESSAGE);
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
    for (const [key, item] of entries) {
      if (typeof key === "string" && key.includes("\u0000")) throw new ValidationFailed({ [fieldName(path)]: [NUL_MESSAGE] }, NUL_MESSAGE);
      pending.push({ value: item, path: [...path, key] });
    }
  }
}
