"use client";

import clsx from "clsx";
import { useEffect, useId, useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { TextField } from "@/components/ui/field";
import type { PatchList } from "./hooks";
import { filterableFields, ME, type FilterableField, type ListStateBase } from "./list-state";
import { FilterSelect } from "./parts";

/*
 * The filter form of a record list and the fields it is made of. Every change applies at
 * once (the page puts it in its URL); dates and custom fields sit behind "More filters";
 * on phones everything below the search can fold away.
 */

/** A text box that reports what was typed after a pause (and at once on Enter), following outside changes. */
export function DebouncedField({
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
  /** `replace`: the same search goes on (replace the history entry rather than add one). */
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

type MemberOption = { userId: string; name: string };

/** "Owner": anyone, me, or one member (a link may name several, or someone who left). */
export function OwnerFilter({ owners, members, userId, onChange }: { owners: string[]; members: MemberOption[]; userId: string; onChange: (owners: string[] | undefined) => void }) {
  const value = owners.length === 0 ? "" : owners.length === 1 ? owners[0]! : "several";
  const others = members.filter((m) => m.userId !== userId);
  return (
    <FilterSelect label="Owner" value={value} onChange={(e) => onChange(e.target.value ? [e.target.value] : undefined)}>
      <option value="">Anyone</option>
      <option value={ME}>Me</option>
      {value === "several" && <option value="several" disabled>{`${owners.length} people`}</option>}
      {value && value !== ME && value !== "several" && !others.some((m) => m.userId === value) && <option value={value}>Former member</option>}
      {others.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </FilterSelect>
  );
}

/** A pressed/unpressed button among several (any number may be on). */
export function Chip({ on, onClick, children }: { on: boolean; onClick: () => void; children: React.ReactNode }) {
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

/** Toggles for the values of one filter, any number on (pressed). */
export function ChipGroup<V extends string>({
  legend,
  values,
  labels,
  selected,
  onToggle,
}: {
  legend: string;
  values: readonly V[];
  labels: Record<V, string>;
  selected: V[] | undefined;
  onToggle: (value: V) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-sm font-medium text-ink">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {values.map((value) => (
          <Chip key={value} on={selected?.includes(value) ?? false} onClick={() => onToggle(value)}>
            {labels[value]}
          </Chip>
        ))}
      </div>
    </fieldset>
  );
}

/** The list with the value added, or without it when it was there (undefined when empty). */
export function toggled<T>(list: T[] | undefined, value: T): T[] | undefined {
  const next = list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value];
  return next.length ? next : undefined;
}

type CustomField = FilterableField & { id: string; label: string };

/** A custom field's filter, by type. */
function CustomFieldFilter({ field, value, members, onChange }: { field: CustomField; value: string; members: MemberOption[]; onChange: (value: string, replace?: boolean) => void }) {
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

/** A day range filter: the start may not pass the end (and the other way round). */
export type DayRange<K extends string> = { from: { key: K; label: string }; to: { key: K; label: string } };

/** Tailwind needs whole class names: columns for 2, 4 or 6 date fields. */
const DATE_GRID: Record<number, string> = { 2: "lg:grid-cols-2", 4: "lg:grid-cols-4", 6: "lg:grid-cols-6" };

export function ListFilters<Q extends ListStateBase, K extends keyof Q & string>({
  label,
  gridClassName,
  search,
  fields,
  chips,
  foldOnPhones = true,
  activeCount,
  filtered,
  onClear,
  query,
  onPatch,
  dayRanges,
  rangeError,
  customFields,
  members,
}: {
  /** The form's accessible name ("Filter contacts"). */
  label: string;
  /** Columns of the first row at large widths ("lg:grid-cols-4"). */
  gridClassName: string;
  search: React.ReactNode;
  /** The rest of the first row. */
  fields: React.ReactNode;
  /** Groups of toggles under the first row. */
  chips?: React.ReactNode;
  foldOnPhones?: boolean;
  /** How many filters are on, for the phone's "Show filters" button. */
  activeCount: number;
  filtered: boolean;
  onClear: () => void;
  query: Q;
  onPatch: PatchList<Q>;
  dayRanges: DayRange<K>[];
  rangeError: { field: string; message: string } | null;
  customFields: CustomField[];
  members: MemberOption[];
}) {
  const days = query as Partial<Record<K, string>>;
  const custom = query.custom;
  const onDay = (key: K, value: string | undefined) => onPatch({ [key]: value } as Partial<Q>);
  const onCustom = (key: string, value: string, replace?: boolean) => onPatch((live) => ({ custom: { ...live.custom, [key]: value } }) as Partial<Q>, { replace });
  const moreId = useId();
  const filtersId = useId();
  const shownFields = filterableFields(customFields);
  const moreActive = Boolean(dayRanges.some((r) => days[r.from.key] || days[r.to.key]) || Object.keys(custom ?? {}).length);
  const [showMore, setShowMore] = useState(moreActive);
  const [mobileOpen, setMobileOpen] = useState(false);
  const folded = foldOnPhones && !mobileOpen && "max-sm:hidden";

  return (
    <form role="search" aria-label={label} className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
      <div className={clsx("grid grid-cols-1 gap-3 sm:grid-cols-2", gridClassName)}>
        {search}
        {foldOnPhones && (
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
        )}
        {/* On phones the filters below the search fold away behind the button above. */}
        <div id={`${filtersId}-a`} className={clsx("contents", folded)}>
          {fields}
        </div>
      </div>

      <div id={`${filtersId}-b`} className={clsx("flex flex-col gap-3", folded)}>
        {chips}

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
          {filtered && (
            <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={onClear}>
              Clear filters
            </button>
          )}
        </div>

        <div id={moreId} hidden={!showMore} className="flex flex-col gap-3">
          <div className={clsx("grid grid-cols-2 gap-3", DATE_GRID[dayRanges.length * 2])}>
            {dayRanges.flatMap(({ from, to }) => [
              <TextField key={from.key} label={from.label} type="date" value={days[from.key] ?? ""} max={days[to.key]} onChange={(e) => onDay(from.key, e.target.value || undefined)} />,
              <TextField
                key={to.key}
                label={to.label}
                type="date"
                value={days[to.key] ?? ""}
                min={days[from.key]}
                error={rangeError?.field === to.key ? rangeError.message : undefined}
                onChange={(e) => onDay(to.key, e.target.value || undefined)}
              />,
            ])}
          </div>
          {shownFields.length > 0 && (
            <fieldset className="flex flex-col gap-1.5">
              <legend className="mb-1.5 text-sm font-medium text-ink-muted">Custom fields</legend>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
                {shownFields.map((field) => (
                  <CustomFieldFilter key={field.id} field={field} members={members} value={custom?.[field.key] ?? ""} onChange={(value, replace) => onCustom(field.key, value, replace)} />
                ))}
              </div>
            </fieldset>
          )}
        </div>
      </div>
    </form>
  );
}
