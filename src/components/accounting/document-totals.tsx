"use client";

import { majorToMinorText } from "@/components/inventory/amounts";
import { documentTotals, parsePercent, parseQuantity, parseUnitPrice, type LineFigures } from "@/server/modules/accounting/documents/money";
import type { LineValues } from "./document-lines";
import { useMoney } from "./parts";
import type { DocumentSettings, TaxRate } from "./types";

/*
 * The draft's subtotal, tax per rate and total, recomputed as lines change with the server's
 * own arithmetic (documents/money.ts, pure bigint), so the preview is what saving stores. A
 * line that cannot be computed yet (no price, a bad quantity, mixed tax kinds) is named
 * instead of guessed; a bill's blank price (the product's standard cost) is filled by the server.
 */

type Figures = { figures: LineFigures[]; incomplete: number[] };

function figuresOf(lines: LineValues[], rates: TaxRate[], currency: string): Figures {
  const figures: LineFigures[] = [];
  const incomplete: number[] = [];
  lines.forEach((line, i) => {
    const quantity = line.quantity.trim();
    const unitPrice = line.unitPrice.trim() ? majorToMinorText(line.unitPrice, currency) : null;
    const discountPercent = line.discountPercent.trim().replace(/%$/, "") || "0";
    const lineRates = line.taxRateIds.map((id) => rates.find((r) => r.id === id));
    const valid =
      (parseQuantity(quantity) ?? 0n) > 0n &&
      unitPrice !== null &&
      parseUnitPrice(unitPrice) !== null &&
      (parsePercent(discountPercent) ?? 1_000_001n) <= 1_000_000n &&
      lineRates.every(Boolean) &&
      !(lineRates.some((r) => r!.inclusive) && lineRates.some((r) => !r!.inclusive));
    if (!valid) incomplete.push(i + 1);
    else figures.push({ quantity, unitPrice: unitPrice!, discountPercent, rates: lineRates.map((r) => ({ id: r!.id, ratePercent: r!.ratePercent, inclusive: r!.inclusive })) });
  });
  return { figures, incomplete };
}

export function DocumentTotalsPreview({ lines, rates, settings, currency }: { lines: LineValues[]; rates: TaxRate[]; settings: DocumentSettings; currency: string }) {
  const { money } = useMoney();
  const { figures, incomplete } = figuresOf(lines, rates, currency);
  const totals = documentTotals(figures, settings.rounding);
  const rows: [string, string][] = [
    ["Subtotal", money(totals.subtotal.toString(), currency)],
    ...totals.taxes.map((t): [string, string] => [rates.find((r) => r.id === t.id)?.name ?? "Tax", money(t.amount.toString(), currency)]),
    ["Total", money(totals.total.toString(), currency)],
  ];
  return (
    <section aria-label="Totals" className="flex flex-col items-end gap-1 text-sm">
      <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-1">
        {rows.map(([label, value], i) => (
          <div key={`${label}-${i}`} className="contents">
            <dt className={i === rows.length - 1 ? "font-semibold text-ink" : "text-ink-muted"}>{label}</dt>
            <dd className={i === rows.length - 1 ? "text-right font-semibold tabular-nums text-ink" : "text-right tabular-nums text-ink"} data-testid={i === rows.length - 1 ? "document-total-preview" : undefined}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {incomplete.length > 0 && (
        <p className="text-xs text-ink-muted" role="status">
          Not counted yet: line{incomplete.length > 1 ? "s" : ""} {incomplete.join(", ")} (enter a quantity and a unit price).
        </p>
      )}
    </section>
  );
}
