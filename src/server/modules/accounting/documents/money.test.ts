import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeLine, documentTotals, roundDiv } from "./money";

describe("roundDiv", () => {
  it("rounds halves up (away from zero) or to even, and everything else to the nearest", () => {
    const cases: [bigint, bigint, bigint, bigint][] = [
      // numerator, denominator, half_up, half_even
      [5n, 2n, 3n, 2n],
      [7n, 2n, 4n, 4n],
      [-5n, 2n, -3n, -2n],
      [1n, 3n, 0n, 0n],
      [2n, 3n, 1n, 1n],
      [25n, 10n, 3n, 2n],
      [35n, 10n, 4n, 4n],
      [0n, 7n, 0n, 0n],
    ];
    for (const [n, d, up, even] of cases) {
      expect(roundDiv(n, d, "half_up"), `${n}/${d} half up`).toBe(up);
      expect(roundDiv(n, d, "half_even"), `${n}/${d} half even`).toBe(even);
    }
  });
});

const rate = (id: string, ratePercent: string, inclusive = false) => ({ id, ratePercent, inclusive });

describe("a document line", () => {
  it("without tax: quantity × price less the discount, rounded once", () => {
    expect(computeLine({ quantity: "3", unitPrice: "333.333333", discountPercent: "0", rates: [] }, "half_up")).toMatchObject({ net: 1000n, tax: 0n, total: 1000n });
    // 2 × 12.50 less 10 % = 22.50
    expect(computeLine({ quantity: "2", unitPrice: "1250", discountPercent: "10", rates: [] }, "half_up")).toMatchObject({ net: 2250n, total: 2250n });
    // 1.5 h × 0.125 cents = 0.1875 cents → 0
    expect(computeLine({ quantity: "1.5", unitPrice: "0.125", discountPercent: "0", rates: [] }, "half_up").net).toBe(0n);
  });

  it("exclusive tax is added per rate, each rounded: half up and half even differ on a half cent", () => {
    // 10.25 × 10 % = 1.025 → 1.03 half up, 1.02 half even
    const line = { quantity: "1", unitPrice: "1025", discountPercent: "0", rates: [rate("a", "10")] };
    expect(computeLine(line, "half_up")).toMatchObject({ net: 1025n, tax: 103n, total: 1128n });
    expect(computeLine(line, "half_even")).toMatchObject({ net: 1025n, tax: 102n, total: 1127n });
  });

  it("several exclusive rates (state and city tax) are each computed on the net", () => {
    const amounts = computeLine({ quantity: "4", unitPrice: "2499", discountPercent: "0", rates: [rate("state", "6.25"), rate("city", "2.5")] }, "half_up");
    // net 99.96; 6.25 % = 6.2475 → 6.25; 2.5 % = 2.499 → 2.50
    expect(amounts).toMatchObject({ net: 9996n, tax: 625n + 250n, total: 9996n + 875n });
    expect(amounts.taxes).toEqual([
      { id: "state", base: 9996n, amount: 625n },
      { id: "city", base: 9996n, amount: 250n },
    ]);
  });

  it("inclusive tax is taken out of the price: the total is the price shown", () => {
    // 12.00 including 20 % VAT: net 10.00, VAT 2.00
    expect(computeLine({ quantity: "1", unitPrice: "1200", discountPercent: "0", rates: [rate("vat", "20", true)] }, "half_up")).toMatchObject({ net: 1000n, tax: 200n, total: 1200n });
    // 9.99 incl. 19 %: net 8.394957… → 8.39, tax 1.60
    expect(computeLine({ quantity: "1", unitPrice: "999", discountPercent: "0", rates: [rate("vat", "19", true)] }, "half_up")).toMatchObject({ net: 839n, tax: 160n, total: 999n });
  });

  it("refuses to mix inclusive and exclusive rates on one line", () => {
    expect(() => computeLine({ quantity: "1", unitPrice: "100", discountPercent: "0", rates: [rate("a", "5", true), rate("b", "5")] }, "half_up")).toThrow(/mixed/);
  });

  it("always: net + tax = total, each rate's share sums to the tax, and the two modes differ by at most a cent per amount", () => {
    const decimal = (max: number, decimals: number) => fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 10 ** decimals - 1 })).map(([w, f]) => `${w}.${String(f).padStart(decimals, "0")}`);
    fc.assert(
      fc.property(
        decimal(10_000, 3).filter((q) => Number(q) > 0),
        decimal(1_000_000, 4),
        decimal(99, 2),
        fc.array(decimal(30, 3), { maxLength: 3 }),
        fc.boolean(),
        (quantity, unitPrice, discountPercent, ratePercents, inclusive) => {
          const rates = ratePercents.map((r, i) => rate(String(i), r, inclusive));
          for (const mode of ["half_up", "half_even"] as const) {
            const a = computeLine({ quantity, unitPrice, discountPercent, rates }, mode);
            expect(a.net + a.tax).toBe(a.total);
            expect(a.taxes.reduce((s, t) => s + t.amount, 0n)).toBe(a.tax);
            if (inclusive) expect(a.total).toBe(a.gross);
            else expect(a.net).toBe(a.gross);
          }
          const up = computeLine({ quantity, unitPrice, discountPercent, rates }, "half_up");
          const even = computeLine({ quantity, unitPrice, discountPercent, rates }, "half_even");
          expect(Math.abs(Number(up.gross - even.gross))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("a document's totals (the draft form's live preview and the server's saved figures)", () => {
  it("are the lines rounded one by one, then summed, with tax per rate", () => {
    const lines = [
      { quantity: "3", unitPrice: "333.333333", discountPercent: "0", rates: [rate("a", "8.25")] },
      { quantity: "1.5", unitPrice: "8000", discountPercent: "12.5", rates: [rate("a", "8.25"), rate("b", "2")] },
      { quantity: "1", unitPrice: "1000", discountPercent: "0", rates: [rate("c", "20", true)] },
    ];
    const each = lines.map((l) => computeLine(l, "half_even"));
    const totals = documentTotals(lines, "half_even");
    expect(totals.subtotal).toBe(each.reduce((s, l) => s + l.net, 0n));
    expect(totals.total).toBe(each.reduce((s, l) => s + l.total, 0n));
    expect(totals.subtotal + totals.tax).toBe(totals.total);
    expect(totals.taxes.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(totals.taxes.reduce((s, t) => s + t.amount, 0n)).toBe(totals.tax);
    expect(documentTotals([], "half_up")).toEqual({ subtotal: 0n, tax: 0n, total: 0n, taxes: [] });
  });
});
