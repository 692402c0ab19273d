import { describe, expect, it } from "vitest";
import { moveOnBoard } from "./deal-board-state";
import { fromDealViewQuery, parseDealQuery, dealSearch, toDealListInput } from "./deal-list-query";
import type { BoardCard, BoardData, BoardStage } from "./deal-types";

const USER = "11111111-1111-4111-8111-111111111111";
const STAGE_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const STAGE_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const STAGE_LOST = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

function card(id: string, amountMinor: bigint, currency: string, probability: number | null, effective: number): BoardCard {
  return {
    id,
    title: id,
    amountMinor,
    currency,
    status: "open",
    probability,
    effectiveProbability: effective,
    expectedCloseDate: null,
    closedAt: null,
    stageChangedAt: new Date("2026-01-01T00:00:00Z"),
    company: null,
    owner: null,
    tags: [],
  };
}

function stage(id: string, outcome: BoardStage["outcome"], probability: number, deals: BoardCard[]): BoardStage {
  const totals = new Map<string, BoardStage["totals"][number]>();
  for (const d of deals) {
    const t = totals.get(d.currency) ?? { currency: d.currency, count: 0, amountMinor: 0n, weightedMinor: 0n };
    totals.set(d.currency, { ...t, count: t.count + 1, amountMinor: t.amountMinor + d.amountMinor, weightedMinor: t.weightedMinor + (d.amountMinor * BigInt(d.effectiveProbability)) / 100n });
  }
  return { id, name: id, position: 0, probability, outcome, count: deals.length, totals: [...totals.values()], deals, hasMore: false };
}

function board(): BoardData {
  const stages = [
    stage(STAGE_A, "open", 10, [card("d1", 10_000n, "EUR", null, 10), card("d2", 5_000n, "USD", 80, 80)]),
    stage(STAGE_B, "open", 50, [card("d3", 2_000n, "EUR", null, 50)]),
    stage(STAGE_LOST, "lost", 0, []),
  ];
  return { pipeline: { id: "p", name: "Sales", isDefault: true, archived: false }, stages, openTotals: [] };
}

describe("the board's optimistic move", () => {
  it("moves the card to the top of the target column and takes the target stage's probability", () => {
    const next = moveOnBoard(board(), "d1", STAGE_B);
    const [a, b] = next.stages;
    expect(a!.deals.map((d) => d.id)).toEqual(["d2"]);
    expect(b!.deals.map((d) => d.id)).toEqual(["d1", "d3"]);
    expect(b!.deals[0]!.effectiveProbability).toBe(50);
    expect(a!.count).toBe(1);
    expect(b!.count).toBe(2);
  });

  it("keeps a deal's own probability override", () => {
    const next = moveOnBoard(board(), "d2", STAGE_B);
    expect(next.stages[1]!.deals[0]!.effectiveProbability).toBe(80);
  });

  it("adjusts per-currency totals of both columns and the open totals, never mixing currencies", () => {
    const next = moveOnBoard(board(), "d1", STAGE_B);
    expect(next.stages[0]!.totals).toEqual([{ currency: "USD", count: 1, amountMinor: 5_000n, weightedMinor: 4_000n }]);
    expect(next.stages[1]!.totals).toEqual([{ currency: "EUR", count: 2, amountMinor: 12_000n, weightedMinor: 6_000n }]);
    expect(next.openTotals).toEqual([
      { currency: "EUR", count: 2, amountMinor: 12_000n, weightedMinor: 6_000n },
      { currency: "USD", count: 1, amountMinor: 5_000n, weightedMinor: 4_000n },
    ]);
  });

  it("closes a deal moved into a lost stage and takes it out of the open totals", () => {
    const next = moveOnBoard(board(), "d3", STAGE_LOST, new Date("2026-02-01T00:00:00Z"));
    const lost = next.stages[2]!;
    expect(lost.deals[0]).toMatchObject({ id: "d3", status: "lost", closedAt: new Date("2026-02-01T00:00:00Z") });
    expect(next.openTotals.find((t) => t.currency === "EUR")).toMatchObject({ count: 1, amountMinor: 10_000n });
  });

  it("leaves the board alone for a drop on the same column or an unknown deal", () => {
    const before = board();
    expect(moveOnBoard(before, "d1", STAGE_A)).toBe(before);
    expect(moveOnBoard(before, "nope", STAGE_B)).toBe(before);
  });
});

describe("the deal list's URL state", () => {
  it("round-trips filters and sort through the URL, the list input and a saved view", () => {
    const search = `?owner=me&pipeline=${STAGE_A}&stage=${STAGE_B}&status=open&status=lost&tag=Q4&close_from=2026-01-01&close_to=2026-03-31&sort=amount.desc`;
    const query = parseDealQuery(new URLSearchParams(search));
    expect(query).toMatchObject({ owners: ["me"], pipelineId: STAGE_A, stageIds: [STAGE_B], statuses: ["open", "lost"], tags: ["q4"], sort: { field: "amount", direction: "desc" } });
    const input = toDealListInput(query, { userId: USER, fields: [] });
    expect(input.filters).toMatchObject({ ownerIds: [USER], expectedCloseFrom: "2026-01-01", expectedCloseTo: "2026-03-31" });
    expect(dealSearch(fromDealViewQuery(input, USER))).toBe(dealSearch(query));
  });

  it("drops malformed values instead of sending them to fail", () => {
    const query = parseDealQuery(new URLSearchParams("?stage=nope&status=maybe&close_from=2026-02-30&sort=owner.up"));
    expect(query).toEqual({ sort: { field: "updatedAt", direction: "desc" } });
  });
});
