"use client";

import clsx from "clsx";
import type { ListSort, SortDirection } from "./list-state";
import { FilterSelect } from "./parts";

/*
 * Sorting a record list on the server: column headers that ask for a new order, and the
 * same choice as a menu for screens too narrow for every sortable header.
 */

/** How a sortable field reads: its natural first direction (A→Z, newest first) and the words for both. */
export type SortFieldWords = { natural: SortDirection; asc: string; desc: string };
export type SortWords<F extends string> = Record<F, SortFieldWords>;

/** Dates and times: newest first. */
export const TIME_ORDER: SortFieldWords = { natural: "desc", desc: "newest first", asc: "oldest first" };
/** Names and titles: A to Z. */
export const TEXT_ORDER: SortFieldWords = { natural: "asc", asc: "A to Z", desc: "Z to A" };

export type SortOption<F extends string> = { sort: ListSort<F>; label: string };

function SortIcon({ direction }: { direction: SortDirection | null }) {
  return (
    <svg viewBox="0 0 24 24" className={clsx("size-3.5 shrink-0", direction ? "text-brand-700" : "text-ink-faint/60")} fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      {direction === "asc" ? <path d="m7 14 5-5 5 5" /> : direction === "desc" ? <path d="m7 10 5 5 5-5" /> : <path d="m8 9 4-4 4 4M8 15l4 4 4-4" />}
    </svg>
  );
}

/**
 * A column header that sorts the list on the server: the first click sorts in the
 * column's natural direction, the next one reverses it.
 */
export function SortHeader<F extends string>({
  label,
  field,
  words,
  sort,
  onSort,
  className,
}: {
  label: string;
  field: F;
  words: SortFieldWords;
  sort: ListSort<F>;
  onSort: (sort: ListSort<F>) => void;
  className?: string;
}) {
  const active = sort.field === field;
  const next: SortDirection = active ? (sort.direction === "asc" ? "desc" : "asc") : words.natural;
  return (
    <th scope="col" className={clsx("px-3 py-2 font-medium", className)} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
      <button
        type="button"
        onClick={() => onSort({ field, direction: next })}
        className={clsx("-mx-1 inline-flex items-center gap-1 whitespace-nowrap rounded px-1 uppercase tracking-wide hover:text-ink", active && "text-ink")}
        title={`Sort by ${label.toLowerCase()}, ${words[next]}`}
      >
        {label}
        <SortIcon direction={active ? sort.direction : null} />
        <span className="sr-only">{active ? `, sorted ${words[sort.direction]}` : ""}</span>
      </button>
    </th>
  );
}

/** The sort as a menu, for screens too narrow for every sortable column header. */
export function SortSelect<F extends string>({
  sort,
  options,
  onChange,
  className,
}: {
  sort: ListSort<F>;
  options: SortOption<F>[];
  onChange: (sort: ListSort<F>) => void;
  className?: string;
}) {
  return (
    <FilterSelect
      label="Sort by"
      className={clsx(className, "sm:w-64")}
      value={`${sort.field}.${sort.direction}`}
      onChange={(e) => {
        const [field, direction] = e.target.value.split(".") as [F, SortDirection];
        onChange({ field, direction });
      }}
    >
      {options.map((o) => (
        <option key={`${o.sort.field}.${o.sort.direction}`} value={`${o.sort.field}.${o.sort.direction}`}>
          {o.label}
        </option>
      ))}
    </FilterSelect>
  );
}
