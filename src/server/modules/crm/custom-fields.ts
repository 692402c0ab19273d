import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { formatMajorAmount, minorDigits, parseMajorAmount } from "../../../lib/money";
import type { TenantTx } from "../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../platform/errors";
import { parseInput, plainText } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { assertMembers, type CrmActor } from "./common";
import { crmCustomFields, crmEntityType, customFieldType, type CrmEntityType, type CustomFieldType } from "./schema";

/*
 * Custom fields: admins define them per entity type; values live in the record's
 * `custom` jsonb under the field's key. Every write goes through `resolveCustomValues`,
 * so a value is always of its field's type, whichever path wrote it (form, API, import).
 */

export type CustomField = typeof crmCustomFields.$inferSelect;

export type MoneyValue = { amountMinor: number; currency: string };

export const CUSTOM_FIELD_TYPE_LABEL: Record<CustomFieldType, string> = {
  text: "Text",
  number: "Number",
  money: "Money",
  date: "Date",
  single_select: "Single select",
  multi_select: "Multi select",
  checkbox: "Checkbox",
  member: "Member",
};

const SELECT_TYPES: CustomFieldType[] = ["single_select", "multi_select"];
/** Types that take a smallest and largest value (money in major units). */
const BOUNDED_TYPES: CustomFieldType[] = ["number", "money"];

const boundInput = z.number("Enter a number.").min(-1e15, "That value is too large.").max(1e15, "That value is too large.").nullish();
type Bounds = { minValue?: number | null | undefined; maxValue?: number | null | undefined };

function checkBounds(bounds: Bounds, ctx: { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void }) {
  if (bounds.minValue != null && bounds.maxValue != null && bounds.minValue > bounds.maxValue) {
    ctx.addIssue({ code: "custom", path: ["maxValue"], message: "The largest value cannot be below the smallest." });
  }
}

const optionsInput = z
  .array(plainText().trim().min(1, "An option cannot be empty.").max(80, "An option can be at most 80 characters."))
  .max(100, "At most 100 options.")
  .refine((options) => new Set(options.map((o) => o.toLowerCase())).size === options.length, "Options must be different from each other.");

export const customFieldInput = z
  .object({
    entityType: z.enum(crmEntityType.enumValues),
    label: plainText().trim().min(1, "Give the field a label.").max(60, "A label can be at most 60 characters."),
    key: plainText()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, "Use lower-case letters, digits and _ , starting with a letter.")
      .optional(),
    type: z.enum(customFieldType.enumValues),
    options: optionsInput.default([]),
    required: z.boolean().default(false),
    minValue: boundInput,
    maxValue: boundInput,
  })
  .superRefine((field, ctx) => {
    checkBounds(field, ctx);
    if (SELECT_TYPES.includes(field.type) && field.options.length === 0) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "A select field needs at least one option." });
    }
  });

/** Only the keys given change; null removes a bound. */
export const updateCustomFieldInput = z.object({
  id: z.uuid(),
  label: plainText().trim().min(1, "Give the field a label.").max(60, "A label can be at most 60 characters.").optional(),
  options: optionsInput.optional(),
  required: z.boolean().optional(),
  minValue: boundInput,
  maxValue: boundInput,
  position: z.number().int().min(0).max(1000).optional(),
});

/** A key from a label: "Annual revenue (€)" → "annual_revenue". */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  return /^[a-z]/.test(key) ? key : `field_${key}`.slice(0, 63);
}

export async function listCustomFields(tx: TenantTx, entityType?: CrmEntityType, options: { includeArchived?: boolean } = {}): Promise<CustomField[]> {
  return tx
    .select()
    .from(crmCustomFields)
    .where(and(entityType ? eq(crmCustomFields.entityType, entityType) : undefined, options.includeArchived ? undefined : isNull(crmCustomFields.archivedAt)))
    .orderBy(asc(crmCustomFields.entityType), asc(crmCustomFields.position), asc(crmCustomFields.createdAt));
}

export async function createCustomField(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof customFieldInput>): Promise<CustomField> {
  const input = parseInput(customFieldInput, rawInput);
  const key = input.key ?? keyFromLabel(input.label);
  const [{ next } = { next: 0 }] = await tx.execute<{ next: number }>(
    sql`select coalesce(max(position) + 1, 0)::int as next from crm_custom_fields where entity_type = ${input.entityType}`,
  );
  const [field] = await tx
    .insert(crmCustomFields)
    .values({
      entityType: input.entityType,
      key,
      label: input.label,
      type: input.type,
      options: SELECT_TYPES.includes(input.type) ? input.options : [],
      required: input.required,
      ...(BOUNDED_TYPES.includes(input.type) ? { minValue: input.minValue ?? null, maxValue: input.maxValue ?? null } : {}),
      position: next,
    })
    .onConflictDoNothing()
    .returning();
  if (!field) throw new Conflict(`A ${input.entityType} field with the key "${key}" already exists (it may be archived). Choose another label or key.`);
  await recordAudit(tx, { action: "crm.custom_field.created", entityType: "crm.custom_field", entityId: field.id, after: field });
  return field;
}

export async function updateCustomField(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof updateCustomFieldInput>): Promise<CustomField> {
  const input = parseInput(updateCustomFieldInput, rawInput);
  const [before] = await tx.select().from(crmCustomFields).where(eq(crmCustomFields.id, input.id)).for("update");
  if (!before) throw new NotFound("This custom field does not exist.");
  if (input.options && SELECT_TYPES.includes(before.type) && input.options.length === 0) {
    throw new ValidationFailed({ options: ["A select field needs at least one option."] });
  }
  const bounded = BOUNDED_TYPES.includes(before.type);
  const minValue = bounded && input.minValue !== undefined ? input.minValue : before.minValue;
  const maxValue = bounded && input.maxValue !== undefined ? input.maxValue : before.maxValue;
  if (minValue !== null && maxValue !== null && minValue > maxValue) throw new ValidationFailed({ maxValue: ["The largest value cannot be below the smallest."] });
  const [after] = await tx
    .update(crmCustomFields)
    .set({
      label: input.label ?? before.label,
      options: input.options && SELECT_TYPES.includes(before.type) ? input.options : before.options,
      required: input.required ?? before.required,
      minValue,
      maxValue,
      position: input.position ?? before.position,
      updatedAt: new Date(),
    })
    .where(eq(crmCustomFields.id, input.id))
    .returning();
  await recordAudit(tx, { action: "crm.custom_field.updated", entityType: "crm.custom_field", entityId: input.id, before, after });
  return after!;
}

/** Archived fields disappear from forms and lists; their values stay on the records. */
export async function setCustomFieldArchived(tx: TenantTx, _actor: CrmActor, id: string, archived: boolean): Promise<CustomField> {
  const [after] = await tx
    .update(crmCustomFields)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(eq(crmCustomFields.id, id))
    .returning();
  if (!after) throw new NotFound("This custom field does not exist.");
  await recordAudit(tx, { action: archived ? "crm.custom_field.archived" : "crm.custom_field.restored", entityType: "crm.custom_field", entityId: id, after });
  return after;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The value in its stored form, or an error message. Members are checked by the caller. */
/** Why `amount` (a number, or money in major units) is outside the field's bounds, or null. */
function boundsError(field: Bounds, amount: number, show: (n: number) => string): string | null {
  if (field.minValue != null && amount < field.minValue) return field.minValue === 0 ? "Enter 0 or more." : `Enter at least ${show(field.minValue)}.`;
  if (field.maxValue != null && amount > field.maxValue) return `Enter at most ${show(field.maxValue)}.`;
  return null;
}

export function coerceCustomValue(field: Pick<CustomField, "type" | "options" | "label"> & Bounds, value: unknown): { value: unknown } | { error: string } {
  switch (field.type) {
    case "text":
      if (typeof value !== "string") return { error: "Enter text." };
      if (value.trim().length > 2000) return { error: "At most 2,000 characters." };
      return { value: value.trim() };
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return { error: "Enter a number." };
      const error = boundsError(field, value, String);
      return error ? { error } : { value };
    }
    case "money": {
      const money = value as Partial<MoneyValue> | null;
      if (!money || typeof money !== "object" || !Number.isSafeInteger(money.amountMinor)) return { error: "Enter an amount." };
      if (typeof money.currency !== "string" || !/^[A-Z]{3}$/.test(money.currency)) return { error: "Choose a currency (ISO code, e.g. EUR)." };
      const currency = money.currency;
      const error = boundsError(field, money.amountMinor! / 10 ** minorDigits(currency), (n) => `${n} ${currency}`);
      if (error) return { error };
      return { value: { amountMinor: money.amountMinor, currency: money.currency } };
    }
    case "date":
      if (typeof value !== "string" || !isRealDate(value)) return { error: "Enter a date as YYYY-MM-DD." };
      return { value };
    case "single_select":
      if (typeof value !== "string" || !field.options.includes(value)) return { error: `Choose one of: ${field.options.join(", ")}.` };
      return { value };
    case "multi_select": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return { error: "Choose options from the list." };
      const unknown = value.filter((v) => !field.options.includes(v as string));
      if (unknown.length) return { error: `Not an option: ${unknown.join(", ")}. Choose from: ${field.options.join(", ")}.` };
      return { value: [...new Set(value as string[])] };
    }
    case "checkbox":
      if (typeof value !== "boolean") return { error: "Must be checked or unchecked." };
      return { value };
    case "member":
      if (typeof value !== "string" || !z.uuid().safeParse(value).success) return { error: "Choose a member of this organization." };
      return { value };
  }
}

/**
 * Validates `input` (field key → value) against the entity's active fields and merges
 * it over `existing`. Creating (existing null) requires every required field; updating
 * refuses to clear one. Unknown keys are refused; empty values remove the key.
 * Errors come back as ValidationFailed on "custom.<key>".
 */
export async function resolveCustomValues(
  tx: TenantTx,
  entityType: CrmEntityType,
  input: Record<string, unknown> | undefined,
  existing: Record<string, unknown> | null,
  fields?: CustomField[],
): Promise<Record<string, unknown>> {
  const definitions = fields ?? (await listCustomFields(tx, entityType));
  const { values, errors } = validateCustomValues(definitions, input, existing);
  const memberFields = definitions.filter((f) => f.type === "member" && input && !isEmpty(input[f.key]) && !errors[`custom.${f.key}`]);
  for (const field of memberFields) {
    try {
      await assertMembers(tx, [values[field.key] as string], `custom.${field.key}`);
    } catch (error) {
      if (error instanceof ValidationFailed) Object.assign(errors, error.fields);
      else throw error;
    }
  }
  if (Object.keys(errors).length) throw new ValidationFailed(errors);
  return values;
}

/** The pure part of `resolveCustomValues` (no member check), also used per row by the CSV import. */
export function validateCustomValues(
  fields: CustomField[],
  input: Record<string, unknown> | undefined,
  existing: Record<string, unknown> | null,
): { values: Record<string, unknown>; errors: Record<string, string[]> } {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const values: Record<string, unknown> = { ...(existing ?? {}) };
  const errors: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(input ?? {})) {
    const field = byKey.get(key);
    if (!field) {
      errors[`custom.${key}`] = ["This field does not exist (or was archived)."];
      continue;
    }
    if (isEmpty(raw)) {
      if (field.required) errors[`custom.${key}`] = [`${field.label} is required.`];
      else delete values[key];
      continue;
    }
    const result = coerceCustomValue(field, raw);
    if ("error" in result) errors[`custom.${key}`] = [result.error];
    else values[key] = result.value;
  }
  if (existing === null) {
    for (const field of fields) {
      if (field.required && isEmpty(values[field.key]) && !errors[`custom.${field.key}`]) errors[`custom.${field.key}`] = [`${field.label} is required.`];
    }
  }
  return { values, errors };
}

/** A CSV cell as a field value: the import's side of `formatCustomValue`. */
export function parseCustomFieldText(field: CustomField, text: string, defaultCurrency: string): unknown {
  const cell = text.trim();
  if (cell === "") return null;
  switch (field.type) {
    case "number": {
      const n = Number(cell.replace(/,/g, ""));
      return Number.isFinite(n) ? n : cell;
    }
    case "money": {
      // "1,250.00 EUR", "EUR 1250" or "1250" (the organization's currency).
      const match = /^([A-Z]{3})?\s*([-\d.,]+)\s*([A-Z]{3})?$/.exec(cell);
      const currency = match?.[1] ?? match?.[3] ?? defaultCurrency;
      const minor = match ? parseMajorAmount(match[2]!, currency) : null;
      return minor === null ? cell : { amountMinor: Number(minor), currency };
    }
    case "multi_select":
      return cell.split(/\s*[;|]\s*/).filter(Boolean);
    case "checkbox":
      return /^(true|yes|y|1|x|checked)$/i.test(cell) ? true : /^(false|no|n|0|unchecked)$/i.test(cell) ? false : cell;
    default:
      return cell;
  }
}

/** A value as a CSV cell (the export). Money in major units with its currency. */
export function formatCustomValue(field: Pick<CustomField, "type">, value: unknown): string {
  if (value === undefined || value === null) return "";
  switch (field.type) {
    case "money": {
      const money = value as MoneyValue;
      return `${formatMajorAmount(money.amountMinor, money.currency)} ${money.currency}`;
    }
    case "multi_select":
      return (value as string[]).join("; ");
    case "checkbox":
      return value ? "yes" : "no";
    default:
      return String(value);
  }
}
