/*
 * A record list's filters and sort as the page's URL holds them, so a list can be shared,
 * bookmarked and walked back with the browser's Back button. A module describes its list
 * once (a `ListSpec`: which URL parameter each filter uses, what it holds and what the
 * list procedure calls it); these pure functions do the rest: URL ⇄ state ⇄ the list
 * procedure's input ⇄ a saved view's stored query. Custom field filters (`cf.<key>`) and
 * the sort (`sort=<field>.<direction>`) work the same for every list.
 */

export type SortDirection = "asc" | "desc";
export type ListSort<F extends string = string> = { field: F; direction: SortDirection };

/** "me" stands for whoever opens the link. */
export const ME = "me";

/** The parts every list state has; the filters are the other (optional) keys. */
export type ListStateBase = { sort: ListSort; custom?: Record<string, string> };

/** How one filter is written in the URL (`param`) and sent to the list procedure (`input`). */
export type FilterSpec =
  /** Free text, trimmed and cut at 200 characters. */
  | { kind: "text"; param: string; input: string }
  /** One record id. */
  | { kind: "id"; param: string; input: string }
  /** Record ids, at most `max`. */
  | { kind: "ids"; param: string; input: string; max: number }
  /** Member ids or "me" (the viewer, replaced by their id in the input), at most 50. */
  | { kind: "owners"; param: string; input: string }
  /** Values out of a fixed list. */
  | { kind: "choices"; param: string; input: string; values: readonly string[] }
  /** Tags, normalized as the server stores them, at most 20. */
  | { kind: "tags"; param: string; input: string }
  /** A calendar day, "YYYY-MM-DD". */
  | { kind: "day"; param: string; input: string };

type FilterKey<Q> = Exclude<keyof Q, "sort" | "custom">;

export type ListSpec<Q extends ListStateBase> = {
  /** Every filter of the state, in the order the URL lists them. */
  filters: { [K in FilterKey<Q>]-?: FilterSpec };
  sortFields: readonly Q["sort"]["field"][];
  defaultSort: Q["sort"];
  /** Day ranges whose end must not come before their start; the first broken one is reported on its `to`. */
  ranges?: readonly { from: FilterKey<Q>; to: FilterKey<Q>; message: string }[];
};

export type RangeProblem<Q> = { field: FilterKey<Q>; message: string };

/** A custom field as the list filters see it (the fields procedure's rows fit). */
export type FilterableField = { key: string; type: string; options: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CUSTOM_PREFIX = "cf.";
const CUSTOM_KEY = /^[a-z][a-z0-9_]{0,62}$/;

export function isUuid(value: string | null | undefined): value is string {
  return !!value && UUID.test(value);
}

/** A "YYYY-MM-DD" that names a real day, or undefined. */
export function parseDay(value: string | null | undefined): string | undefined {
  const match = value ? DAY.exec(value) : null;
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value! : undefined;
}

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().slice(0, 40);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The filters as a plain record (the spec's keys are the state's filter keys). */
function entries<Q extends ListStateBase>(spec: ListSpec<Q>): [string, FilterSpec][] {
  return Object.entries(spec.filters) as [string, FilterSpec][];
}

function readFilter(filter: FilterSpec, params: URLSearchParams): string | string[] | undefined {
  const all = () => params.getAll(filter.param);
  switch (filter.kind) {
    case "text":
      return params.get(filter.param)?.trim().slice(0, 200);
    case "id": {
      const value = params.get(filter.param);
      return isUuid(value) ? value : undefined;
    }
    case "ids":
      return unique(all().filter(isUuid)).slice(0, filter.max);
    case "owners":
      return unique(all().filter((o) => o === ME || isUuid(o))).slice(0, 50);
    case "choices":
      return unique(all().filter((v) => filter.values.includes(v)));
    case "tags":
      return unique(all().map(normalizeTag).filter(Boolean)).slice(0, 20);
    case "day":
      return parseDay(params.get(filter.param));
  }
}

function readSort<Q extends ListStateBase>(spec: ListSpec<Q>, value: string | null): Q["sort"] {
  const [field, direction] = (value ?? "").split(".");
  return (spec.sortFields as readonly string[]).includes(field ?? "") && (direction === "asc" || direction === "desc")
    ? ({ field, direction } as Q["sort"])
    : spec.defaultSort;
}

/** The list state in a URL's query; anything malformed is left out rather than sent to fail. */
export function parseListState<Q extends ListStateBase>(spec: ListSpec<Q>, params: URLSearchParams): Q {
  const state: Record<string, unknown> = { sort: readSort(spec, params.get("sort")) };
  for (const [key, filter] of entries(spec)) state[key] = readFilter(filter, params);
  const custom: Record<string, string> = {};
  for (const [name, value] of params) {
    const key = name.startsWith(CUSTOM_PREFIX) ? name.slice(CUSTOM_PREFIX.length) : null;
    if (key && CUSTOM_KEY.test(key) && value.trim()) custom[key] = value.trim().slice(0, 200);
  }
  state.custom = custom;
  return compactListState(spec, state as Q);
}

/** The same state without empty values, so equal lists compare equal. */
export function compactListState<Q extends ListStateBase>(spec: ListSpec<Q>, query: Q): Q {
  const source = query as Record<string, unknown>;
  const out: Record<string, unknown> = { sort: query.sort };
  for (const [key, filter] of entries(spec)) {
    const value = source[key];
    if (Array.isArray(value)) {
      if (value.length) out[key] = value;
    } else if (typeof value === "string") {
      const kept = filter.kind === "text" ? value.trim() : value;
      if (kept) out[key] = kept;
    }
  }
  const custom = Object.fromEntries(Object.entries(query.custom ?? {}).filter(([, v]) => v !== ""));
  if (Object.keys(custom).length) out.custom = custom;
  return out as Q;
}

/** The page's query string for this state ("" for the default list); `view` marks the saved view it came from. */
export function listStateSearch<Q extends ListStateBase>(spec: ListSpec<Q>, query: Q, viewId?: string | null): string {
  const params = new URLSearchParams();
  const source = query as Record<string, unknown>;
  if (viewId) params.set("view", viewId);
  for (const [key, filter] of entries(spec)) {
    const value = source[key];
    if (Array.isArray(value)) for (const item of value as string[]) params.append(filter.param, item);
    else if (typeof value === "string" && value) params.set(filter.param, value);
  }
  const custom = query.custom ?? {};
  for (const key of Object.keys(custom).sort()) params.set(`${CUSTOM_PREFIX}${key}`, custom[key]!);
  const { field, direction } = query.sort;
  if (field !== spec.defaultSort.field || direction !== spec.defaultSort.direction) params.set("sort", `${field}.${direction}`);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** True when two states list the same records in the same order. */
export function sameListState<Q extends ListStateBase>(spec: ListSpec<Q>, a: Q, b: Q): boolean {
  return listStateSearch(spec, compactListState(spec, a)) === listStateSearch(spec, compactListState(spec, b));
}

/** Any filter set (the sort does not count). */
export function hasListFilters<Q extends ListStateBase>(spec: ListSpec<Q>, query: Q): boolean {
  const { sort: _sort, ...filters } = compactListState(spec, query);
  return Object.keys(filters).length > 0;
}

/** The first day range that ends before it starts, named by its end. */
export function listRangeProblem<Q extends ListStateBase>(spec: ListSpec<Q>, query: Q): RangeProblem<Q> | null {
  const source = query as Record<string, unknown>;
  for (const range of spec.ranges ?? []) {
    const from = source[range.from as string];
    const to = source[range.to as string];
    if (typeof from === "string" && typeof to === "string" && from && to && from > to) return { field: range.to, message: range.message };
  }
  return null;
}

/** Custom fields a list can filter by (money amounts are matched exactly, which is rarely what anyone wants). */
export function filterableFields<F extends FilterableField>(fields: F[]): F[] {
  return fields.filter((f) => f.type !== "money");
}

/** A typed filter value for a custom field, or undefined when the text does not fit its type. */
export function customFilterValue(field: FilterableField, text: string): string | number | boolean | undefined {
  switch (field.type) {
    case "number": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
    }
    case "checkbox":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "money":
      return undefined;
    case "single_select":
    case "multi_select":
      return field.options.includes(text) ? text : undefined;
    case "date":
      return parseDay(text);
    case "member":
      return isUuid(text) ? text : undefined;
    default:
      return text;
  }
}

/**
 * The list procedure's filters and sort: "me" becomes the viewer's id, custom values take
 * their field's type, and filters on fields that no longer exist are dropped.
 */
export function toListStateInput<Q extends ListStateBase>(
  spec: ListSpec<Q>,
  query: Q,
  context: { userId: string; fields: FilterableField[] },
): { filters: Record<string, unknown>; sort: Q["sort"] } {
  const source = query as Record<string, unknown>;
  const filters: Record<string, unknown> = {};
  for (const [key, filter] of entries(spec)) {
    const value = source[key];
    if (Array.isArray(value)) {
      if (value.length) filters[filter.input] = filter.kind === "owners" ? unique((value as string[]).map((o) => (o === ME ? context.userId : o))) : value;
    } else if (value) {
      filters[filter.input] = value;
    }
  }
  const byKey = new Map(filterableFields(context.fields).map((f) => [f.key, f]));
  const custom: Record<string, string | number | boolean> = {};
  for (const [key, text] of Object.entries(query.custom ?? {})) {
    const field = byKey.get(key);
    const value = field ? customFilterValue(field, text) : undefined;
    if (value !== undefined) custom[key] = value;
  }
  if (Object.keys(custom).length) filters.custom = custom;
  return { filters, sort: query.sort };
}

/** A saved view's stored query back as list state (the viewer's own id shows as "me" again). */
export function fromStoredView<Q extends ListStateBase>(spec: ListSpec<Q>, stored: Record<string, unknown>, userId: string): Q {
  const filters = (stored.filters ?? {}) as Record<string, unknown>;
  const sort = stored.sort as Partial<ListSort> | undefined;
  const params = new URLSearchParams();
  for (const [, filter] of entries(spec)) {
    const value = filters[filter.input];
    if (Array.isArray(value)) {
      for (const item of value) params.append(filter.param, filter.kind === "owners" && item === userId ? ME : String(item));
    } else if (typeof value === "string" && value) {
      params.set(filter.param, value);
    }
  }
  const custom = (filters.custom ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(custom)) params.set(`${CUSTOM_PREFIX}${key}`, String(value));
  if (sort?.field && sort.direction) params.set("sort", `${sort.field}.${sort.direction}`);
  return parseListState(spec, params);
}
