"use client";

import { formatCustomValue } from "./format";
import { DetailList } from "./parts";
import type { CustomFieldDef, Member } from "./types";
import { useFormat } from "@/components/format/format-provider";

/** A record's custom field values as label / value rows (nothing when the entity has no fields). */
export function CustomValuesList({ fields, values, members }: { fields: CustomFieldDef[]; values: Record<string, unknown>; members: Member[] }) {
  const format = useFormat();
  if (!fields.length) return null;
  return <DetailList rows={fields.map((field) => ({ key: field.id, label: field.label, value: formatCustomValue(field, values[field.key], format, members) || null }))} />;
}
