"use client";

import clsx from "clsx";
import { forwardRef, useId } from "react";
import { Controller, useFieldArray, useFormContext, type FieldErrors } from "react-hook-form";
import { Icon } from "@/components/shell/icons";

/* Form pieces the contact and company forms share. */

/** A labelled <textarea>, wired like TextField. */
export const TextAreaField = forwardRef<HTMLTextAreaElement, React.TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: string }>(
  function TextAreaField({ label, error, hint, className, rows = 4, ...rest }, ref) {
    const id = useId();
    return (
      <div className={clsx("flex min-w-0 flex-col gap-1.5", className)}>
        <label htmlFor={id} className="text-sm font-medium text-ink">
          {label}
        </label>
        <textarea
          ref={ref}
          id={id}
          rows={rows}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          className={clsx(
            "w-full min-w-0 rounded-lg border bg-white px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-faint disabled:bg-surface-muted",
            error ? "border-danger-600" : "border-gray-300 focus:border-brand-500",
          )}
          {...rest}
        />
        {hint && !error && (
          <p id={`${id}-hint`} className="text-xs text-ink-faint">
            {hint}
          </p>
        )}
        {error && (
          <p id={`${id}-error`} role="alert" className="text-xs font-medium text-danger-700">
            {error}
          </p>
        )}
      </div>
    );
  },
);

export function FormSection({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div>
        <h2 id={id} className="text-base font-semibold text-ink">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-ink-muted">{description}</p>}
      </div>
      {children}
    </section>
  );
}

type Channel = { value: string; isPrimary: boolean; label: string };

/** Labels offered for a channel; a contact's own other label (from an import) is offered too. */
const CHANNEL_LABELS: Record<"emails" | "phones", string[]> = { emails: ["work", "home", "other"], phones: ["work", "home", "mobile", "fax", "other"] };
type WithChannels = { emails: Channel[]; phones: Channel[] };

function rowError(errors: FieldErrors<WithChannels>, kind: "emails" | "phones", index: number): string | undefined {
  return errors[kind]?.[index]?.value?.message;
}

/**
 * A contact's emails or phones: one row each, a radio for the primary one, add and
 * remove. The first row added is primary; removing the primary makes the first left primary.
 */
export function ChannelFields({ kind, disabled }: { kind: "emails" | "phones"; disabled?: boolean }) {
  const { control, register, formState, getValues, setValue } = useFormContext<WithChannels>();
  const { fields, append, remove } = useFieldArray({ control, name: kind });
  const groupId = useId();
  const noun = kind === "emails" ? "email" : "phone number";
  const listError = (formState.errors[kind] as { message?: string; root?: { message?: string } } | undefined)?.message ?? (formState.errors[kind] as { root?: { message?: string } } | undefined)?.root?.message;

  return (
    <fieldset className="flex min-w-0 flex-col gap-2" disabled={disabled}>
      <legend className="mb-1.5 text-sm font-medium text-ink">{kind === "emails" ? "Emails" : "Phones"}</legend>
      {fields.length === 0 && <p className="text-sm text-ink-faint">No {noun}s yet.</p>}
      <ul className="flex flex-col gap-2">
        {fields.map((row, index) => {
          const error = rowError(formState.errors, kind, index);
          const inputId = `${groupId}-${index}`;
          return (
            <li key={row.id} className="flex flex-col gap-1">
              <div className="flex flex-wrap items-center gap-2 sm:flex-nowrap">
                <label htmlFor={inputId} className="sr-only">
                  {kind === "emails" ? `Email ${index + 1}` : `Phone ${index + 1}`}
                </label>
                <input
                  id={inputId}
                  type={kind === "emails" ? "email" : "tel"}
                  autoComplete="off"
                  placeholder={kind === "emails" ? "ann@example.com" : "+49 30 1234567"}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error` : undefined}
                  className={clsx(
                    "w-full min-w-0 flex-1 rounded-lg border bg-white px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-faint",
                    error ? "border-danger-600" : "border-gray-300 focus:border-brand-500",
                  )}
                  {...register(`${kind}.${index}.value`)}
                />
                <label htmlFor={`${inputId}-label`} className="sr-only">
                  {kind === "emails" ? `Label of email ${index + 1}` : `Label of phone ${index + 1}`}
                </label>
                <select
                  id={`${inputId}-label`}
                  className="shrink-0 rounded-lg border border-gray-300 bg-white px-2 py-2 text-sm text-ink shadow-sm focus:border-brand-500"
                  {...register(`${kind}.${index}.label`)}
                >
                  <option value="">No label</option>
                  {[...new Set([...CHANNEL_LABELS[kind], ...(row.label ? [row.label] : [])])].map((label) => (
                    <option key={label} value={label}>
                      {label[0]!.toUpperCase() + label.slice(1)}
                    </option>
                  ))}
                </select>
                <Controller
                  control={control}
                  name={`${kind}.${index}.isPrimary`}
                  render={({ field }) => (
                    <label className="inline-flex shrink-0 items-center gap-1.5 text-sm text-ink-muted">
                      <input
                        type="radio"
                        name={`${groupId}-primary`}
                        className="size-4 border-gray-300 text-brand-600"
                        checked={field.value}
                        onChange={() => {
                          getValues(kind).forEach((_, i) => setValue(`${kind}.${i}.isPrimary`, i === index, { shouldDirty: true }));
                        }}
                      />
                      Primary
                      <span className="sr-only">
                        {" "}
                        {kind === "emails" ? `email ${index + 1}` : `phone ${index + 1}`}
                      </span>
                    </label>
                  )}
                />
                <button
                  type="button"
                  onClick={() => {
                    const wasPrimary = getValues(`${kind}.${index}.isPrimary`);
                    remove(index);
                    if (wasPrimary && getValues(kind).length > 0) setValue(`${kind}.0.isPrimary`, true, { shouldDirty: true });
                  }}
                  className="shrink-0 rounded p-1.5 text-ink-faint hover:bg-surface-sunken hover:text-danger-700"
                  aria-label={`Remove ${noun} ${index + 1}`}
                >
                  <Icon name="close" className="size-4" />
                </button>
              </div>
              {error && (
                <p id={`${inputId}-error`} role="alert" className="text-xs font-medium text-danger-700">
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {listError && (
        <p role="alert" className="text-xs font-medium text-danger-700">
          {listError}
        </p>
      )}
      {fields.length < 10 && (
        <button
          type="button"
          onClick={() => append({ value: "", isPrimary: fields.length === 0, label: "" }, { shouldFocus: true })}
          className="inline-flex items-center gap-1 self-start text-sm font-medium text-brand-700 hover:underline"
        >
          <Icon name="plus" className="size-4" />
          Add {fields.length ? "another" : kind === "emails" ? "an" : "a"} {noun}
        </button>
      )}
    </fieldset>
  );
}
