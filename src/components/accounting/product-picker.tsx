"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useId, useState } from "react";
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
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(value?.label ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const typed = text.trim() === (value?.label ?? "") ? "" : text.trim();
  const term = useDebounced(typed, 200);
  const results = useQuery(
    trpc.inventory.products.list.queryOptions(
      { filters: { ...(term ? { q: term } : {}), active: true }, sort: term ? { field: "name", direction: "asc" } : { field: "updatedAt", direction: "desc" }, limit: 8 },
      { enabled: open, placeholderData: keepPreviousData },
    ),
  );
  const options = results.data?.items ?? [];

  const choose = (product: ProductChoice | null) => {
    onChange(product);
    setText(product?.label ?? "");
    setOpen(false);
  };
  const choiceOf = (p: (typeof options)[number]): ProductChoice => ({ id: p.id, label: `${p.sku} ${p.name}`, name: p.name, currency: p.currency, salePriceMinor: p.salePriceMinor });

  return (
    <div className="relative">
      <input
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${id}-opt-${options[active]!.id}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder="Free text"
        value={text}
        className={clsx("w-full min-w-0 rounded-lg border bg-white px-2 py-1.5 text-sm text-ink shadow-sm placeholder:text-ink-faint", invalid ? "border-danger-600" : "border-gray-300")}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          // An emptied box makes a free-text line; anything half-typed goes back to the choice.
          if (!text.trim() && value) onChange(null);
          else setText(value?.label ?? "");
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            if (!open) setOpen(true);
            else setActive((i) => Math.min(i + 1, options.length - 1));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === "Enter" && open) {
            event.preventDefault();
            const option = options[active];
            if (option) choose(choiceOf(option));
          } else if (event.key === "Escape" && open) {
            event.preventDefault();
            setOpen(false);
            setText(value?.label ?? "");
          }
        }}
      />
      <div className={clsx("absolute left-0 top-full z-30 mt-1 max-h-72 w-72 overflow-auto rounded-lg border border-gray-200 bg-white py-1 shadow-lg", !open && "hidden")}>
        <ul id={listId} role="listbox" aria-label={`${label}: matching products`}>
          {options.map((product, index) => (
            <li
              key={product.id}
              id={`${id}-opt-${product.id}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(choiceOf(product))}
              className={clsx("cursor-pointer px-3 py-2 text-sm", index === active ? "bg-brand-50 text-brand-800" : "text-ink")}
            >
              <span className="block truncate font-medium">{product.name}</span>
              <span className="block truncate text-xs text-ink-faint">
                {product.sku} · {product.available} {product.unit} available
              </span>
            </li>
          ))}
        </ul>
        {open && options.length === 0 && (
          <p className="px-3 py-2 text-sm text-ink-muted">{results.isPending ? "Searching…" : results.isError ? "Could not search products." : typed ? `No product matches “${typed}”.` : "No products yet."}</p>
        )}
      </div>
    </div>
  );
}
