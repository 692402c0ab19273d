import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeResponse } from "./serialize";

/** Responses written by the fast path must be byte-for-byte what superjson writes, so clients read them unchanged. */
function expectSameAsSuperjson(value: unknown) {
  const fast = serializeResponse(value);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(superjson.serialize(value)));
  expect(superjson.deserialize(JSON.parse(JSON.stringify(fast)))).toEqual(superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(value)))));
}

describe("serializeResponse writes what superjson writes", () => {
  it("for a page of rows with dates, nulls and nested JSON", () => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      id: String(i),
      createdAt: new Date(Date.UTC(2026, 0, i + 1)),
      after: { name: `Item ${i}`, nested: [1, 2, { at: new Date(0) }] },
      before: null,
      deleted: i % 2 === 0,
    }));
    expectSameAsSuperjson({ items, nextCursor: "4" });
  });

  it("for keys with dots and backslashes, empty containers and primitives", () => {
    expectSameAsSuperjson({ "a.b": { "c\\d": new Date(5) }, empty: {}, list: [], n: 1.5 });
    expectSameAsSuperjson("text");
    expectSameAsSuperjson(null);
    expectSameAsSuperjson(42);
    expectSameAsSuperjson([new Date(1), "x"]);
    expectSameAsSuperjson(Object.assign(Object.create(null) as object, { at: new Date(2) }));
  });

  it("for bigints (amounts in minor units), beside dates, at any depth, without changing the value", () => {
    const board = {
      stages: [
        { id: "s1", deals: [{ id: "d1", amountMinor: 123450n, stageChangedAt: new Date(Date.UTC(2026, 11, 1)), tags: ["a"] }], totals: [{ currency: "EUR", amountMinor: -5n, weightedMinor: 0n }] },
        { id: "s2", deals: [], totals: [] },
      ],
      openTotals: [{ currency: "EUR", amountMinor: 2n ** 70n, count: 3 }],
      "a.b": 7n,
    };
    const before = structuredClone(board);
    expectSameAsSuperjson(board);
    expect(board).toEqual(before);
    expectSameAsSuperjson([1n, new Date(4), { x: 0n }]);
    expect(serializeResponse({ big: 10n })).toEqual({ json: { big: "10" }, meta: { values: { big: ["bigint"] }, v: 1 } });
  });

  it("by handing everything else to superjson", () => {
    const shared = { x: 1 };
    const sharedDate = new Date(3);
    for (const value of [
      { missing: undefined },
      { map: new Map([["a", 1]]), set: new Set([1]) },
      { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negativeZero: -0 },
      { invalid: new Date(Number.NaN) },
      new Date(7),
      { a: shared, b: shared },
      { a: sharedDate, b: sharedDate },
      { error: new Error("boom") },
      { url: new URL("https://example.com/") },
      { sparse: [1, , 3] }, // a hole
      undefined,
      10n, // a bigint at the root
      { big: 10n, missing: undefined },
    ]) {
      expectSameAsSuperjson(value);
    }
  });

  it("refuses prototype-polluting keys as superjson does", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(() => serializeResponse(hostile)).toThrow();
    expect(() => superjson.serialize(hostile)).toThrow();
  });
});
