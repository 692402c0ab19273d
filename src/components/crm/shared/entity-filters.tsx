"use client";

import type { PatchList } from "@/components/records/hooks";
import { ChipGroup, DebouncedField, ListFilters, OwnerFilter, toggled, type DayRange } from "@/components/records/list-filters";
import { hasListFilters } from "@/components/records/list-state";
import { CompanyFilter } from "../companies/company-picker";
import { ENTITY_LABEL, LIFECYCLE_LABEL, LIFECYCLE_STAGES } from "./labels";
import { listSpec, type ListQuery } from "./list-query";
import { TagInput } from "./tag-input";
import type { CustomFieldDef, ListEntity, Member } from "./types";

type DayKey = "createdFrom" | "createdTo" | "updatedFrom" | "updatedTo";

export const RECORD_DAY_RANGES: DayRange<DayKey>[] = [
  { from: { key: "createdFrom", label: "Created from" }, to: { key: "createdTo", label: "Created to" } },
  { from: { key: "updatedFrom", label: "Updated from" }, to: { key: "updatedTo", label: "Updated to" } },
];

/** The filters of the contact or company list (contacts also by company and lifecycle stage). */
export function EntityFilters({
  entity,
  query,
  onPatch: set,
  onClear,
  members,
  fields,
  userId,
  rangeError,
}: {
  entity: ListEntity;
  query: ListQuery;
  onPatch: PatchList<ListQuery>;
  onClear: () => void;
  members: Member[];
  fields: CustomFieldDef[];
  userId: string;
  rangeError: { field: string; message: string } | null;
}) {
  const contacts = entity === "contact";
  const activeCount = [
    query.owners?.length,
    query.companyId,
    query.tags?.length,
    query.stages?.length,
    query.createdFrom || query.createdTo,
    query.updatedFrom || query.updatedTo,
    ...Object.values(query.custom ?? {}),
  ].filter(Boolean).length;

  return (
    <ListFilters
      label={`Filter ${ENTITY_LABEL[entity].many}`}
      gridClassName={contacts ? "lg:grid-cols-4" : "lg:grid-cols-3"}
      search={
        <DebouncedField
          label="Search"
          type="search"
          placeholder={contacts ? "Name, email or title" : "Name, domain, industry or city"}
          value={query.q ?? ""}
          onCommit={(q, replace) => set({ q: q.trim() || undefined }, { replace })}
        />
      }
      fields={
        <>
          <OwnerFilter owners={query.owners ?? []} members={members} userId={userId} onChange={(owners) => set({ owners })} />
          {contacts && <CompanyFilter companyId={query.companyId} onChange={(companyId) => set({ companyId })} />}
          <TagInput label="Tags" placeholder="Any tag" hint="Has any of these tags" value={query.tags ?? []} max={20} onChange={(tags) => set({ tags })} />
        </>
      }
      chips={
        contacts && (
          <ChipGroup
            legend="Lifecycle stage"
            values={LIFECYCLE_STAGES}
            labels={LIFECYCLE_LABEL}
            selected={query.stages}
            onToggle={(stage) => set((live) => ({ stages: toggled(live.stages, stage) }))}
          />
        )
      }
      activeCount={activeCount}
      filtered={hasListFilters(listSpec(entity), query)}
      onClear={onClear}
      query={query}
      onPatch={set}
      dayRanges={RECORD_DAY_RANGES}
      rangeError={rangeError}
      customFields={fields}
      members={members}
    />
  );
}
