"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useId, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { TextField } from "@/components/ui/field";
import { useTRPC } from "@/trpc/client";
import { CompanyPicker } from "../companies/company-picker";
import { hasDealFilters, type DealListQuery, type DealRangeField } from "./deal-list-query";
import { DebouncedText } from "./deal-parts";
import { DEAL_STATUS_LABEL, DEAL_STATUSES, type PipelineInfo } from "./deal-types";
import { filterableFields, ME } from "../shared/list-query";
import { FilterSelect } from "../shared/parts";
import { TagInput } from "../shared/tag-input";
import type { CustomFieldDef, Member } from "../shared/types";

type Change = (next: DealListQuery, options?: { replace?: boolean }) => void;

function Pill({ on, onClick, children }: { on: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={onClick}
      className={clsx(
        "inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm",
        on ? "border-brand-300 bg-brand-50 font-medium text-brand-800" : "border-gray-300 bg-white text-ink-muted hover:bg-surface-muted",
      )}
    >
      {on && <Icon name="check" className="size-3.5" />}
      {children}
    </button>
  );
}

function toggle<T>(list: T[] | undefined, value: T): T[] | undefined {
  const next = list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value];
  return next.length ? next : undefined;
}

function CompanyFilter({ companyId, onChange }: { companyId: string | undefined; onChange: (id: string | undefined) => void }) {
  const trpc = useTRPC();
  const company = useQuery(trpc.crm.companies.get.queryOptions({ id: companyId ?? "" }, { enabled: Boolean(companyId), retry: false }));
  const name = company.data?.name ?? (company.isError ? "Unknown company" : "…");
  return <CompanyPicker label="Company" placeholder="Any company" value={companyId ? { id: companyId, name } : null} onChange={(choice) => onChange(choice?.id)} />;
}

/** A custom field's filter, by type (money is not filterable: amounts rarely match exactly). */
function CustomFilter({ field, value, members, onChange }: { field: CustomFieldDef; value: string; members: Member[]; onChange: (value: string, replace?: boolean) => void }) {
  if (field.type === "single_select" || field.type === "multi_select" || field.type === "checkbox" || field.type === "member") {
    const options =
      field.type === "checkbox"
        ? [
            { value: "true", label: "Yes" },
            { value: "false", label: "No" },
          ]
        : field.type === "member"
          ? members.map((m) => ({ value: m.userId, label: m.name }))
          : field.options.map((o) => ({ value: o, label: field.type === "multi_select" ? `Includes ${o}` : o }));
    return (
      <FilterSelect label={field.label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{field.type === "member" ? "Anyone" : "Any"}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </FilterSelect>
    );
  }
  if (field.type === "date") return <TextField label={field.label} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
  return (
    <DebouncedText
      label={field.label}
      type={field.type === "number" ? "number" : "text"}
      hint={field.type === "number" ? "Exactly this number" : "Exactly this text"}
      value={value}
      onCommit={(v) => onChange(v, true)}
    />
  );
}

/**
 * The deal list's filters. Every change applies at once and goes into the URL; stages
 * are those of the chosen pipeline (or of every pipeline, grouped); dates and custom
 * fields sit behind "More filters".
 */
export function DealFiltersForm({
  query,
  onChange,
  members,
  pipelines,
  fields,
  userId,
  rangeError,
}: {
  query: DealListQuery;
  onChange: Change;
  members: Member[];
  pipelines: PipelineInfo[];
  fields: CustomFieldDef[];
  userId: string;
  rangeError: { field: DealRangeField; message: string } | null;
}) {
  const set = (patch: Partial<DealListQuery>, options?: { replace?: boolean }) => onChange({ ...query, ...patch }, options);
  const moreId = useId();
  const customFields = filterableFields(fields);
  const moreActive = Boolean(
    query.createdFrom || query.createdTo || query.updatedFrom || query.updatedTo || query.closeFrom || query.closeTo || Object.keys(query.custom ?? {}).length,
  );
  const [showMore, setShowMore] = useState(moreActive);
  const owners = query.owners ?? [];
  const ownerValue = owners.length === 0 ? "" : owners.length === 1 ? owners[0]! : "several";
  const others = members.filter((m) => m.userId !== userId);
  const stagePipelines = query.pipelineId ? pipelines.filter((p) => p.id === query.pipelineId) : pipelines;
  const knownStages = new Set(pipelines.flatMap((p) => p.stages.map((s) => s.id)));
  const unknownStages = (query.stageIds ?? []).filter((id) => !knownStages.has(id));

  return (
    <form role="search" aria-label="Filter deals" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <DebouncedText label="Search" type="search" placeholder="Deal title" value={query.q ?? ""} onCommit={(q) => set({ q: q || undefined }, { replace: true })} />
        <FilterSelect label="Owner" value={ownerValue} onChange={(e) => set({ owners: e.target.value ? [e.target.value] : undefined })}>
          <option value="">Anyone</option>
          <option value={ME}>Me</option>
          {ownerValue === "several" && <option value="several" disabled>{`${owners.length} people`}</option>}
          {ownerValue && ownerValue !== ME && ownerValue !== "several" && !others.some((m) => m.userId === ownerValue) && <option value={ownerValue}>Former member</option>}
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label="Pipeline"
          value={query.pipelineId ?? ""}
          onChange={(e) => {
            const pipelineId = e.target.value || undefined;
            // Stages of another pipeline would match nothing: keep only the new pipeline's.
            const keep = pipelineId ? new Set(pipelines.find((p) => p.id === pipelineId)?.stages.map((s) => s.id)) : null;
            set({ pipelineId, stageIds: keep ? query.stageIds?.filter((id) => keep.has(id)) : query.stageIds });
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
        <TagInput label="Tags" placeholder="Any tag" hint="Has any of these tags" value={query.tags ?? []} max={20} onChange={(tags) => set({ tags: tags.length ? tags : undefined })} />
      </div>

      <fieldset className="flex flex-col gap-1.5">
        <legend className="mb-1.5 text-sm font-medium text-ink">Status</legend>
        <div className="flex flex-wrap gap-2">
          {DEAL_STATUSES.map((status) => (
            <Pill key={status} on={query.statuses?.includes(status) ?? false} onClick={() => set({ statuses: toggle(query.statuses, status) })}>
              {DEAL_STATUS_LABEL[status]}
            </Pill>
          ))}
        </div>
      </fieldset>

      {stagePipelines.length > 0 && (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-sm font-medium text-ink">Stage</legend>
          <div className="flex flex-col gap-2">
            {stagePipelines.map((pipeline) => (
              <div key={pipeline.id} className="flex flex-wrap items-center gap-2" role="group" aria-label={`Stages of ${pipeline.name}`}>
                {stagePipelines.length > 1 && <span className="w-full text-xs font-medium text-ink-faint sm:w-auto sm:min-w-[7rem]">{pipeline.name}</span>}
                {pipeline.stages.map((stage) => (
                  <Pill key={stage.id} on={query.stageIds?.includes(stage.id) ?? false} onClick={() => set({ stageIds: toggle(query.stageIds, stage.id) })}>
                    {stage.name}
                  </Pill>
                ))}
              </div>
            ))}
            {unknownStages.length > 0 && (
              <p className="text-xs text-ink-muted">
                Also {unknownStages.length === 1 ? "a stage" : `${unknownStages.length} stages`} that no longer exist.{" "}
                <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => set({ stageIds: query.stageIds?.filter((id) => knownStages.has(id)) })}>
                  Remove
                </button>
              </p>
            )}
          </div>
        </fieldset>
      )}

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <button
          type="button"
          aria-expanded={showMore}
          aria-controls={moreId}
          onClick={() => setShowMore(!showMore)}
          className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
        >
          <Icon name="chevron" className={clsx("size-4 transition-transform", !showMore && "-rotate-90")} />
          More filters{moreActive ? " (in use)" : ""}
        </button>
        {hasDealFilters(query) && (
          <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={() => onChange({ sort: query.sort })}>
            Clear filters
          </button>
        )}
      </div>

      <div id={moreId} hidden={!showMore} className="flex flex-col gap-3">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-6">
          {(
            [
              ["Closes from", "closeFrom", "closeTo", "min"],
              ["Closes by", "closeTo", "closeFrom", "max"],
              ["Created from", "createdFrom", "createdTo", "min"],
              ["Created to", "createdTo", "createdFrom", "max"],
              ["Updated from", "updatedFrom", "updatedTo", "min"],
              ["Updated to", "updatedTo", "updatedFrom", "max"],
            ] as const
          ).map(([label, key, other, side]) => (
            <TextField
              key={key}
              label={label}
              type="date"
              value={query[key] ?? ""}
              {...(side === "min" ? { max: query[other] } : { min: query[other] })}
              error={rangeError?.field === key ? rangeError.message : undefined}
              onChange={(e) => set({ [key]: e.target.value || undefined })}
            />
          ))}
        </div>
        {customFields.length > 0 && (
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1.5 text-sm font-medium text-ink-muted">Custom fields</legend>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
              {customFields.map((field) => (
                <CustomFilter
                  key={field.id}
                  field={field}
                  members={members}
                  value={query.custom?.[field.key] ?? ""}
                  onChange={(value, replace) => set({ custom: { ...query.custom, [field.key]: value } }, { replace })}
                />
              ))}
            </div>
          </fieldset>
        )}
      </div>
    </form>
  );
}
