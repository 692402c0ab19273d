import { describe, expect, it } from "vitest";
import {
  compactListState,
  fromStoredView,
  hasListFilters,
  listRangeProblem,
  listStateSearch,
  parseListState,
  sameListState,
  toListStateInput,
  type ListSort,
  type ListSpec,
} from "./list-state";

/* A made-up module's list, to pin the records layer apart from any CRM list. */
type ItemQuery = {
  q?: string;
  owners?: string[];
  warehouseId?: string;
  binIds?: string[];
  states?: ("active" | "retired")[];
  tags?: string[];
  receivedFrom?: string;
  receivedTo?: string;
  custom?: Record<string, string>;
  sort: ListSort<"sku" | "receivedAt">;
};

const ITEMS: ListSpec<ItemQuery> = {
  filters: {
    q: { kind: "text", param: "q", input: "search" },
    owners: { kind: "owners", param: "owner", input: "ownerIds" },
    warehouseId: { kind: "id", param: "warehouse", input: "warehouseId" },
    binIds: { kind: "ids", param: "bin", input: "binIds", max: 2 },
    states: { kind: "choices", param: "state", input: "states", values: ["active", "retired"] },
    tags: { kind: "tags", param: "tag", input: "tags" },
    receivedFrom: { kind: "day", param: "from", input: "receivedFrom" },
    receivedTo: { kind: "day", param: "to", input: "receivedTo" },
  },
  sortFields: ["sku", "receivedAt"],
  defaultSort: { field: "receivedAt", direction: "desc" },
  ranges: [{ from: "receivedFrom", to: "receivedTo", message: "The end comes before the start." }],
};

const VIEWER = "11111111-1111-4111-8111-111111111111";
const A = "22222222-2222-4222-8222-222222222222";
const B = "33333333-3333-4333-8333-333333333333";
const C = "44444444-4444-4444-8444-444444444444";

describe("a list's state in its URL, from the list's description", () => {
  it("reads back every kind of filter it wrote, with the saved view and a non-default sort", () => {
    const query: ItemQuery = {
      q: "bolt",
      owners: ["me", A],
      warehouseId: B,
      binIds: [A, B],
      states: ["retired"],
      tags: ["fragile"],
      receivedFrom: "2026-01-01",
      receivedTo: "2026-01-31",
      custom: { colour: "red" },
      sort: { field: "sku", direction: "asc" },
    };
    const params = new URLSearchParams(listStateSearch(ITEMS, query, "view-9"));
    expect(params.get("view")).toBe("view-9");
    expect(parseListState(ITEMS, params)).toEqual(query);
  });

  it("leaves out what does not fit: unknown choices, bad ids and days, too many ids, a foreign sort", () => {
    const params = new URLSearchParams(`state=lost&warehouse=x&bin=${A}&bin=${B}&bin=${C}&from=2026-02-30&tag=%20Big%20&sort=price.asc&q=%20%20`);
    expect(parseListState(ITEMS, params)).toEqual({ binIds: [A, B], tags: ["big"], sort: { field: "receivedAt", direction: "desc" } });
  });

  it("writes nothing for the default list, and compares lists by what they show", () => {
    const plain: ItemQuery = { sort: ITEMS.defaultSort };
    expect(listStateSearch(ITEMS, plain)).toBe("");
    expect(hasListFilters(ITEMS, { ...plain, q: " ", tags: [] })).toBe(false);
    expect(hasListFilters(ITEMS, { ...plain, states: ["active"] })).toBe(true);
    expect(sameListState(ITEMS, { ...plain, q: "bolt " }, { ...plain, q: "bolt", custom: { colour: "" } })).toBe(true);
    expect(compactListState(ITEMS, { ...plain, owners: [], custom: { colour: "" } })).toEqual(plain);
  });

  it("reports a day range that ends before it starts, on its end", () => {
    expect(listRangeProblem(ITEMS, { receivedFrom: "2026-02-01", receivedTo: "2026-01-01", sort: ITEMS.defaultSort })).toEqual({
      field: "receivedTo",
      message: "The end comes before the start.",
    });
    expect(listRangeProblem(ITEMS, { receivedFrom: "2026-01-01", receivedTo: "2026-01-01", sort: ITEMS.defaultSort })).toBeNull();
  });

  it("sends the procedure its own filter names, 'me' as the viewer and custom values typed", () => {
    const fields = [
      { key: "count", type: "number", options: [] },
      { key: "price", type: "money", options: [] },
    ];
    const input = toListStateInput(ITEMS, { q: "bolt", owners: ["me", A, VIEWER], custom: { count: "3", price: "10", gone: "x" }, sort: ITEMS.defaultSort }, { userId: VIEWER, fields });
    expect(input).toEqual({ filters: { search: "bolt", ownerIds: [VIEWER, A], custom: { count: 3 } }, sort: ITEMS.defaultSort });
  });

  it("brings a saved view back as the same list, the viewer's own id as 'me'", () => {
    const query: ItemQuery = { owners: ["me", A], states: ["active"], receivedTo: "2026-03-01", custom: { count: "3" }, sort: { field: "sku", direction: "desc" } };
    const stored = toListStateInput(ITEMS, query, { userId: VIEWER, fields: [{ key: "count", type: "number", options: [] }] });
    expect(fromStoredView(ITEMS, stored, VIEWER)).toEqual(query);
  });
});
