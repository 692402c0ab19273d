import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { type CustomField } from "../custom-fields";
import { crmCompanies, crmContacts } from "../schema";

/* A merge's records and values: loading the pair, what each field becomes, the snapshot undo reads (see ./merge.ts). */

export const MERGE_UNDO_DAYS = 30;

export const mergeEntityType = z.enum(["contact", "company"]);
export type MergeEntity = z.output<typeof mergeEntityType>;
export type Side = "winner" | "loser";

export const LABEL: Record<MergeEntity, string> = { contact: "contact", company: "company" };

/** The standard fields a merge chooses between, in form order (keys as in the Drizzle tables). */
export const STANDARD_FIELDS: Record<MergeEntity, { key: string; label: string }[]> = {
  contact: [
    { key: "firstName", label: "First name" },
    { key: "lastName", label: "Last name" },
    { key: "title", label: "Title" },
    { key: "companyId", label: "Company" },
    { key: "ownerId", label: "Owner" },
    { key: "lifecycleStage", label: "Lifecycle stage" },
    { key: "source", label: "Source" },
    { key: "notes", label: "Notes" },
  ],
  company: [
    { key: "name", label: "Name" },
    { key: "domain", label: "Domain" },
    { key: "industry", label: "Industry" },
    { key: "size", label: "Size" },
    { key: "addressLine", label: "Address" },
    { key: "city", label: "City" },
    { key: "region", label: "Region" },
    { key: "postalCode", label: "Postal code" },
    { key: "country", label: "Country" },
    { key: "ownerId", label: "Owner" },
    { key: "notes", label: "Notes" },
  ],
};

/** What a merge chooses between: standard fields, custom values and tags. Plain JSON. */
export type Values = { fields: Record<string, unknown>; custom: Record<string, unknown>; tags: string[] };
export type RecordState = Values & { id: string; name: string; mergedIntoId: string | null; inTrash: boolean };
export type ChannelRow = { id: string; contactId: string; kind: "email" | "phone"; value: string; normalized: string; isPrimary: boolean; position: number };

/** Ids of every row the merge moved or copied, so undo moves back exactly those. */
export type MovedRows = {
  channels: string[];
  /** Deal links moved from the loser to the winner (deal ids). */
  dealLinks: string[];
  /** Deal links of the loser dropped because the winner was already on the deal (deal ids). */
  droppedDealLinks: string[];
  activities: string[];
  contacts: string[];
  deals: string[];
  /** Followers copied onto the winner, with the created_at they were given. */
  followers: string[];
  followersAddedAt: string | null;
};

export type MergeSnapshot = {
  version: 1;
  winner: Values & { name: string };
  loser: Values & { name: string };
  /** What the merge wrote on the winner: undo restores a field only if it still holds this. */
  merged: Values;
  channels: { winner: ChannelRow[]; loser: ChannelRow[] };
  moved: MovedRows;
};

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** JSON with sorted keys: jsonb does not keep key order, so values are compared this way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(isBlank(value) ? null : value);
}

export const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Runs `fn` with app.role = 'system', so the record-visibility policy lets it see every
 * company, contact and deal of the tenant (tenant isolation still applies). Used only to
 * move rows that reference the two records the caller was already checked to see: a
 * company's contacts owned by someone else must follow it too, or they would point at a
 * hidden, merged-away company; undo must move back exactly the rows that were moved.
 */
export async function withAllRecords<T>(tx: TenantTx, fn: () => Promise<T>): Promise<T> {
  const [row] = await tx.execute<{ role: string | null }>(sql`select current_setting('app.role', true) as role`);
  const restore = () => tx.execute(sql`select set_config('app.role', ${row?.role ?? ""}, true)`);
  await tx.execute(sql`select set_config('app.role', 'system', true)`);
  try {
    const result = await fn();
    await restore();
    return result;
  } catch (error) {
    await restore().catch(() => undefined); // the transaction may already be aborted; it rolls back anyway
    throw error;
  }
}

export function stateOf(entityType: MergeEntity, row: Record<string, unknown>, name: string): RecordState {
  return {
    id: row.id as string,
    name,
    mergedIntoId: (row.mergedIntoId as string | null) ?? null,
    inTrash: row.deletedAt != null,
    fields: Object.fromEntries(STANDARD_FIELDS[entityType].map((f) => [f.key, row[f.key] ?? null])),
    custom: (row.custom as Record<string, unknown> | null) ?? {},
    tags: (row.tags as string[] | null) ?? [],
  };
}

/** The records among `ids` the caller can see, optionally locked (in id order, so two merges cannot deadlock). */
export async function loadRecords(tx: TenantTx, entityType: MergeEntity, ids: string[], lock: boolean): Promise<Map<string, RecordState>> {
  if (entityType === "contact") {
    const query = tx.select().from(crmContacts).where(inArray(crmContacts.id, ids)).orderBy(crmContacts.id);
    const rows = lock ? await query.for("update") : await query;
    return new Map(rows.map((r) => [r.id, stateOf(entityType, r, `${r.firstName} ${r.lastName}`.trim())]));
  }
  const query = tx.select().from(crmCompanies).where(inArray(crmCompanies.id, ids)).orderBy(crmCompanies.id);
  const rows = lock ? await query.for("update") : await query;
  return new Map(rows.map((r) => [r.id, stateOf(entityType, r, r.name)]));
}

/** Both records, visible to the caller and not merged away; locked when merging. */
export async function loadPair(tx: TenantTx, input: { entityType: MergeEntity; winnerId: string; loserId: string }, lock: boolean) {
  const label = LABEL[input.entityType];
  const records = await loadRecords(tx, input.entityType, [input.winnerId, input.loserId], lock);
  const winner = records.get(input.winnerId);
  const loser = records.get(input.loserId);
  if (!winner || !loser) throw new NotFound(`One of the two ${label === "company" ? "companies" : "contacts"} does not exist, or you do not have access to it.`);
  for (const record of [winner, loser]) {
    if (record.inTrash) throw new Conflict(`"${record.name}" is in the trash. Restore it from CRM → Trash before merging it.`);
    if (record.mergedIntoId) {
      throw new Conflict(`"${record.name}" was already merged into another ${label}. Merge into that ${label} instead, or undo the earlier merge first.`);
    }
  }
  return { winner, loser };
}

export async function writeValues(tx: TenantTx, entityType: MergeEntity, id: string, values: Values, extra: { mergedIntoId?: string | null } = {}) {
  const changes = { ...values.fields, custom: values.custom, tags: values.tags, ...extra, updatedAt: new Date() };
  if (entityType === "contact") await tx.update(crmContacts).set(changes as Partial<typeof crmContacts.$inferInsert>).where(eq(crmContacts.id, id));
  else await tx.update(crmCompanies).set(changes as Partial<typeof crmCompanies.$inferInsert>).where(eq(crmCompanies.id, id));
}

export type FieldChoice = {
  /** "title", or "custom.<key>" for a custom field. */
  key: string;
  label: string;
  winnerValue: unknown;
  loserValue: unknown;
  /** The winner's value unless it is empty and the loser's is not. */
  defaultSide: Side;
  side: Side;
  value: unknown;
  differs: boolean;
};

/** Which value wins for every field: the caller's choice, else the winner's non-empty value, else the loser's. Tags are unioned. */
export function planValues(entityType: MergeEntity, winner: RecordState, loser: RecordState, definitions: CustomField[], choices: Record<string, Side>) {
  const fields: FieldChoice[] = [];
  const choose = (key: string, label: string, winnerValue: unknown, loserValue: unknown) => {
    const defaultSide: Side = isBlank(winnerValue) && !isBlank(loserValue) ? "loser" : "winner";
    const side = choices[key] ?? defaultSide;
    const choice = { key, label, winnerValue, loserValue, defaultSide, side, value: side === "winner" ? winnerValue : loserValue, differs: !sameValue(winnerValue, loserValue) };
    fields.push(choice);
    return choice.value;
  };
  const merged: Values = { fields: {}, custom: {}, tags: [...new Set([...winner.tags, ...loser.tags])] };
  for (const field of STANDARD_FIELDS[entityType]) merged.fields[field.key] = choose(field.key, field.label, winner.fields[field.key], loser.fields[field.key]);
  const labels = new Map(definitions.map((d) => [d.key, d.label]));
  const customKeys = [...new Set([...Object.keys(winner.custom), ...Object.keys(loser.custom)])].filter((k) => !isBlank(winner.custom[k]) || !isBlank(loser.custom[k]));
  customKeys.sort((a, b) => definitions.findIndex((d) => d.key === a) - definitions.findIndex((d) => d.key === b));
  for (const key of customKeys) {
    const value = choose(`custom.${key}`, labels.get(key) ?? key, winner.custom[key] ?? null, loser.custom[key] ?? null);
    if (!isBlank(value)) merged.custom[key] = value;
  }
  const known = new Set([...fields.map((f) => f.key), ...definitions.map((d) => `custom.${d.key}`)]);
  const unknown = Object.keys(choices).filter((key) => !known.has(key));
  if (unknown.length) {
    throw new ValidationFailed(Object.fromEntries(unknown.map((key) => [`choices.${key}`, ["There is no such field on these records."]])));
  }
  return { fields, merged };
}
