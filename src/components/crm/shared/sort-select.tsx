"use client";

import type { ListSort } from "./list-query";
import { FilterSelect } from "./parts";

const OPTIONS: { value: string; label: string }[] = [
  { value: "updatedAt.desc", label: "Recently updated" },
  { value: "updatedAt.asc", label: "Least recently updated" },
  { value: "createdAt.desc", label: "Newest first" },
  { value: "createdAt.asc", label: "Oldest first" },
  { value: "name.asc", label: "Name, A to Z" },
  { value: "name.desc", label: "Name, Z to A" },
];

/** The sort as a menu, for screens too narrow for every sortable column header. */
export function SortSelect({ sort, onChange, className }: { sort: ListSort; onChange: (sort: ListSort) => void; className?: string }) {
  return (
    <FilterSelect
      label="Sort by"
      className={className ? `${className} sm:w-64` : "sm:w-64"}
      value={`${sort.field}.${sort.direction}`}
      onChange={(e) => {
        const [field, direction] = e.target.value.split(".") as [ListSort["field"], ListSort["direction"]];
        onChange({ field, direction });
      }}
    >
      {OPTIONS.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </FilterSelect>
  );
}
