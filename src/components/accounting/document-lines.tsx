"use client";

import clsx from "clsx";
import { minorToMajorText } from "@/components/inventory/amounts";
import { TD, TH, TH_NUM } from "@/components/inventory/parts";
import { Button } from "@/components/ui/button";
import { ACCOUNT_TYPE_LABELS } from "./labels";
import { ProductPicker, type ProductChoice } from "./product-picker";
import type { Account, TaxRate } from "./types";

/*
 * A document's lines: product (or free text), description, quantity, unit price in major
 * units ("12.50"), discount %, tax rates and, on a bill, the account. Picking a product
 * fills the description and, on an invoice, its sale price (a bill's blank price is the
 * product's standard cost, filled by the server).
 */

export type LineValues = {
  key: number;
  product: ProductChoice | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  taxRateIds: string[];
  accountId: string;
};

export const LINE_FIELDS = ["productId", "description", "quantity", "unitPrice", "discountPercent", "taxRateIds", "accountId"] as const;

export function emptyLine(key: number): LineValues {
  return { key, product: null, description: "", quantity: "1", unitPrice: "", discountPercent: "", taxRateIds: [], accountId: "" };
}

const CELL_INPUT = "w-full min-w-0 rounded-lg border bg-white px-2 py-1.5 text-sm text-ink shadow-sm";

type Props = {
  formId: string;
  side: "sales" | "purchases";
  currency: string;
  lines: LineValues[];
  rates: TaxRate[];
  accounts: Account[];
  errors: Record<string, string>;
  onChange: (key: number, changes: Partial<LineValues>) => void;
  onRemove: (key: number) => void;
};

export function DocumentLines({ formId, side, currency, lines, rates, accounts, errors, onChange, onRemove }: Props) {
  const expenseAccounts = accounts.filter((a) => (a.type === "expense" || a.type === "asset") && (a.active || lines.some((l) => l.accountId === a.id)));
  return (
    <div className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">Lines of the document</caption>
        <thead className="bg-surface-muted">
          <tr>
            <th scope="col" className={TH}>Product</th>
            <th scope="col" className={TH}>Description</th>
            <th scope="col" className={TH_NUM}>Quantity</th>
            <th scope="col" className={TH_NUM}>Unit price ({currency})</th>
            <th scope="col" className={TH_NUM}>Discount %</th>
            <th scope="col" className={TH}>Taxes</th>
            {side === "purchases" && <th scope="col" className={TH}>Account</th>}
            <th scope="col" className={TH}>
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {lines.map((line, i) => {
            const n = i + 1;
            const error = (field: (typeof LINE_FIELDS)[number]) => errors[`lines.${i}.${field}`];
            const lineError = [...new Set(LINE_FIELDS.map(error).filter(Boolean))].join(" ");
            const errorId = `${formId}-line-${line.key}-error`;
            const describedBy = lineError ? errorId : undefined;
            const field = (name: (typeof LINE_FIELDS)[number]) => ({ "aria-invalid": error(name) ? (true as const) : undefined, "aria-describedby": error(name) ? describedBy : undefined });
            const inputClass = (name: (typeof LINE_FIELDS)[number], extra?: string) => clsx(CELL_INPUT, extra, error(name) ? "border-danger-600" : "border-gray-300");
            const shownRates = rates.filter((r) => r.active || line.taxRateIds.includes(r.id));
            return (
              <tr key={line.key}>
                <td className={clsx(TD, "min-w-48")}>
                  <ProductPicker
                    label={`Line ${n} product`}
                    value={line.product}
                    invalid={Boolean(error("productId"))}
                    describedBy={error("productId") ? describedBy : undefined}
                    onChange={(product) => {
                      const changes: Partial<LineValues> = { product };
                      if (product) {
                        changes.description = product.name;
                        if (side === "sales" && product.salePriceMinor !== null && product.currency === currency) changes.unitPrice = minorToMajorText(product.salePriceMinor, currency);
                        if (side === "purchases") changes.accountId = "";
                      }
                      onChange(line.key, changes);
                    }}
                  />
                  {lineError && (
                    <p id={errorId} role="alert" className="mt-1 text-xs font-medium text-danger-700">
                      {lineError}
                    </p>
                  )}
                </td>
                <td className={clsx(TD, "min-w-48")}>
                  <input aria-label={`Line ${n} description`} maxLength={1000} className={inputClass("description")} {...field("description")} value={line.description} onChange={(e) => onChange(line.key, { description: e.target.value })} />
                </td>
                <td className={clsx(TD, "min-w-24")}>
                  <input aria-label={`Line ${n} quantity`} inputMode="decimal" className={inputClass("quantity", "text-right")} {...field("quantity")} value={line.quantity} onChange={(e) => onChange(line.key, { quantity: e.target.value })} />
                </td>
                <td className={clsx(TD, "min-w-28")}>
                  <input
                    aria-label={`Line ${n} unit price (${currency})`}
                    inputMode="decimal"
                    placeholder={line.product && side === "purchases" ? "Standard cost" : undefined}
                    className={inputClass("unitPrice", "text-right")}
                    {...field("unitPrice")}
                    value={line.unitPrice}
                    onChange={(e) => onChange(line.key, { unitPrice: e.target.value })}
                  />
                </td>
                <td className={clsx(TD, "min-w-20")}>
                  <input aria-label={`Line ${n} discount %`} inputMode="decimal" placeholder="0" className={inputClass("discountPercent", "text-right")} {...field("discountPercent")} value={line.discountPercent} onChange={(e) => onChange(line.key, { discountPercent: e.target.value })} />
                </td>
                <td className={clsx(TD, "min-w-36")}>
                  {shownRates.length === 0 ? (
                    <span className="text-ink-faint">No tax rates</span>
                  ) : (
                    <fieldset aria-label={`Line ${n} taxes`} className="flex flex-col gap-1" {...field("taxRateIds")}>
                      {shownRates.map((rate) => (
                        <label key={rate.id} className="inline-flex items-center gap-1.5 whitespace-nowrap">
                          <input
                            type="checkbox"
                            checked={line.taxRateIds.includes(rate.id)}
                            onChange={(e) => onChange(line.key, { taxRateIds: e.target.checked ? [...line.taxRateIds, rate.id] : line.taxRateIds.filter((id) => id !== rate.id) })}
                          />
                          <span>
                            <span className="sr-only">Line {n} tax </span>
                            {rate.name}
                            {rate.active ? "" : " (inactive)"}
                          </span>
                        </label>
                      ))}
                    </fieldset>
                  )}
                </td>
                {side === "purchases" && (
                  <td className={clsx(TD, "min-w-48")}>
                    <select aria-label={`Line ${n} account`} className={inputClass("accountId")} {...field("accountId")} value={line.accountId} onChange={(e) => onChange(line.key, { accountId: e.target.value })}>
                      <option value="">{line.product ? "Inventory (stock product)" : "Choose an account…"}</option>
                      {(["expense", "asset"] as const).map((type) => {
                        const group = expenseAccounts.filter((a) => a.type === type);
                        return group.length ? (
                          <optgroup key={type} label={ACCOUNT_TYPE_LABELS[type]}>
                            {group.map((a) => (
                              <option key={a.id} value={a.id}>
                                {a.code} {a.name}
                                {a.active ? "" : " (inactive)"}
                              </option>
                            ))}
                          </optgroup>
                        ) : null;
                      })}
                    </select>
                  </td>
                )}
                <td className={TD}>
                  <Button type="button" variant="ghost" className="px-2 py-1" disabled={lines.length <= 1} aria-label={`Remove line ${n}`} onClick={() => onRemove(line.key)}>
                    ✕
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
