"use client";

import clsx from "clsx";
import { useId } from "react";
import { Icon } from "@/components/shell/icons";
import { TextField } from "@/components/ui/field";
import { hasFilters, type AuditFilterOptions, type AuditFilters } from "./filters";
import { actionFilterLabel, actionGroupLabel, actionLabel, actionPrefix, entityLabel } from "./labels";

type SelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & { label: string };

function FilterSelect({ label, className, children, ...rest }: SelectProps) {
  const id = useId();
  return (
    <div className={clsx("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <select
        id={id}
        className="w-full min-w-0 rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm text-ink shadow-sm focus:border-brand-500"
        {...rest}
      >
        {children}
      </select>
    </div>
  );
}

type ActionGroup = { prefix: string; label: string; actions: { action: string; label: string }[] };

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);

/** The log's actions grouped by what they are about ("member.removed" under Member), each group with its prefix option. */
function actionGroups(actions: AuditFilterOptions["actions"]): ActionGroup[] {
  const groups = new Map<string, Set<string>>();
  for (const { action } of actions) {
    const prefix = actionPrefix(action);
    const group = groups.get(prefix) ?? new Set<string>();
    group.add(action);
    groups.set(prefix, group);
  }
  return [...groups]
    .map(([prefix, set]) => ({
      prefix,
      label: actionGroupLabel(prefix),
      actions: [...set].map((action) => ({ action, label: actionLabel(action) })).sort(byLabel),
    }))
    .sort(byLabel);
}

function entityTypes(actions: AuditFilterOptions["actions"]): { value: string; label: string }[] {
  return [...new Set(actions.map((a) => a.entityType))].map((value) => ({ value, label: entityLabel(value) })).sort(byLabel);
}

/**
 * Person, action, record type and date range of the audit log. Every change applies at
 * once; the page keeps them in its URL.
 */
export function AuditFiltersBar({
  filters,
  options,
  toError,
  onChange,
}: {
  filters: AuditFilters;
  options: AuditFilterOptions | undefined;
  toError?: string;
  onChange: (next: AuditFilters) => void;
}) {
  const set = (patch: AuditFilters) => onChange({ ...filters, ...patch });
  const actors = options?.actors ?? [];
  const groups = actionGroups(options?.actions ?? []);
  const types = entityTypes(options?.actions ?? []);
  const knownActions = new Set(groups.flatMap((g) => [`${g.prefix}.`, ...g.actions.map((a) => a.action)]));

  return (
    <form role="search" aria-label="Filter the audit log" className="flex flex-col gap-3" onSubmit={(event) => event.preventDefault()}>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-[repeat(3,minmax(0,1fr))_repeat(2,minmax(0,11rem))]">
        <FilterSelect label="Person" className="col-span-2 sm:col-span-1 lg:col-span-1" value={filters.actorUserId ?? ""} onChange={(e) => set({ actorUserId: e.target.value || undefined })}>
          <option value="">Everyone</option>
          {filters.actorUserId && !actors.some((a) => a.id === filters.actorUserId) && <option value={filters.actorUserId}>Selected person</option>}
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.name} ({actor.email})
            </option>
          ))}
        </FilterSelect>

        <FilterSelect label="Action" className="col-span-2 sm:col-span-1 lg:col-span-1" value={filters.action ?? ""} onChange={(e) => set({ action: e.target.value || undefined })}>
          <option value="">All actions</option>
          {filters.action && !knownActions.has(filters.action) && <option value={filters.action}>{actionFilterLabel(filters.action)}</option>}
          {groups.map((group) => (
            <optgroup key={group.prefix} label={group.label}>
              <option value={`${group.prefix}.`}>All {group.label.toLowerCase()} actions</option>
              {group.actions.map((a) => (
                <option key={a.action} value={a.action}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ))}
        </FilterSelect>

        <FilterSelect
          label="Record type"
          className="col-span-2 lg:col-span-1"
          value={filters.entityType ?? ""}
          // A record id belongs to its type: changing the type lets go of it.
          onChange={(e) => set({ entityType: e.target.value || undefined, entityId: undefined })}
        >
          <option value="">All records</option>
          {filters.entityType && !types.some((t) => t.value === filters.entityType) && (
            <option value={filters.entityType}>{entityLabel(filters.entityType)}</option>
          )}
          {types.map((type) => (
            <option key={type.value} value={type.value}>
              {type.label}
            </option>
          ))}
        </FilterSelect>

        <TextField label="From" type="date" className="min-w-0" value={filters.from ?? ""} max={filters.to} onChange={(e) => set({ from: e.target.value || undefined })} />
        <TextField
          label="To"
          type="date"
          className="min-w-0"
          value={filters.to ?? ""}
          min={filters.from}
          error={toError}
          hint="Includes the whole day"
          onChange={(e) => set({ to: e.target.value || undefined })}
        />
      </div>

      {hasFilters(filters) && (
        <div className="flex flex-wrap items-center gap-2">
          {filters.entityId && (
            <span className="inline-flex max-w-full items-center gap-1.5 rounded-full bg-brand-50 py-0.5 pl-3 pr-1 text-xs text-brand-800 ring-1 ring-inset ring-brand-200">
              <span className="min-w-0 truncate" title={filters.entityId}>
                Only {filters.entityType ? entityLabel(filters.entityType).toLowerCase() : "record"} <span className="font-mono">{filters.entityId}</span>
              </span>
              <button
                type="button"
                className="shrink-0 rounded-full p-0.5 hover:bg-brand-100"
                aria-label="Show every record again"
                onClick={() => set({ entityId: undefined })}
              >
                <Icon name="close" className="size-3.5" />
              </button>
            </span>
          )}
          <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={() => onChange({})}>
            Clear filters
          </button>
        </div>
      )}
    </form>
  );
}
