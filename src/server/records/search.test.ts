import { describe, expect, it } from "vitest";
import { createTenant, inTenant } from "../../test/fixtures";
import { runSearch, type SearchHit, type Searcher } from "./search";

/** A searcher over a fixed list (no table needed to test how hits are merged). */
function listSearcher(id: string, hits: Omit<SearchHit, "type">[]): Searcher & { calls: number } {
  const searcher = {
    id,
    label: id,
    calls: 0,
    async search(_tx: unknown, _actor: unknown, _query: unknown, limit: number) {
      searcher.calls++;
      return hits.slice(0, limit).map((hit) => ({ ...hit, type: id }));
    },
  };
  return searcher;
}

describe("global search over several searchers", () => {
  it("merges every searcher's hits by rank, then title, and keeps the best `limit`", async () => {
    const { org } = await createTenant();
    const people = listSearcher("person", [
      { id: "p1", title: "Ada", subtitle: null, rank: 1.5 },
      { id: "p2", title: "Adam", subtitle: null, rank: 0.2 },
    ]);
    const things = listSearcher("thing", [
      { id: "t1", title: "Adapter", subtitle: "x", rank: 1.5 },
      { id: "t2", title: "Adze", subtitle: null, rank: 0.9 },
    ]);
    const hits = await inTenant(org.id, (tx) => runSearch(tx, null, [people, things], { q: "ad", limit: 3 }));
    expect(hits.map((h) => [h.type, h.id])).toEqual([
      ["person", "p1"],
      ["thing", "t1"],
      ["thing", "t2"],
    ]);
  });

  it("asks no searcher when nothing searchable was typed", async () => {
    const { org } = await createTenant();
    const searcher = listSearcher("person", [{ id: "p1", title: "Ada", subtitle: null, rank: 1 }]);
    expect(await inTenant(org.id, (tx) => runSearch(tx, null, [searcher], { q: " ::: " }))).toEqual([]);
    expect(searcher.calls).toBe(0);
  });
});
