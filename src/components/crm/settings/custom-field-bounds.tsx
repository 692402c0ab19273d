"use client";

import { TextField } from "@/components/ui/field";
import type { CustomFieldType } from "@/server/modules/crm/schema";

/* The smallest and largest value of a number or money field, as typed in Settings → CRM → fields. */

export const BOUNDED_FIELD_TYPES: CustomFieldType[] = ["number", "money"];

export type BoundTexts = { minValue: string; maxValue: string };
type Errors = Record<string, string | undefined>;

export const boundTexts = (field?: { minValue: number | null; maxValue: number | null }): BoundTexts => ({
  minValue: field?.minValue == null ? "" : String(field.minValue),
  maxValue: field?.maxValue == null ? "" : String(field.maxValue),
});

/** The bounds to send (null for none), or the errors of what was typed. */
export function readBounds(texts: BoundTexts): { bounds: { minValue: number | null; maxValue: number | null } } | { errors: Errors } {
  const errors: Errors = {};
  const parse = (key: keyof BoundTexts) => {
    const text = texts[key].trim().replace(",", ".");
    if (!text) return null;
    const value = Number(text);
    if (!Number.isFinite(value)) errors[key] = "Enter a number, or leave it empty for no limit.";
    return value;
  };
  const minValue = parse("minValue");
  const maxValue = parse("maxValue");
  if (!errors.minValue && !errors.maxValue && minValue !== null && maxValue !== null && minValue > maxValue) errors.maxValue = "The largest value cannot be below the smallest.";
  return Object.keys(errors).length ? { errors } : { bounds: { minValue, maxValue } };
}

export function BoundsFields({ type, texts, onChange, errors }: { type: CustomFieldType; texts: BoundTexts; onChange: (texts: BoundTexts) => void; errors: Errors }) {
  if (!BOUNDED_FIELD_TYPES.includes(type)) return null;
  const unit = type === "money" ? " (in whole currency units, like 0 or 1000.50)" : "";
  return (
    <>
      <TextField
        label="Smallest value"
        inputMode="decimal"
        value={texts.minValue}
        onChange={(e) => onChange({ ...texts, minValue: e.target.value })}
        error={errors.minValue}
        hint={`Optional${unit}. 0 refuses negative values.`}
      />
      <TextField
        label="Largest value"
        inputMode="decimal"
        value={texts.maxValue}
        onChange={(e) => onChange({ ...texts, maxValue: e.target.value })}
        error={errors.maxValue}
        hint={`Optional${unit}.`}
      />
    </>
  );
}
