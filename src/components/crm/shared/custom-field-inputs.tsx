"use client";

import clsx from "clsx";
import { useMemo } from "react";
import { Controller, useFormContext, useWatch, type FieldErrors } from "react-hook-form";
import { currencyGroups } from "@/components/orgs/options";
import { SelectField, TextField } from "@/components/ui/field";
import type { CustomFormValues } from "./custom-values";
import type { CustomFieldDef, Member } from "./types";

type WithCustom = { custom: CustomFormValues };

function customError(errors: FieldErrors<WithCustom>, key: string): string | undefined {
  const entry = (errors.custom as Record<string, { message?: string; amount?: { message?: string } } | undefined> | undefined)?.[key];
  return entry?.message ?? entry?.amount?.message;
}

function label(field: CustomFieldDef): string {
  return field.required ? `${field.label} (required)` : field.label;
}

function MoneyInput({ field, error, disabled }: { field: CustomFieldDef; error?: string; disabled?: boolean }) {
  const { register, getValues } = useFormContext<WithCustom>();
  const initialCurrency = (getValues(`custom.${field.key}`) as { currency?: string } | undefined)?.currency ?? "EUR";
  const currencies = useMemo(() => currencyGroups(initialCurrency), [initialCurrency]);
  return (
    <fieldset className="flex min-w-0 flex-col gap-1.5" disabled={disabled}>
      <legend className="mb-1.5 text-sm font-medium text-ink">{label(field)}</legend>
      <div className="grid grid-cols-[minmax(0,1fr)_7rem] gap-2">
        <TextField label="Amount" className="[&>label]:sr-only" inputMode="decimal" autoComplete="off" placeholder="0.00" error={error} {...register(`custom.${field.key}.amount`)} />
        <SelectField label="Currency" className="[&>label]:sr-only" {...register(`custom.${field.key}.currency`)}>
          {currencies.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.value}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
      </div>
    </fieldset>
  );
}

function MultiSelectInput({ field, error }: { field: CustomFieldDef; error?: string }) {
  const { control } = useFormContext<WithCustom>();
  return (
    <Controller
      control={control}
      name={`custom.${field.key}`}
      render={({ field: input }) => {
        const chosen = Array.isArray(input.value) ? (input.value as string[]) : [];
        return (
          <fieldset className="flex min-w-0 flex-col gap-1.5" aria-invalid={error ? true : undefined}>
            <legend className="mb-1.5 text-sm font-medium text-ink">{label(field)}</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {field.options.map((option) => (
                <label key={option} className="inline-flex items-center gap-2 text-sm text-ink">
                  <input
                    type="checkbox"
                    className="size-4 rounded border-gray-300 text-brand-600"
                    checked={chosen.includes(option)}
                    onChange={(e) => input.onChange(e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option))}
                    onBlur={input.onBlur}
                  />
                  {option}
                </label>
              ))}
            </div>
            {error && (
              <p role="alert" className="text-xs font-medium text-danger-700">
                {error}
              </p>
            )}
          </fieldset>
        );
      }}
    />
  );
}

function CustomInput({ field, members, error }: { field: CustomFieldDef; members: Member[]; error?: string }) {
  const { register } = useFormContext<WithCustom>();
  const name = `custom.${field.key}` as const;
  switch (field.type) {
    case "text":
      return <TextField label={label(field)} error={error} {...register(name)} />;
    case "number":
      return <TextField label={label(field)} inputMode="decimal" autoComplete="off" error={error} {...register(name)} />;
    case "date":
      return <TextField label={label(field)} type="date" error={error} {...register(name)} />;
    case "money":
      return <MoneyInput field={field} error={error} />;
    case "single_select":
      return (
        <SelectField label={label(field)} error={error} {...register(name)}>
          <option value="">—</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case "multi_select":
      return <MultiSelectInput field={field} error={error} />;
    case "checkbox":
      return (
        <div className="flex flex-col gap-1.5">
          <label className="mt-7 inline-flex items-center gap-2 text-sm font-medium text-ink">
            <input type="checkbox" className="size-4 rounded border-gray-300 text-brand-600" aria-invalid={error ? true : undefined} {...register(name)} />
            {field.label}
          </label>
          {error && (
            <p role="alert" className="text-xs font-medium text-danger-700">
              {error}
            </p>
          )}
        </div>
      );
    case "member":
      return <MemberInput field={field} members={members} error={error} />;
  }
}

function MemberInput({ field, members, error }: { field: CustomFieldDef; members: Member[]; error?: string }) {
  const { register, control } = useFormContext<WithCustom>();
  const name = `custom.${field.key}` as const;
  const value = useWatch({ control, name });
  // Someone who has left the organization stays shown until another person is chosen.
  const former = typeof value === "string" && value !== "" && !members.some((m) => m.userId === value);
  return (
    <SelectField label={label(field)} error={error} {...register(name)}>
      <option value="">—</option>
      {former && <option value={value}>Former member</option>}
      {members.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </SelectField>
  );
}

/** The entity's custom fields as form inputs, by type; errors come from the form (client or server, "custom.<key>"). */
export function CustomFieldInputs({ fields, members, className }: { fields: CustomFieldDef[]; members: Member[]; className?: string }) {
  const { formState } = useFormContext<WithCustom>();
  if (!fields.length) return null;
  return (
    <div className={clsx("grid grid-cols-1 gap-5 sm:grid-cols-2", className)}>
      {fields.map((field) => (
        <CustomInput key={field.id} field={field} members={members} error={customError(formState.errors, field.key)} />
      ))}
    </div>
  );
}
