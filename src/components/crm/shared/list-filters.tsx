"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useEffect, useId, useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { TextField } from "@/components/ui/field";
import { useTRPC } from "@/trpc/client";
import { CompanyPicker } from "../companies/company-picker";
import type { ListPatch } from "./hooks";
import { ENTITY_LABEL, LIFECYCLE_LABEL, LIFECYCLE_STAGES } from "./labels";
import { filterableFields, hasFilters, ME, type ListQuery } from "./list-query";
import { FilterSelect } from "./parts";
import { TagInput } from "./tag-input";
import type { CustomFieldDef, ListEntity, Member } from "./types";

type Patch = (changes: ListPatch, options?: { replace?: boolean }) => void;

/** A text box that reports what was typed after a pause (and at once on Enter), following outside changes. */
function DebouncedField({
  label,
  value,
  onCommit,
  type = "text",
  placeholder,
  hint,
  className,
}: {
  label: string;
  value: string;
  onCommit: (value: string, replace: boolean) => void;
  type?: string;
  placeholder?: string;
  hint?: string;
  className?: string;
}) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  // One history entry per search: the first commit pushes, the rest of the typing replaces it.
  const typing = useRef(false);

  useEffect(() => {
    // Back/forward or "Clear filters" changed the value: show it.
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = text;
      commit.current(text, typing.current);
      typing.current = true;
    }, 350);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <TextField
      label={label}
      type={type}
      value={text}
      placeholder={placeholder}
      hint={hint}
      className={className}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        typing.current = false;
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && text !== committed.current) {
          committed.current = text;
          onCommit(text, typing.current);
        }
      }}
    />
  );
}

function CustomFilter({ field, value, members, onChange }: { field: CustomFieldDef; value: string; members: Member[]; onChange: (value: string, replace?: boolean) => void }) {
  switch (field.type) {
    case "single_select":
    case "multi_select":
      return (
        <FilterSelect label={field.label} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Any</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {field.type === "multi_select" ? `Includes ${option}` : option}
            </option>
          ))}
        </FilterSelect>
      );
    case "checkbox":
      return (
        <FilterSelect label={field.label} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Any</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </FilterSelect>
      );
    case "member":
      return (
        <FilterSelect label={field.label} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Anyone</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </FilterSelect>
      );
    case "date":
      return <TextField label={field.label} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
    case "number":
      return <DebouncedField label={field.label} type="number" value={value} hint="Exactly this number" onCommit={(v, replace) => onChange(v, replace)} />;
    default:
      return <DebouncedField label={field.label} value={value} hint="Exactly this text" onCommit={(v, replace) => onChange(v, replace)} />;
  }
}

/** The company chosen in a contact list's filter, named (the URL holds only its id). */
function CompanyFilter({ companyId, onChange }: { companyId: string | undefined; onChange: (id: string | undefined) => void }) {
  const trpc = useTRPC();
  const company = useQuery(trpc.crm.companies.get.queryOptions({ id: companyId ?? "" }, { enabled: Boolean(companyId), retry: false }));
  const name = company.data?.name ?? (company.isError ? "Unknown company" : "…");
  return (
    <CompanyPicker
      label="Company"
      placeholder="Any company"
      value={companyId ? { id: companyId, name } : null}
      onChange={(choice) => onChange(choice?.id)}
    />
  );
}

/**
 * The filters of a contact or company list. Every change applies at once and goes into
 * the page's URL; dates and custom fields sit behind "More filters".
 */
export function ListFilters({
  entity,
  query,
  onPatch,
  onClear,
  members,
  fields,
  userId,
  rangeError,
}: {
  entity: ListEntity;
  query: ListQuery;
  onPatch: Patch;
  onClear: () => void;
  members: Member[];
  fields: CustomFieldDef[];
  userId: string;
  rangeError: { field: "createdTo" | "updatedTo"; message: string } | null;
}) {
  const set = onPatch;
  const moreId = useId();
  const customFields = filterableFields(fields);
  const moreActive = Boolean(query.createdFrom || query.createdTo || query.updatedFrom || query.updatedTo || Object.keys(query.custom ?? {}).length);
  const [showMore, setShowMore] = useState(moreActive);
  const filtersId = useId();
  const [mobileOpen, setMobileOpen] = useState(false);
  const activeCount = [
    query.owners?.length,
    query.companyId,
    query.tags?.length,
    query.stages?.length,
    query.createdFrom || query.createdTo,
    query.updatedFrom || query.updatedTo,
    ...Object.values(query.custom ?? {}),
  ].filter(Boolean).length;
  const labels = ENTITY_LABEL[entity];

  const owners = query.owners ?? [];
  const ownerValue = owners.length === 0 ? "" : owners.length === 1 ? owners[0]! : "several";
  const others = members.filter((m) => m.userId !== userId);

  return (
    <form role="search" aria-label={`Filter ${labels.many}`} className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
      <div className={clsx("grid grid-cols-1 gap-3 sm:grid-cols-2", entity === "contact" ? "lg:grid-cols-4" : "lg:grid-cols-3")}>
        <DebouncedField
          label="Search"
          type="search"
          placeholder={entity === "contact" ? "Name, email or title" : "Name, domain, industry or city"}
          value={query.q ?? ""}
          onCommit={(q, replace) => set({ q: q.trim() || undefined }, { replace })}
        />
        <button
          type="button"
          className="inline-flex items-center gap-1 self-start text-sm font-medium text-brand-700 hover:underline sm:hidden"
          aria-expanded={mobileOpen}
          aria-controls={`${filtersId}-a ${filtersId}-b`}
          onClick={() => setMobileOpen(!mobileOpen)}
        >
          <Icon name="chevron" className={clsx("size-4 transition-transform", !mobileOpen && "-rotate-90")} />
          {mobileOpen ? "Hide filters" : "Show filters"}
          {activeCount > 0 && ` (${activeCount} in use)`}
        </button>
        {/* On phones the filters below the search fold away behind the button above. */}
        <div id={`${filtersId}-a`} className={clsx("contents", !mobileOpen && "max-sm:hidden")}>
          <FilterSelect
            label="Owner"
            value={ownerValue}
            onChange={(e) => set({ owners: e.target.value ? [e.target.value] : undefined })}
          >
            <option value="">Anyone</option>
            <option value={ME}>Me</option>
            {ownerValue === "several" && <option value="several" disabled>{`${owners.length} people`}</option>}
            {ownerValue && ownerValue !== ME && ownerValue !== "several" && !others.some((m) => m.userId === ownerValue) && (
              <option value={ownerValue}>Former member</option>
            )}
            {others.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </FilterSelect>
          {entity === "contact" && <CompanyFilter companyId={query.companyId} onChange={(companyId) => set({ companyId })} />}
          <TagInput label="Tags" placeholder="Any tag" hint="Has any of these tags" value={query.tags ?? []} max={20} onChange={(tags) => set({ tags })} />
        </div>
      </div>

      <div id={`${filtersId}-b`} className={clsx("flex flex-col gap-3", !mobileOpen && "max-sm:hidden")}>
        {entity === "contact" && (
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1.5 text-sm font-medium text-ink">Lifecycle stage</legend>
            <div className="flex flex-wrap gap-2">
              {LIFECYCLE_STAGES.map((stage) => {
                const on = query.stages?.includes(stage) ?? false;
                return (
                  <button
                    key={stage}
                    type="button"
                    aria-pressed={on}
                    onClick={() => set((live) => ({ stages: live.stages?.includes(stage) ? live.stages.filter((s) => s !== stage) : [...(live.stages ?? []), stage] }))}
                    className={clsx(
                      "inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm",
                      on ? "border-brand-300 bg-brand-50 font-medium text-brand-800" : "border-gray-300 bg-white text-ink-muted hover:bg-surface-muted",
                    )}
                  >
                    {on && <Icon name="check" className="size-3.5" />}
                    {LIFECYCLE_LABEL[stage]}
                  </button>
                );
              })}
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
          {hasFilters(query) && (
            <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={onClear}>
              Clear filters
            </button>
          )}
        </div>

        <div id={moreId} hidden={!showMore} className="flex flex-col gap-3">
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <TextField label="Created from" type="date" value={query.createdFrom ?? ""} max={query.createdTo} onChange={(e) => set({ createdFrom: e.target.value || undefined })} />
            <TextField
              label="Created to"
              type="date"
              value={query.createdTo ?? ""}
              min={query.createdFrom}
              error={rangeError?.field === "createdTo" ? rangeError.message : undefined}
              onChange={(e) => set({ createdTo: e.target.value || undefined })}
            />
            <TextField label="Updated from" type="date" value={query.updatedFrom ?? ""} max={query.updatedTo} onChange={(e) => set({ updatedFrom: e.target.value || undefined })} />
            <TextField
              label="Updated to"
              type="date"
              value={query.updatedTo ?? ""}
              min={query.updatedFrom}
              error={rangeError?.field === "updatedTo" ? rangeError.message : undefined}
              onChange={(e) => set({ updatedTo: e.target.value || undefined })}
            />
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
                    onChange={(value, replace) => set((live) => ({ custom: { ...live.custom, [field.key]: value } }), { replace })}
                  />
                ))}
              </div>
            </fieldset>
          )}
        </div>
      </div>
    </form>
  );
}
