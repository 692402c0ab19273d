import type { z } from "zod";
import { MAX_INPUT_DEPTH } from "./input-guard";

/*
 * Hostile variants of a procedure's input, for the hostile-input suite (hostile.test.ts):
 * built from a valid input (the isolation table's own call) by replacing one value at a
 * time, and from the input schema's top-level keys by giving each absent key a hostile
 * value. Each variant holds exactly one hostile value, so a refusal cannot come from
 * another field, and every one of them must be refused.
 */

export type HostileVariant = { name: string; input: unknown };

type Path = (string | number)[];
type Labelled = { label: string; value: unknown };

const MEGABYTE = 1024 * 1024;
const INT8_OVERFLOW = 2 ** 63;

/** `{ next: { next: … } }`, `depth` objects deep. */
export function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Cursors no list of this app made: garbage, wrong shapes, values Postgres would refuse to cast. */
export const FORGED_CURSORS: Labelled[] = [
  { label: "cursor: not base64url", value: "!!not a cursor!!" },
  { label: "cursor: base64 of garbage", value: Buffer.from("garbage").toString("base64url") },
  { label: "cursor: wrong length", value: base64url(["2026-01-01T00:00:00+00:00"]) },
  { label: "cursor: timestamp out of range", value: base64url(["2026-01-01T00:00:00+99", "0e8f5c3a-1b2c-4d5e-8f90-123456789abc"]) },
  { label: "cursor: id not a uuid", value: base64url(["2026-01-01T00:00:00+00:00", "x"]) },
  { label: "cursor: beyond int8", value: "99999999999999999999" },
  { label: "cursor: 1 MB", value: "A".repeat(MEGABYTE) },
];

/** Hostile replacements for a value, by its type: each is wrong for any schema that accepted the original. */
function replacementsFor(value: unknown): Labelled[] {
  if (typeof value === "string") {
    return [
      { label: "NUL", value: `${value}\u0000` },
      { label: "control character", value: `${value}\u0007` },
      { label: "1 MB string", value: "x".repeat(MEGABYTE) },
      { label: "object for a string", value: { not: "a string" } },
    ];
  }
  if (typeof value === "number") {
    return [
      { label: "2^63", value: INT8_OVERFLOW },
      { label: "-2^63", value: -INT8_OVERFLOW },
      { label: "NaN", value: Number.NaN },
      { label: "Infinity", value: Number.POSITIVE_INFINITY },
      { label: "-Infinity", value: Number.NEGATIVE_INFINITY },
      { label: "string for a number", value: "not a number" },
    ];
  }
  if (typeof value === "bigint") {
    return [
      { label: "2^63 (bigint)", value: 2n ** 63n },
      { label: "-2^63 (bigint)", value: -(2n ** 63n) },
      { label: "object for a bigint", value: { not: "a number" } },
    ];
  }
  if (typeof value === "boolean") return [{ label: "string for a boolean", value: "yes" }];
  if (value instanceof Date) {
    return [
      { label: "year -271821", value: new Date(-8.64e15) },
      { label: "year 275760", value: new Date(8.64e15) },
      { label: "string for a date", value: "not a date" },
    ];
  }
  if (Array.isArray(value)) return [{ label: "string for a list", value: "not a list" }];
  if (value !== null && typeof value === "object") return [{ label: "string for an object", value: "not an object" }];
  return [];
}

/** Values for a key the valid input left out: none of them fits any field of this app. */
const ABSENT_KEY_VALUES: Labelled[] = [
  { label: "NUL", value: "a\u0000b" },
  { label: "control character", value: "a\u001bb" },
  { label: "1 MB string", value: "x".repeat(MEGABYTE) },
  { label: "2^63", value: INT8_OVERFLOW },
  { label: "NaN", value: Number.NaN },
];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);

/** Every value inside `value` (not `value` itself), with its path; of a list only its first item. */
function valuesInside(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const children: [string | number, unknown][] = Array.isArray(value) ? value.slice(0, 1).map((item, i) => [i, item]) : isPlainObject(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [{ path: [...path, key], value: child }, ...valuesInside(child, [...path, key])]);
}

function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, i) => (i === key ? replaceAt(item, rest, value) : item));
  const object = root as Record<string, unknown>;
  return { ...object, [key!]: replaceAt(object[key as string], rest, value) };
}

/** The top-level keys an input schema names, through defaults, pipes, intersections and unions. */
export function inputKeys(schema: z.core.$ZodType | undefined): string[] {
  if (!schema) return [];
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case "object":
      return Object.keys((def as unknown as { shape: Record<string, unknown> }).shape);
    case "default":
    case "optional":
    case "nullable":
    case "prefault":
    case "catch":
      return inputKeys(def.innerType as z.core.$ZodType);
    case "pipe":
      return inputKeys(def.in as z.core.$ZodType);
    case "intersection":
      return [...new Set([...inputKeys(def.left as z.core.$ZodType), ...inputKeys(def.right as z.core.$ZodType)])];
    case "union":
      return [...new Set((def.options as z.core.$ZodType[]).flatMap(inputKeys))];
    default:
      return [];
  }
}

/** What the input guard refuses for every procedure, whether or not it takes input. */
export const GUARD_VARIANTS: HostileVariant[] = [
  { name: "NUL in an unknown field", input: { note: "a\u0000b" } },
  { name: "NUL in a key", input: { "k\u0000": 1 } },
  { name: `nested ${MAX_INPUT_DEPTH + 4} deep`, input: nested(MAX_INPUT_DEPTH + 4) },
];

/**
 * The hostile variants of a procedure's input: `valid` with one value replaced, each key
 * of `keys` it lacks given a hostile value (forged cursors for `cursor`), the whole input
 * of the wrong type or nested too deep. A procedure without input gets the guard's only.
 */
export function hostileVariants(valid: unknown, keys: string[]): HostileVariant[] {
  if (valid === undefined && keys.length === 0) return GUARD_VARIANTS;
  const variants: HostileVariant[] = [...GUARD_VARIANTS];
  for (const { path, value } of valuesInside(valid)) {
    for (const replacement of replacementsFor(value)) variants.push({ name: `${path.join(".")} ← ${replacement.label}`, input: replaceAt(valid, path, replacement.value) });
  }
  const present = isPlainObject(valid) ? valid : {};
  for (const key of keys.filter((k) => !(k in present))) {
    const values = key === "cursor" ? [...FORGED_CURSORS, ...ABSENT_KEY_VALUES] : ABSENT_KEY_VALUES;
    for (const { label, value } of values) variants.push({ name: `${key} (absent) ← ${label}`, input: { ...present, [key]: value } });
  }
  variants.push(
    { name: "input: a string", input: "hostile" },
    { name: "input: a number", input: 42 },
    { name: "input: a list", input: [valid ?? {}] },
    { name: "input: a deeply nested field", input: { ...present, deep: nested(MAX_INPUT_DEPTH + 4) } },
  );
  return variants;
}
