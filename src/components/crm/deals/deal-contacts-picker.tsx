"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { useTRPC } from "@/trpc/client";
import { contactName } from "../shared/format";
import { useCombobox } from "@/components/records/combobox";
import { useDebounced } from "@/components/records/hooks";

export type ContactChoice = { id: string; name: string };

type Props = {
  label: string;
  value: ContactChoice[];
  onChange: (contacts: ContactChoice[]) => void;
  error?: string;
  hint?: React.ReactNode;
  max?: number;
  disabled?: boolean;
  className?: string;
};

/**
 * Picks any number of contacts: chosen ones show as chips (each with a remove button),
 * the box searches the server by name or email (ARIA combobox: arrows move, Enter adds,
 * Escape closes, Backspace in the empty box removes the last chip).
 */
export function DealContactsPicker({ label, value, onChange, error, hint, max = 50, disabled, className }: Props) {
  const trpc = useTRPC();
  const combobox = useCombobox();
  const id = combobox.id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [text, setText] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const term = useDebounced(text.trim(), 200);
  const results = useQuery(
    trpc.crm.contacts.list.queryOptions(
      { filters: term ? { q: term } : {}, sort: term ? { field: "name", direction: "asc" } : { field: "updatedAt", direction: "desc" }, limit: 10 },
      { enabled: combobox.open && !disabled, placeholderData: keepPreviousData },
    ),
  );
  const chosen = new Set(value.map((c) => c.id));
  const options = (results.data?.items ?? []).filter((c) => !chosen.has(c.id)).slice(0, 8);
  const full = value.length >= max;

  const add = (contact: ContactChoice) => {
    if (full) return;
    onChange([...value, contact]);
    setText("");
    combobox.typed();
  };
  const choiceOf = (option: (typeof options)[number]): ContactChoice => ({ id: option.id, name: contactName(option) || option.primaryEmail || "Unnamed contact" });
  const { inputProps, optionProps } = combobox.wire(options, { pick: (option) => add(choiceOf(option)) });

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    inputProps.onKeyDown(event);
    if (event.key === "Backspace" && !text && value.length) onChange(value.slice(0, -1));
  };

  return (
    <div className={clsx("relative flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <div
        className={clsx(
          "relative flex min-h-[2.375rem] w-full min-w-0 flex-wrap items-center gap-1 rounded-lg border bg-white px-2 py-1 shadow-sm focus-within:border-brand-500",
          error ? "border-danger-600" : "border-gray-300",
          disabled && "bg-surface-muted",
        )}
      >
        {value.length > 0 && (
          <ul className="flex max-w-full flex-wrap items-center gap-1" aria-label={`Chosen ${label.toLowerCase()}`}>
            {value.map((contact) => (
              <li key={contact.id} className="inline-flex max-w-full items-center gap-0.5 rounded bg-surface-sunken py-0.5 pl-1.5 pr-0.5 text-xs text-ink">
                <span className="truncate">{contact.name}</span>
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => {
                    onChange(value.filter((c) => c.id !== contact.id));
                    inputRef.current?.focus();
                  }}
                  className="rounded p-0.5 text-ink-faint hover:bg-gray-200 hover:text-ink"
                  aria-label={`Remove ${contact.name}`}
                >
                  <Icon name="close" className="size-3" />
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          ref={inputRef}
          {...inputProps}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint && !error ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined}
          disabled={disabled || full}
          value={text}
          placeholder={full ? `At most ${max}` : value.length ? "Add another…" : "Search contacts…"}
          onChange={(e) => {
            setText(e.target.value);
            combobox.typed();
          }}
          onFocus={() => combobox.setOpen(true)}
          onClick={() => combobox.setOpen(true)}
          onBlur={() => combobox.setOpen(false)}
          onKeyDown={onKeyDown}
          className="min-w-[8rem] flex-1 border-0 bg-transparent px-1 py-1 text-sm text-ink outline-none placeholder:text-ink-faint focus:outline-none focus-visible:outline-none"
        />
        <div className={clsx("absolute left-0 right-0 top-full z-30 mt-1 max-h-72 overflow-auto rounded-lg border border-gray-200 bg-white py-1 shadow-lg", !combobox.open && "hidden")}>
          <ul id={combobox.listId} role="listbox" aria-label={`${label}: matching contacts`}>
            {options.map((contact, index) => (
              <li key={contact.id} {...optionProps(contact, index)}>
                <span className="block truncate font-medium">{contactName(contact) || "Unnamed contact"}</span>
                {(contact.primaryEmail || contact.companyName) && (
                  <span className="block truncate text-xs text-ink-faint">{[contact.primaryEmail, contact.companyName].filter(Boolean).join(" · ")}</span>
                )}
              </li>
            ))}
          </ul>
          {combobox.open && options.length === 0 && (
            <p className="px-3 py-2 text-sm text-ink-muted">
              {results.isPending ? "Searching…" : results.isError ? "Could not search contacts." : term ? `No other contact matches “${term}”.` : "No more contacts."}
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
