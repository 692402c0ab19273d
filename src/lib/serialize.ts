import superjson from "superjson";

/*
 * What the server sends to the browser is superjson (tRPC's transformer, and the query
 * cache a server render hands over in <HydrateClient>). superjson's `serialize` copies the
 * value and builds a path and an ancestor list at every node: 8% of a tRPC request's CPU,
 * and on a 300-card deals board 8.5 ms of each render (docs/performance.md). This writes
 * the same output for the values responses are made of.
 */

type SuperJSONResult = ReturnType<typeof superjson.serialize>;
type Annotation = ["Date"] | ["bigint"];

const UNSUPPORTED = Symbol("unsupported");
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const escapeKey = (key: string) => (key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key);

/**
 * superjson's `serialize`, for plain objects and arrays of strings, finite numbers,
 * booleans, nulls, valid Dates and bigints, with the same output. It only walks the value:
 * `json` is the value itself (JSON.stringify writes a valid Date as its toISOString(), which
 * is what superjson puts in its copy) unless it holds a bigint, which JSON cannot write:
 * then `json` is a copy with each bigint as its decimal text, as superjson writes it. Only
 * an annotated value's path is built. Anything else (undefined, Map, Set, NaN, class
 * instances, an object seen twice, …) goes to superjson itself.
 */
export function serializeResponse(value: unknown): SuperJSONResult {
  let annotations: Record<string, Annotation> | null = null;
  let hasBigint = false;
  const seen = new Set<object>();
  const path: string[] = [];
  const annotate = (annotation: Annotation) => {
    if (path.length === 0) throw UNSUPPORTED; // superjson annotates a root value differently
    (annotations ??= {})[path.map(escapeKey).join(".")] = annotation;
  };
  const visit = (node: unknown): void => {
    if (node === null || typeof node === "string" || typeof node === "boolean") return;
    if (typeof node === "number") {
      if (!Number.isFinite(node) || Object.is(node, -0)) throw UNSUPPORTED;
      return;
    }
    if (typeof node === "bigint") {
      annotate(["bigint"]);
      hasBigint = true;
      return;
    }
    if (typeof node !== "object") throw UNSUPPORTED;
    if (seen.has(node)) throw UNSUPPORTED; // superjson records referential equalities
    seen.add(node);
    if (node instanceof Date) {
      if (Number.isNaN(node.valueOf())) throw UNSUPPORTED;
      // A Date's own "toJSON" would change what JSON.stringify writes.
      if (Object.getOwnPropertyNames(node).length > 0 || Object.getPrototypeOf(node) !== Date.prototype) throw UNSUPPORTED;
      annotate(["Date"]);
      return;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (!(i in node)) throw UNSUPPORTED;
        path.push(String(i));
        visit(node[i]);
        path.pop();
      }
      return;
    }
    const proto: unknown = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
    if (Object.getOwnPropertySymbols(node).length > 0) throw UNSUPPORTED;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (FORBIDDEN_KEYS.has(key)) throw UNSUPPORTED;
      path.push(key);
      visit(record[key]);
      path.pop();
    }
  };
  try {
    visit(value);
    const json = (hasBigint ? withBigintsAsText(value) : value) as SuperJSONResult["json"];
    if (annotations === null) return { json };
    return { json, meta: { values: annotations, v: 1 } } as SuperJSONResult;
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    return superjson.serialize(value);
  }
}

/** A copy of a value `serializeResponse` accepted, each bigint as its decimal text (Dates kept: JSON writes them). */
function withBigintsAsText(node: unknown): unknown {
  if (typeof node === "bigint") return node.toString();
  if (node === null || typeof node !== "object" || node instanceof Date) return node;
  if (Array.isArray(node)) return node.map(withBigintsAsText);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) copy[key] = withBigintsAsText(child);
  return copy;
}
