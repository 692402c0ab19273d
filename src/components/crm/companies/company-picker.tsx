"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { useTRPC } from "@/trpc/client";
import { useCombobox } from "@/components/records/combobox";
import { useDebounced } from "@/components/records/hooks";

export type CompanyChoice = { id: string; name: string | null };

type Props = {
  label: string;
  value: CompanyChoice | null;
  onChange: (company: CompanyChoice | null) => void;
  error?: string;
  hint?: React.ReactNode;
  placeholder?: string;
  className?: string;
  disabled?: boolean;
};

/**
 * Picks a company by typing part of its name (ARIA combobox: arrows move, Enter picks,
 * Escape closes). Searches the server, so it works with any number of companies.
 */
export function CompanyPicker({ label, value, onChange, error, hint, placeholder = "Search companies…", className, disabled }: Props) {
  const trpc = useTRPC();
  const combobox = useCombobox();
  const id = combobox.id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [text, setText] = useState(value?.name ?? "");
  const [shownValue, setShownValue] = useState(value);
  const inputRef = useRef<HTMLInputElement>(null);

  // The chosen company changed from outside (form reset, a link): show its name.
  if (value?.id !== shownValue?.id || value?.name !== shownValue?.name) {
    setShownValue(value);
    setText(value?.name ?? "");
  }

  const typed = text.trim() === (value?.name ?? "").trim() ? "" : text.trim();
  const term = useDebounced(typed, 200);
  const results = useQuery(
    trpc.crm.companies.list.queryOptions(
      { filters: term ? { q: term } : {}, sort: term ? { field: "name", direction: "asc" } : { field: "updatedAt", direction: "desc" }, limit: 8 },
      { enabled: combobox.open, placeholderData: keepPreviousData },
    ),
  );
  const options = results.data?.items ?? [];

  const choose = (company: CompanyChoice | null) => {
    onChange(company);
    setShownValue(company);
    setText(company?.name ?? "");
    combobox.setOpen(false);
  };
  const { inputProps, optionProps } = combobox.wire(options, { pick: (option) => choose({ id: option.id, name: option.name }), onEscape: () => setText(value?.name ?? "") });

  return (
    <div className={clsx("relative flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <div className="relative">
        <input
          ref={inputRef}
          {...inputProps}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint && !error ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined}
          disabled={disabled}
          value={text}
          placeholder={placeholder}
          onChange={(e) => {
            setText(e.target.value);
            combobox.typed();
          }}
          onFocus={() => combobox.setOpen(true)}
          onClick={() => combobox.setOpen(true)}
          onBlur={() => {
            combobox.setOpen(false);
            // An emptied box lets go of the company; anything else half-typed goes back to the choice.
            if (!text.trim() && value) onChange(null);
            else setText(value?.name ?? "");
          }}
          className={clsx(
            "w-full min-w-0 rounded-lg border bg-white py-2 pl-3 pr-9 text-sm text-ink shadow-sm placeholder:text-ink-faint disabled:bg-surface-muted",
            error ? "border-danger-600" : "border-gray-300 focus:border-brand-500",
          )}
        />
        {value && !disabled && (
          <button
            type="button"
            className="absolute right-1.5 top-1/2 -translate-y-1/2 rounded p-1 text-ink-faint hover:bg-surface-sunken hover:text-ink"
            aria-label={`Clear ${label.toLowerCase()}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              choose(null);
              inputRef.current?.focus();
            }}
          >
            <Icon name="close" className="size-4" />
          </button>
        )}
        <div
          className={clsx(
            "absolute left-0 right-0 top-full z-30 mt-1 max-h-72 overflow-auto rounded-lg border border-gray-200 bg-white py-1 shadow-lg",
            !combobox.open && "hidden",
          )}
        >
          <ul id={combobox.listId} role="listbox" aria-label={`${label}: matching companies`}>
            {options.map((company, index) => (
              <li key={company.id} {...optionProps(company, index)}>
                <span className="block truncate font-medium">{company.name}</span>
                {company.domain && <span className="block truncate text-xs text-ink-faint">{company.domain}</span>}
              </li>
            ))}
          </ul>
          {combobox.open && options.length === 0 && (
            <p className="px-3 py-2 text-sm text-ink-muted">
              {results.isPending ? "Searching…" : results.isError ? "Could not search companies." : typed ? `No company matches “${typed}”.` : "No companies yet."}
            </p>
          )}
        </div>
      </div>
      {hint && !error && (
        <p id={hintId} className="text-xs text-ink-faint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A list filter by company, named (the URL holds only its id). */
export function CompanyFilter({ companyId, onChange }: { companyId: string | undefined; onChange: (id: string | undefined) => void }) {
  const trpc = useTRPC();
  const company = useQuery(trpc.crm.companies.get.queryOptions({ id: companyId ?? "" }, { enabled: Boolean(companyId), retry: false }));
  const name = company.data?.name ?? (company.isError ? "Unknown company" : "…");
  return <CompanyPicker label="Company" placeholder="Any company" value={companyId ? { id: companyId, name } : null} onChange={(choice) => onChange(choice?.id)} />;
}
