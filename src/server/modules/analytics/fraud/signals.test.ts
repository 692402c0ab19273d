import { describe, expect, it } from "vitest";
import { seededRandom } from "../forecast/random";
import { BENFORD_PROPORTIONS, benfordConformity, leadingDigitCounts } from "./benford";
import { buildHistory, computeSignals, type History, type ScoredItem, type Signal, type SignalKey } from "./signals";

const BERLIN = "Europe/Berlin";
const DAY = 86_400_000;

let counter = 0;
function item(overrides: Partial<ScoredItem> = {}): ScoredItem {
  counter += 1;
  return {
    id: `item-${counter}`,
    kind: "supplier_bill",
    counterpartyId: "acme",
    counterpartyName: "Acme",
    amountMinor: 1_037_218n,
    currency: "EUR",
    postedAt: new Date("2026-03-03T09:00:00Z"), // Tuesday 10:00 in Berlin
    timeZone: BERLIN,
    createdBy: "ann",
    approvedBy: "bob",
    ...overrides,
  };
}

function signal(target: ScoredItem, history: History, key: SignalKey): Signal {
  return computeSignals(target, history).find((s) => s.key === key)!;
}

const EMPTY = buildHistory([]);

describe("duplicate", () => {
  const earlier = item({ reference: "B-1042", amountMinor: 250_000n, postedAt: new Date("2026-03-03T09:00:00Z") });

  it("fires for the same supplier and amount within the window, naming the earlier bill", () => {
    const history = buildHistory([earlier]);
    const s = signal(item({ amountMinor: 250_000n, postedAt: new Date("2026-03-07T11:00:00Z") }), history, "duplicate");
    expect(s.value).toBe(1);
    expect(s.reason).toBe("Same supplier and amount as bill B-1042 on 3 March (4 days earlier)");
  });

  it("does not fire outside the window, for another amount, another supplier or another kind", () => {
    const history = buildHistory([earlier]);
    const late = new Date(earlier.postedAt.getTime() + 31 * DAY);
    expect(signal(item({ amountMinor: 250_000n, postedAt: late }), history, "duplicate").value).toBe(0);
    expect(signal(item({ amountMinor: 250_001n, postedAt: new Date("2026-03-07T11:00:00Z") }), history, "duplicate").value).toBe(0);
    expect(signal(item({ amountMinor: 250_000n, counterpartyId: "other", postedAt: new Date("2026-03-07T11:00:00Z") }), history, "duplicate").value).toBe(0);
    expect(signal(item({ amountMinor: 250_000n, kind: "supplier_payment", postedAt: new Date("2026-03-07T11:00:00Z") }), history, "duplicate").value).toBe(0);
    // The window is an option: 31 days later is a duplicate with a 60-day window.
    expect(computeSignals(item({ amountMinor: 250_000n, postedAt: late }), history, { duplicateWindowDays: 60 })[0]!.value).toBe(1);
  });

  it("ignores later items and the item itself", () => {
    const target = item({ amountMinor: 250_000n, postedAt: new Date("2026-03-01T09:00:00Z") });
    expect(signal(target, buildHistory([earlier, target]), "duplicate").value).toBe(0);
  });
});

describe("round amount", () => {
  it("fires fully on 10,000.00, half on 500.00, not on 10,372.18", () => {
    expect(signal(item({ amountMinor: 1_000_000n }), EMPTY, "round_amount")).toMatchObject({ value: 1, reason: expect.stringContaining("€10,000.00") });
    expect(signal(item({ amountMinor: 50_000n }), EMPTY, "round_amount").value).toBe(0.5);
    expect(signal(item({ amountMinor: 1_037_218n }), EMPTY, "round_amount").value).toBe(0);
    expect(signal(item({ amountMinor: 1_000_001n }), EMPTY, "round_amount").value).toBe(0);
  });

  it("uses the currency's minor digits (JPY has none)", () => {
    expect(signal(item({ amountMinor: 10_000n, currency: "JPY" }), EMPTY, "round_amount").value).toBe(1);
    expect(signal(item({ amountMinor: 10_000n, currency: "EUR" }), EMPTY, "round_amount").value).toBe(0.5); // 100.00
  });
});

describe("amount far outside the counterparty's history", () => {
  const past = [100_000n, 104_000n, 98_000n, 110_000n, 95_000n, 101_500n, 99_000n, 107_000n].map((amountMinor, i) =>
    item({ amountMinor, postedAt: new Date(Date.UTC(2025, i, 10, 9)) }),
  );
  const history = buildHistory(past);

  it("fires for twelve times the usual amount", () => {
    const s = signal(item({ amountMinor: 1_200_000n }), history, "amount_outlier");
    expect(s.value).toBe(1);
    expect(s.reason).toMatch(/Amount €12,000.00 is 11\.\d times the usual €1,0\d\d\.\d\d for supplier Acme \(robust z \d+\.\d over 8 earlier items\)/);
  });

  it("does not fire for a normal amount, nor without enough history", () => {
    expect(signal(item({ amountMinor: 103_000n }), history, "amount_outlier").value).toBe(0);
    const short = buildHistory(past.slice(0, 3));
    expect(signal(item({ amountMinor: 1_200_000n }), short, "amount_outlier")).toMatchObject({ value: 0, reason: expect.stringContaining("3 earlier, 5 needed") });
  });

  it("grades between the z thresholds and also catches a far smaller amount", () => {
    const mid = signal(item({ amountMinor: 200_000n }), history, "amount_outlier").value;
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(1);
    expect(signal(item({ amountMinor: 5_000n }), history, "amount_outlier").value).toBe(1);
  });
});

describe("new counterparty with a large amount", () => {
  // 40 amounts from a long-known supplier, 100.00 … 4,000.00: the 90th percentile is 3,600.00.
  const past = Array.from({ length: 40 }, (_, i) => item({ counterpartyId: "old", amountMinor: BigInt((i + 1) * 10_000), postedAt: new Date(Date.UTC(2025, 0, 1 + i)) }));
  const history = buildHistory(past);

  it("fires for a never-seen supplier with a large amount", () => {
    const s = signal(item({ counterpartyId: "new", counterpartyName: "Newco", amountMinor: 5_000_000n }), history, "new_counterparty_large");
    expect(s.value).toBe(1);
    expect(s.reason).toBe("New supplier Newco (no earlier items) with a large amount: €50,000.00 (the tenant's large amounts start at €3,600.00)");
  });

  it("does not fire for a small amount, a known supplier, or without enough tenant amounts", () => {
    expect(signal(item({ counterpartyId: "new", amountMinor: 20_000n }), history, "new_counterparty_large").value).toBe(0);
    expect(signal(item({ counterpartyId: "old", amountMinor: 5_000_000n }), history, "new_counterparty_large").value).toBe(0);
    expect(signal(item({ counterpartyId: "new", amountMinor: 5_000_000n }), buildHistory(past.slice(0, 10)), "new_counterparty_large").value).toBe(0);
  });

  it("counts a supplier first seen a few days ago as new, and takes a threshold from the options", () => {
    const recent = buildHistory([...past, item({ counterpartyId: "fresh", amountMinor: 1_000n, postedAt: new Date("2026-02-28T09:00:00Z") })]);
    expect(signal(item({ counterpartyId: "fresh", amountMinor: 5_000_000n }), recent, "new_counterparty_large").reason).toContain("first seen 3 days earlier");
    expect(computeSignals(item({ counterpartyId: "new", amountMinor: 100_000n }), EMPTY, { largeAmountMinor: { EUR: 50_000n } })[3]!.value).toBe(1);
  });
});

describe("unusual time, in the organization's zone", () => {
  const at = (iso: string, timeZone = BERLIN) => signal(item({ postedAt: new Date(iso), timeZone }), EMPTY, "unusual_time");

  it("is clean on a Tuesday at 10:00", () => {
    expect(at("2026-03-03T09:00:00Z")).toMatchObject({ value: 0, reason: "Posted in ordinary hours: Tuesday 3 March at 10:00 (Europe/Berlin)" });
  });

  it("fires at night, on a weekend, and more for both", () => {
    expect(at("2026-03-03T22:40:00Z").value).toBe(0.7); // Tuesday 23:40
    expect(at("2026-03-07T09:00:00Z")).toMatchObject({ value: 0.5, reason: "Posted on a weekend: Saturday 7 March at 10:00 (Europe/Berlin)" });
    expect(at("2026-03-07T22:40:00Z").value).toBeCloseTo(0.85, 12);
  });

  it("follows daylight saving time: 04:30 UTC is 05:30 (night) before the change, 06:30 after", () => {
    // Europe/Berlin moves to UTC+2 on Sunday 29 March 2026.
    expect(at("2026-03-23T04:30:00Z")).toMatchObject({ value: 0.7, reason: expect.stringContaining("Monday 23 March at 05:30") });
    expect(at("2026-03-30T04:30:00Z")).toMatchObject({ value: 0, reason: expect.stringContaining("Monday 30 March at 06:30") });
  });

  it("judges the weekday in local time, not UTC", () => {
    // Friday 16:00 UTC is Saturday 01:00 in Tokyo.
    expect(at("2026-03-06T16:00:00Z", "Asia/Tokyo").value).toBeCloseTo(0.85, 12);
    expect(at("2026-03-06T16:00:00Z", "Europe/London").value).toBe(0);
  });
});

describe("Benford's law", () => {
  const random = seededRandom(42);
  // Log-uniform over four decades (10.00 … 100,000.00): first digits follow Benford.
  const benfordLike = Array.from({ length: 1000 }, () => BigInt(Math.floor(10 ** (3 + 4 * random()))));
  // Fabricated: every first digit equally likely.
  const uniformDigits = Array.from({ length: 1000 }, () => BigInt(1 + Math.floor(9 * random())) * 10_000n + BigInt(Math.floor(10_000 * random())));
  const historyOf = (amounts: bigint[]) => buildHistory(amounts.map((amountMinor) => item({ amountMinor, counterpartyId: null })));

  it("measures conformity by Nigrini's MAD (known answers)", () => {
    const exact = benfordConformity(BENFORD_PROPORTIONS.map((p) => p * 1e6));
    expect(exact.mad).toBeCloseTo(0, 12);
    expect(exact.verdict).toBe("close");
    expect(benfordConformity(new Array(9).fill(100)).mad).toBeCloseTo(BENFORD_PROPORTIONS.reduce((s, p) => s + Math.abs(1 / 9 - p), 0) / 9, 12);
    expect(leadingDigitCounts([123n, -9n, 0n, 1n])).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it("stays quiet for a conforming tenant", () => {
    const conformity = benfordConformity(leadingDigitCounts(benfordLike));
    expect(conformity.mad).toBeLessThan(0.012);
    const s = signal(item({ amountMinor: 912_345n }), historyOf(benfordLike), "benford");
    expect(s.value).toBe(0);
    expect(s.reason).toContain("follow Benford's law");
  });

  it("fires for an over-represented digit of a fabricated tenant, not for an under-represented one", () => {
    expect(benfordConformity(leadingDigitCounts(uniformDigits)).verdict).toBe("nonconforming");
    const nine = signal(item({ amountMinor: 912_345n }), historyOf(uniformDigits), "benford");
    expect(nine.value).toBe(1);
    expect(nine.reason).toMatch(/do not follow Benford's law \(MAD 0\.0\d+, nonconforming\), and this amount's first digit 9 starts 1\d\.\d% of amounts against 4\.6% expected/);
    expect(signal(item({ amountMinor: 123_456n }), historyOf(uniformDigits), "benford").value).toBe(0);
  });

  it("waits for 300 amounts", () => {
    expect(signal(item(), historyOf(uniformDigits.slice(0, 299)), "benford")).toMatchObject({ value: 0, reason: "Not enough amounts yet for Benford's law (299 of 300)" });
  });
});

describe("same person creating and approving", () => {
  it("fires for the same person, not for two people or an unapproved item", () => {
    expect(signal(item({ createdBy: "ann", approvedBy: "ann" }), EMPTY, "same_creator_approver")).toMatchObject({ value: 1, reason: "Created and approved by the same person (ann)" });
    expect(signal(item({ createdBy: "ann", approvedBy: "bob" }), EMPTY, "same_creator_approver").value).toBe(0);
    expect(signal(item({ createdBy: "ann", approvedBy: null }), EMPTY, "same_creator_approver").value).toBe(0);
  });
});

it("a clean item has every signal at zero", () => {
  const signals = computeSignals(item(), EMPTY);
  expect(signals.map((s) => s.key)).toEqual(["duplicate", "round_amount", "amount_outlier", "new_counterparty_large", "unusual_time", "benford", "same_creator_approver"]);
  expect(signals.every((s) => s.value === 0 && s.reason.length > 0)).toBe(true);
});
