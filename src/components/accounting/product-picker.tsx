"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { useCombobox } from "@/components/records/combobox";
import { useDebounced } from "@/components/records/hooks";
import { useTRPC } from "@/trpc/client";

/*
 * A document line's product, picked by typing part of its SKU or name (ARIA combobox:
 * arrows move, Enter picks, Escape closes). Searches inventory's product list, so it works
 * with any number of products. Empty = a free-text line.
 */

export type ProductChoice = { id: string; label: string; name: string; currency: string; salePriceMinor: string | null };

type Props = { label: string; value: ProductChoice | null; onChange: (product: ProductChoice | null) => void; invalid?: boolean; describedBy?: string };

export function ProductPicker({ label, value, onChange, invalid, describedBy }: Props) {
  const trpc = useTRPC();
  const [text, setText] = useState(value?.label ?? "");
  const combobox = useCombobox();
  const typed = text.trim() === (value?.label ?? "") ? "" : text.trim();
  const term = useDebounced(typed, 200);
  const results = useQuery(
    trpc.inventory.products.list.queryOptions(
      { filters: { ...(term ? { q: term } : {}), active: true }, sort: term ? { field: "name", direction: "asc" } : { field: "updatedAt", direction: "desc" }, limit: 8 },
      { enabled: combobox.open, placeholderData: keepPreviousData },
    ),
  );
  const options = results.data?.items ?? [];

  const choose = (product: ProductChoice | null) => {
    onChange(product);
    setText(product?.label ?? "");
    combobox.setOpen(false);
  };
  const choiceOf = (p: (typeof options)[number]): ProductChoice => ({ id: p.id, label: `${p.sku} ${p.name}`, name: p.name, currency: p.currency, salePriceMinor: p.salePriceMinor });
  const { inputProps, optionProps } = combobox.wire(options, { pick: (option) => choose(choiceOf(option)), onEscape: () => setText(value?.label ?? "") });

  return (
    <div className="relative">
      <input
        {...inputProps}
        aria-label={label}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        placeholder="Free text"
        value={text}
        className={clsx("w-full min-w-0 rounded-lg border bg-white px-2 py-1.5 text-sm text-ink shadow-sm placeholder:text-ink-faint", invalid ? "border-danger-600" : "border-gray-300")}
        onChange={(e) => {
          setText(e.target.value);
          combobox.typed();
        }}
        onFocus={() => combobox.setOpen(true)}
        onBlur={() => {
          combobox.setOpen(false);
          // An emptied box makes a free-text line; anything half-typed goes back to the choice.
          if (!text.trim() && value) onChange(null);
          else setText(value?.label ?? "");
        }}
      />
      <div className={clsx("absolute left-0 top-full z-30 mt-1 max-h-72 w-72 overflow-auto rounded-lg border border-gray-200 bg-white py-1 shadow-lg", !combobox.open && "hidden")}>
        <ul id={combobox.listId} role="listbox" aria-label={`${label}: matching products`}>
          {options.map((product, index) => (
            <li key={product.id} {...optionProps(product, index)}>
              <span className="block truncate font-medium">{product.name}</span>
              <span className="block truncate text-xs text-ink-faint">
                {product.sku} · {product.available} {product.unit} available
              </span>
            </li>
          ))}
        </ul>
        {combobox.open && options.length === 0 && (
          <p className="px-3 py-2 text-sm text-ink-muted">{results.isPending ? "Searching…" : results.isError ? "Could not search products." : typed ? `No product matches “${typed}”.` : "No products yet."}</p>
        )}
      </div>
    </div>
  );
}
