"use client";

import type { PatchList } from "@/components/records/hooks";
import { Chip, ChipGroup, DebouncedField, ListFilters, OwnerFilter, toggled, type DayRange } from "@/components/records/list-filters";
import { hasListFilters, type RangeProblem } from "@/components/records/list-state";
import { FilterSelect } from "@/components/records/parts";
import { CompanyFilter } from "../companies/company-picker";
import { RECORD_DAY_RANGES } from "../shared/entity-filters";
import { TagInput } from "../shared/tag-input";
import type { CustomFieldDef, Member } from "../shared/types";
import { DEAL_LIST, type DealListQuery } from "./deal-list-query";
import { DEAL_STATUS_LABEL, DEAL_STATUSES, type PipelineInfo } from "./deal-types";

const DEAL_DAY_RANGES: DayRange<"closeFrom" | "closeTo" | "createdFrom" | "createdTo" | "updatedFrom" | "updatedTo">[] = [
  { from: { key: "closeFrom", label: "Closes from" }, to: { key: "closeTo", label: "Closes by" } },
  ...RECORD_DAY_RANGES,
];

/**
 * The deal list's filters. Every change applies at once and goes into the URL; stages
 * are those of the chosen pipeline (or of every pipeline, grouped); dates and custom
 * fields sit behind "More filters".
 */
export function DealFiltersForm({
  query,
  onPatch: set,
  onClear,
  members,
  pipelines,
  fields,
  userId,
  rangeError,
}: {
  query: DealListQuery;
  onPatch: PatchList<DealListQuery>;
  onClear: () => void;
  members: Member[];
  pipelines: PipelineInfo[];
  fields: CustomFieldDef[];
  userId: string;
  rangeError: RangeProblem<DealListQuery> | null;
}) {
  const stagePipelines = query.pipelineId ? pipelines.filter((p) => p.id === query.pipelineId) : pipelines;
  const knownStages = new Set(pipelines.flatMap((p) => p.stages.map((s) => s.id)));
  const unknownStages = (query.stageIds ?? []).filter((id) => !knownStages.has(id));

  return (
    <ListFilters
      label="Filter deals"
      gridClassName="lg:grid-cols-5"
      foldOnPhones={false}
      activeCount={0}
      search={<DebouncedField label="Search" type="search" placeholder="Deal title" value={query.q ?? ""} onCommit={(q, replace) => set({ q: q.trim() || undefined }, { replace })} />}
      fields={
        <>
          <OwnerFilter owners={query.owners ?? []} members={members} userId={userId} onChange={(owners) => set({ owners })} />
          <FilterSelect
            label="Pipeline"
            value={query.pipelineId ?? ""}
            onChange={(e) => {
              const pipelineId = e.target.value || undefined;
              // Stages of another pipeline would match nothing: keep only the new pipeline's.
              const keep = pipelineId ? new Set(pipelines.find((p) => p.id === pipelineId)?.stages.map((s) => s.id)) : null;
              set((live) => ({ pipelineId, stageIds: keep ? live.stageIds?.filter((id) => keep.has(id)) : live.stageIds }));
            }}
          >
            <option value="">Any pipeline</option>
            {query.pipelineId && !pipelines.some((p) => p.id === query.pipelineId) && <option value={query.pipelineId}>Archived or removed pipeline</option>}
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.archivedAt ? `${p.name} (archived)` : p.name}
              </option>
            ))}
          </FilterSelect>
          <CompanyFilter companyId={query.companyId} onChange={(companyId) => set({ companyId })} />
          <TagInput label="Tags" placeholder="Any tag" hint="Has any of these tags" value={query.tags ?? []} max={20} onChange={(tags) => set({ tags })} />
        </>
      }
      chips={
        <>
          <ChipGroup
            legend="Status"
            values={DEAL_STATUSES}
            labels={DEAL_STATUS_LABEL}
            selected={query.statuses}
            onToggle={(status) => set((live) => ({ statuses: toggled(live.statuses, status) }))}
          />

          {stagePipelines.length > 0 && (
            <fieldset className="flex flex-col gap-1.5">
              <legend className="mb-1.5 text-sm font-medium text-ink">Stage</legend>
              <div className="flex flex-col gap-2">
                {stagePipelines.map((pipeline) => (
                  <div key={pipeline.id} className="flex flex-wrap items-center gap-2" role="group" aria-label={`Stages of ${pipeline.name}`}>
                    {stagePipelines.length > 1 && <span className="w-full text-xs font-medium text-ink-faint sm:w-auto sm:min-w-[7rem]">{pipeline.name}</span>}
                    {pipeline.stages.map((stage) => (
                      <Chip key={stage.id} on={query.stageIds?.includes(stage.id) ?? false} onClick={() => set((live) => ({ stageIds: toggled(live.stageIds, stage.id) }))}>
                        {stage.name}
                      </Chip>
                    ))}
                  </div>
                ))}
                {unknownStages.length > 0 && (
                  <p className="text-xs text-ink-muted">
                    Also {unknownStages.length === 1 ? "a stage" : `${unknownStages.length} stages`} that no longer exist.{" "}
                    <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => set((live) => ({ stageIds: live.stageIds?.filter((id) => knownStages.has(id)) }))}>
                      Remove
                    </button>
                  </p>
                )}
              </div>
            </fieldset>
          )}
        </>
      }
      filtered={hasListFilters(DEAL_LIST, query)}
      onClear={onClear}
      query={query}
      onPatch={set}
      dayRanges={DEAL_DAY_RANGES}
      rangeError={rangeError}
      customFields={fields}
      members={members}
    />
  );
}
