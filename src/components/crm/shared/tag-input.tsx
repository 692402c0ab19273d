"use client";

import clsx from "clsx";
import { useId, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { normalizeTag } from "@/components/records/list-state";

type Props = {
  label: string;
  value: string[];
  onChange: (tags: string[]) => void;
  error?: string;
  hint?: React.ReactNode;
  placeholder?: string;
  max?: number;
  className?: string;
  disabled?: boolean;
};

/**
 * Tags as chips: type and press Enter or comma to add, Backspace in the empty box
 * removes the last one, each chip has its own remove button. Tags are lower-case, like
 * the server stores them.
 */
export function TagInput({ label, value, onChange, error, hint, placeholder = "Add a tag…", max = 30, className, disabled }: Props) {
  const id = useId();
  const [text, setText] = useState("");
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const add = (raw: string) => {
    const tags = raw.split(",").map(normalizeTag).filter(Boolean);
    const next = [...new Set([...value, ...tags])].slice(0, max);
    if (next.length !== value.length) onChange(next);
    setText("");
  };

  return (
    <div className={clsx("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <div
        className={clsx(
          "flex min-h-[2.375rem] w-full min-w-0 flex-wrap items-center gap-1 rounded-lg border bg-white px-2 py-1 shadow-sm focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500/30",
          error ? "border-danger-600" : "border-gray-300",
          disabled && "bg-surface-muted",
        )}
      >
        {value.map((tag) => (
          <span key={tag} className="inline-flex max-w-full items-center gap-0.5 rounded bg-surface-sunken py-0.5 pl-1.5 pr-0.5 text-xs text-ink">
            <span className="truncate">{tag}</span>
            <button
              type="button"
              disabled={disabled}
              onClick={() => onChange(value.filter((t) => t !== tag))}
              className="rounded p-0.5 text-ink-faint hover:bg-gray-200 hover:text-ink"
              aria-label={`Remove tag ${tag}`}
            >
              <Icon name="close" className="size-3" />
            </button>
          </span>
        ))}
        <input
          id={id}
          value={text}
          disabled={disabled}
          placeholder={value.length ? "" : placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint && !error ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined}
          onChange={(e) => {
            if (e.target.value.includes(",")) add(e.target.value);
            else setText(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && text.trim()) {
              e.preventDefault();
              add(text);
            } else if (e.key === "Backspace" && !text && value.length) {
              onChange(value.slice(0, -1));
            }
          }}
          onBlur={() => text.trim() && add(text)}
          className="min-w-[6rem] flex-1 border-0 bg-transparent px-1 py-1 text-sm text-ink outline-none placeholder:text-ink-faint focus:outline-none focus-visible:outline-none"
        />
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
