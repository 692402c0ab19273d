import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ValidationFailed } from "../../platform/errors";
import type { CustomField } from "./custom-fields";

/** List filters on custom fields: field key → the value a record must have (or contain, for multi selects). */
export const customFilterInput = z.record(z.string().max(63), z.union([z.string().max(200), z.number(), z.boolean()])).optional();

/** `custom @> {...}`: one containment test for every field type. */
export function customFilterCondition(column: SQL, fields: CustomField[], filters: Record<string, string | number | boolean>): SQL {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const containment: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    const field = byKey.get(key);
    if (!field) throw new ValidationFailed({ [`filters.custom.${key}`]: ["This field does not exist (or was archived)."] });
    containment[key] = field.type === "multi_select" ? [value] : field.type === "money" ? { amountMinor: Number(value) } : value;
  }
  return sql`${column} @> ${JSON.stringify(containment)}::jsonb`;
}
