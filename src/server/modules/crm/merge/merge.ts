import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { parseInput } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { assertContactCapacity } from "../../orgs/limits";
import type { CrmActor } from "../common";
import { listCustomFields, type CustomField } from "../custom-fields";
import { assertRecordVisible } from "../followers";
import { crmCompanies, crmContactChannels, crmContacts, crmMerges } from "../schema";

/*
 * Merging two contacts or two companies, and undoing it for 30 days.
 *
 * The loser is never deleted: it is marked merged_into_id = winner (merged rows are hidden
 * from lists and search) and keeps its own values, so undo only has to clear that mark.
 * Everything that pointed at the loser moves to the winner, and crm_merges keeps the ids
 * of exactly those rows plus both records' values before the merge. Undo moves back only
 * those rows (rows added to the winner later stay) and restores the winner's fields only
 * where nobody has edited them since.
 */

export const MERGE_UNDO_DAYS = 30;

export const mergeEntityType = z.enum(["contact", "company"]);
export type MergeEntity = z.output<typeof mergeEntityType>;
export type Side = "winner" | "loser";

const LABEL: Record<MergeEntity, string> = { contact: "contact", company: "company" };

/** The standard fields a merge chooses between, in form order (keys as in the Drizzle tables). */
const STANDARD_FIELDS: Record<MergeEntity, { key: string; label: string }[]> = {
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

const mergePairShape = {
  entityType: mergeEntityType,
  winnerId: z.uuid("Choose the record to keep."),
  loserId: z.uuid("Choose the record to merge into it."),
  /** Per field ("title", "custom.budget"): which side's value the merged record gets. */
  choices: z.record(z.string().max(80), z.enum(["winner", "loser"])).default({}),
};
export const mergeInput = z.object(mergePairShape).refine((input) => input.winnerId !== input.loserId, {
  path: ["loserId"],
  message: "Choose two different records to merge.",
});
export type MergeInput = z.input<typeof mergeInput>;

export const undoMergeInput = z.object({ mergeId: z.uuid() });
export const mergesForRecordInput = z.object({ entityType: mergeEntityType, id: z.uuid() });

/** What a merge chooses between: standard fields, custom values and tags. Plain JSON. */
type Values = { fields: Record<string, unknown>; custom: Record<string, unknown>; tags: string[] };
type RecordState = Values & { id: string; name: string; mergedIntoId: string | null };
type ChannelRow = { id: string; contactId: string; kind: "email" | "phone"; value: string; normalized: string; isPrimary: boolean; position: number };

/** Ids of every row the merge moved or copied, so undo moves back exactly those. */
type MovedRows = {
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

type MergeSnapshot = {
  version: 1;
  winner: Values & { name: string };
  loser: Values & { name: string };
  /** What the merge wrote on the winner: undo restores a field only if it still holds this. */
  merged: Values;
  channels: { winner: ChannelRow[]; loser: ChannelRow[] };
  moved: MovedRows;
};

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** JSON with sorted keys: jsonb does not keep key order, so values are compared this way. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(isBlank(value) ? null : value);
}

const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Runs `fn` with app.role = 'system', so the record-visibility policy lets it see every
 * company, contact and deal of the tenant (tenant isolation still applies). Used only to
 * move rows that reference the two records the caller was already checked to see: a
 * company's contacts owned by someone else must follow it too, or they would point at a
 * hidden, merged-away company; undo must move back exactly the rows that were moved.
 */
async function withAllRecords<T>(tx: TenantTx, fn: () => Promise<T>): Promise<T> {
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

function stateOf(entityType: MergeEntity, row: Record<string, unknown>, name: string): RecordState {
  return {
    id: row.id as string,
    name,
    mergedIntoId: (row.mergedIntoId as string | null) ?? null,
    fields: Object.fromEntries(STANDARD_FIELDS[entityType].map((f) => [f.key, row[f.key] ?? null])),
    custom: (row.custom as Record<string, unknown> | null) ?? {},
    tags: (row.tags as string[] | null) ?? [],
  };
}

/** The records among `ids` the caller can see, optionally locked (in id order, so two merges cannot deadlock). */
async function loadRecords(tx: TenantTx, entityType: MergeEntity, ids: string[], lock: boolean): Promise<Map<string, RecordState>> {
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
async function loadPair(tx: TenantTx, input: { entityType: MergeEntity; winnerId: string; loserId: string }, lock: boolean) {
  const label = LABEL[input.entityType];
  const records = await loadRecords(tx, input.entityType, [input.winnerId, input.loserId], lock);
  const winner = records.get(input.winnerId);
  const loser = records.get(input.loserId);
  if (!winner || !loser) throw new NotFound(`One of the two ${label === "company" ? "companies" : "contacts"} does not exist, or you do not have access to it.`);
  for (const record of [winner, loser]) {
    if (record.mergedIntoId) {
      throw new Conflict(`"${record.name}" was already merged into another ${label}. Merge into that ${label} instead, or undo the earlier merge first.`);
    }
  }
  return { winner, loser };
}

async function writeValues(tx: TenantTx, entityType: MergeEntity, id: string, values: Values, extra: { mergedIntoId?: string | null } = {}) {
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
function planValues(entityType: MergeEntity, winner: RecordState, loser: RecordState, definitions: CustomField[], choices: Record<string, Side>) {
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

async function channelsOf(tx: TenantTx, contactIds: string[]): Promise<ChannelRow[]> {
  return tx
    .select({
      id: crmContactChannels.id,
      contactId: crmContactChannels.contactId,
      kind: crmContactChannels.kind,
      value: crmContactChannels.value,
      normalized: crmContactChannels.normalized,
      isPrimary: crmContactChannels.isPrimary,
      position: crmContactChannels.position,
    })
    .from(crmContactChannels)
    .where(inArray(crmContactChannels.contactId, contactIds))
    .orderBy(crmContactChannels.kind, crmContactChannels.position);
}

/**
 * The loser's channels that move: all its emails (unique per tenant, so never on the
 * winner too) and the phones the winner does not already have (a shared phone stays on
 * the hidden loser). A moved channel stays primary only if the winner had none of its kind.
 */
function channelMoves(winnerChannels: ChannelRow[], loserChannels: ChannelRow[]) {
  const moves: { channel: ChannelRow; position: number; isPrimary: boolean }[] = [];
  for (const kind of ["email", "phone"] as const) {
    const mine = winnerChannels.filter((c) => c.kind === kind);
    const taken = new Set(mine.map((c) => c.normalized));
    let position = Math.max(-1, ...mine.map((c) => c.position)) + 1;
    for (const channel of loserChannels.filter((c) => c.kind === kind)) {
      if (taken.has(channel.normalized)) continue;
      taken.add(channel.normalized);
      moves.push({ channel, position: position++, isPrimary: mine.length === 0 && channel.isPrimary });
    }
  }
  return moves;
}

/** Exactly one primary email and phone per contact (when it has any), copied onto the contact row. */
async function syncPrimaryChannels(tx: TenantTx, contactId: string): Promise<void> {
  for (const kind of ["email", "phone"] as const) {
    await tx.execute(sql`
      update crm_contact_channels set is_primary = true
       where id = (select id from crm_contact_channels where contact_id = ${contactId} and kind = ${kind} order by position limit 1)
         and not exists (select 1 from crm_contact_channels where contact_id = ${contactId} and kind = ${kind} and is_primary)`);
  }
  await tx.execute(sql`
    update crm_contacts c
       set primary_email = (select lower(ch.value) from crm_contact_channels ch where ch.contact_id = c.id and ch.kind = 'email' order by ch.is_primary desc, ch.position limit 1),
           primary_phone = (select ch.value from crm_contact_channels ch where ch.contact_id = c.id and ch.kind = 'phone' order by ch.is_primary desc, ch.position limit 1)
     where c.id = ${contactId}`);
}

const ids = <K extends string>(rows: Record<K, string>[], key: K) => rows.map((r) => r[key]);

/** Moves what hangs off the loser to the winner; returns the ids of every moved row. */
async function moveRows(tx: TenantTx, entityType: MergeEntity, winnerId: string, loserId: string, loserChannels: ChannelRow[], winnerChannels: ChannelRow[]): Promise<MovedRows> {
  const moved: MovedRows = { channels: [], dealLinks: [], droppedDealLinks: [], activities: [], contacts: [], deals: [], followers: [], followersAddedAt: null };
  if (entityType === "contact") {
    for (const move of channelMoves(winnerChannels, loserChannels)) {
      await tx.update(crmContactChannels).set({ contactId: winnerId, position: move.position, isPrimary: move.isPrimary }).where(eq(crmContactChannels.id, move.channel.id));
      moved.channels.push(move.channel.id);
    }
    moved.dealLinks = ids(
      await tx.execute<{ deal_id: string }>(sql`
        update crm_deal_contacts set contact_id = ${winnerId}
         where contact_id = ${loserId}
           and deal_id not in (select deal_id from crm_deal_contacts where contact_id = ${winnerId})
        returning deal_id`),
      "deal_id",
    );
    // What is left are deals both were on: the winner's link stands for both.
    moved.droppedDealLinks = ids(await tx.execute<{ deal_id: string }>(sql`delete from crm_deal_contacts where contact_id = ${loserId} returning deal_id`), "deal_id");
    moved.activities = ids(await tx.execute<{ id: string }>(sql`update crm_activities set contact_id = ${winnerId} where contact_id = ${loserId} returning id`), "id");
  } else {
    moved.contacts = ids(await tx.execute<{ id: string }>(sql`update crm_contacts set company_id = ${winnerId} where company_id = ${loserId} returning id`), "id");
    moved.deals = ids(await tx.execute<{ id: string }>(sql`update crm_deals set company_id = ${winnerId} where company_id = ${loserId} returning id`), "id");
    moved.activities = ids(await tx.execute<{ id: string }>(sql`update crm_activities set company_id = ${winnerId} where company_id = ${loserId} returning id`), "id");
  }
  // Followers are copied, not moved: the loser keeps its own, so undo need not restore them.
  const followers = await tx.execute<{ user_id: string; added_at: string }>(sql`
    insert into crm_followers (entity_type, entity_id, user_id)
    select entity_type, ${winnerId}, user_id from crm_followers where entity_type = ${entityType} and entity_id = ${loserId}
    on conflict do nothing
    returning user_id, to_json(created_at) #>> '{}' as added_at`);
  moved.followers = ids(followers, "user_id");
  moved.followersAddedAt = followers[0]?.added_at ?? null;
  return moved;
}

function moveCounts(moved: MovedRows) {
  return {
    channels: moved.channels.length,
    dealLinks: moved.dealLinks.length,
    droppedDealLinks: moved.droppedDealLinks.length,
    activities: moved.activities.length,
    contacts: moved.contacts.length,
    deals: moved.deals.length,
    followers: moved.followers.length,
  };
}

/**
 * What a merge would do, without doing it: every field with both values and the one that
 * wins (with the caller's `choices` applied), the tags, emails and phones after the merge,
 * and how many rows move. Counts are of rows the caller can see (a company's contacts and
 * deals owned by others move too, but are not revealed here).
 */
export async function previewMerge(tx: TenantTx, rawInput: MergeInput) {
  const input = parseInput(mergeInput, rawInput);
  const { winner, loser } = await loadPair(tx, input, false);
  const definitions = await listCustomFields(tx, input.entityType, { includeArchived: true });
  const plan = planValues(input.entityType, winner, loser, definitions, input.choices);
  const referenced = plan.fields.filter((f) => f.key === "ownerId" || f.key === "companyId").flatMap((f) => [f.winnerValue, f.loserValue]);
  const names = await namesOf(tx, referenced.filter((v): v is string => typeof v === "string"));
  let channels = null;
  if (input.entityType === "contact") {
    const all = await channelsOf(tx, [winner.id, loser.id]);
    const winnerChannels = all.filter((c) => c.contactId === winner.id);
    const moving = channelMoves(winnerChannels, all.filter((c) => c.contactId === loser.id));
    const list = (kind: "email" | "phone") => [
      ...winnerChannels.filter((c) => c.kind === kind).map((c) => ({ value: c.value, isPrimary: c.isPrimary, from: "winner" as Side })),
      ...moving.filter((m) => m.channel.kind === kind).map((m) => ({ value: m.channel.value, isPrimary: m.isPrimary, from: "loser" as Side })),
    ];
    channels = { emails: list("email"), phones: list("phone") };
  }
  const [counts] = await tx.execute<Record<"activities" | "deal_links" | "shared_deal_links" | "contacts" | "deals" | "followers", number>>(
    input.entityType === "contact"
      ? sql`select (select count(*)::int from crm_activities where contact_id = ${loser.id}) as activities,
                   (select count(*)::int from crm_deal_contacts l where l.contact_id = ${loser.id}
                       and l.deal_id not in (select deal_id from crm_deal_contacts where contact_id = ${winner.id})) as deal_links,
                   (select count(*)::int from crm_deal_contacts l where l.contact_id = ${loser.id}
                       and l.deal_id in (select deal_id from crm_deal_contacts where contact_id = ${winner.id})) as shared_deal_links,
                   0 as contacts, 0 as deals,
                   (select count(*)::int from crm_followers f where f.entity_type = 'contact' and f.entity_id = ${loser.id}
                       and f.user_id not in (select user_id from crm_followers where entity_type = 'contact' and entity_id = ${winner.id})) as followers`
      : sql`select (select count(*)::int from crm_activities where company_id = ${loser.id}) as activities,
                   0 as deal_links, 0 as shared_deal_links,
                   (select count(*)::int from crm_contacts where company_id = ${loser.id}) as contacts,
                   (select count(*)::int from crm_deals where company_id = ${loser.id}) as deals,
                   (select count(*)::int from crm_followers f where f.entity_type = 'company' and f.entity_id = ${loser.id}
                       and f.user_id not in (select user_id from crm_followers where entity_type = 'company' and entity_id = ${winner.id})) as followers`,
  );
  return {
    entityType: input.entityType,
    winner: { id: winner.id, name: winner.name },
    loser: { id: loser.id, name: loser.name },
    fields: plan.fields,
    tags: { winner: winner.tags, loser: loser.tags, merged: plan.merged.tags },
    ...(channels ?? {}),
    /** Display names of the owners and companies the fields refer to. */
    names,
    moves: {
      activities: counts!.activities,
      dealLinks: counts!.deal_links,
      sharedDealLinks: counts!.shared_deal_links,
      contacts: counts!.contacts,
      deals: counts!.deals,
      followers: counts!.followers,
    },
  };
}

async function namesOf(tx: TenantTx, refs: string[]): Promise<Record<string, string>> {
  if (!refs.length) return {};
  const rows = await tx.execute<{ id: string; name: string }>(sql`
    select id, name from users where id = any(${sql.param(refs)}::uuid[])
    union all select id, name from crm_companies where id = any(${sql.param(refs)}::uuid[])`);
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/**
 * Merges the loser into the winner in the caller's transaction: both rows locked, the
 * winner's values written, everything of the loser moved, the loser marked merged, a
 * crm_merges row to undo it by, and audit entries on both records.
 */
export async function mergeRecords(tx: TenantTx, _actor: CrmActor, rawInput: MergeInput) {
  const input = parseInput(mergeInput, rawInput);
  const { entityType } = input;
  const { winner, loser } = await loadPair(tx, input, true);
  const definitions = await listCustomFields(tx, entityType, { includeArchived: true });
  const { merged } = planValues(entityType, winner, loser, definitions, input.choices);
  const channels = entityType === "contact" ? await channelsOf(tx, [winner.id, loser.id]) : [];
  const before = { winner: channels.filter((c) => c.contactId === winner.id), loser: channels.filter((c) => c.contactId === loser.id) };

  await writeValues(tx, entityType, winner.id, merged);
  const moved = await withAllRecords(tx, () => moveRows(tx, entityType, winner.id, loser.id, before.loser, before.winner));
  if (entityType === "contact") await syncPrimaryChannels(tx, winner.id);
  await writeValues(tx, entityType, loser.id, loser, { mergedIntoId: winner.id });

  const valuesOf = ({ fields, custom, tags, name }: RecordState) => ({ name, fields, custom, tags });
  const snapshot: MergeSnapshot = { version: 1, winner: valuesOf(winner), loser: valuesOf(loser), merged, channels: before, moved };
  const [row] = await tx.insert(crmMerges).values({ entityType, winnerId: winner.id, loserId: loser.id, snapshot }).returning({ id: crmMerges.id, mergedAt: crmMerges.mergedAt });
  const counts = moveCounts(moved);
  const action = `crm.${entityType}.merged`;
  await recordAudit(tx, { action, entityType: `crm.${entityType}`, entityId: winner.id, before: valuesOf(winner), after: { ...merged, mergeId: row!.id, absorbed: loser.id, moved: counts } });
  await recordAudit(tx, { action, entityType: `crm.${entityType}`, entityId: loser.id, before: valuesOf(loser), after: { mergedIntoId: winner.id, mergeId: row!.id } });
  return { mergeId: row!.id, mergedAt: row!.mergedAt, entityType, winnerId: winner.id, loserId: loser.id, moved: counts };
}

/**
 * Undoes a merge within 30 days: the loser is live again with its own values and
 * channels, the moved rows go back, and the winner's fields return to their pre-merge
 * values where they still hold what the merge wrote (later edits are kept and reported).
 */
export async function undoMerge(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof undoMergeInput>) {
  const input = parseInput(undoMergeInput, rawInput);
  const [merge] = await tx
    .select({
      id: crmMerges.id,
      entityType: crmMerges.entityType,
      winnerId: crmMerges.winnerId,
      loserId: crmMerges.loserId,
      snapshot: crmMerges.snapshot,
      mergedAt: crmMerges.mergedAt,
      undoneAt: crmMerges.undoneAt,
      expired: sql<boolean>`${crmMerges.mergedAt} < now() - make_interval(days => ${MERGE_UNDO_DAYS})`,
    })
    .from(crmMerges)
    .where(eq(crmMerges.id, input.mergeId))
    .for("update");
  if (!merge || merge.entityType === "deal") throw new NotFound("This merge does not exist.");
  const entityType = merge.entityType;
  const label = LABEL[entityType];
  const snapshot = merge.snapshot as MergeSnapshot;
  const on = (date: Date) => date.toISOString().slice(0, 10);
  if (merge.undoneAt) throw new Conflict(`This merge was already undone on ${on(merge.undoneAt)}.`);
  if (merge.expired) {
    throw new Conflict(`A merge can be undone for ${MERGE_UNDO_DAYS} days; this one was made on ${on(merge.mergedAt)}. Split the records by hand instead.`);
  }
  const records = await loadRecords(tx, entityType, [merge.winnerId, merge.loserId], true);
  const winner = records.get(merge.winnerId);
  const loser = records.get(merge.loserId);
  if (!winner || !loser) {
    const existing = await withAllRecords(tx, () => loadRecords(tx, entityType, [merge.winnerId, merge.loserId], false));
    const gone = [merge.winnerId, merge.loserId].find((id) => !existing.has(id));
    if (gone) {
      const name = gone === merge.winnerId ? snapshot.winner.name : snapshot.loser.name;
      throw new Conflict(`"${name}" was deleted after the merge, so the merge can no longer be undone.`);
    }
    throw new NotFound(`One of the two ${label === "company" ? "companies" : "contacts"} of this merge is not visible to you, so you cannot undo it.`);
  }
  if (winner.mergedIntoId) {
    throw new Conflict(`"${winner.name}" was itself merged into another ${label} after this merge. Undo that later merge first, then this one.`);
  }
  if (loser.mergedIntoId !== winner.id) throw new Conflict(`"${loser.name}" is no longer merged into "${winner.name}"; there is nothing to undo.`);
  if (entityType === "contact") await assertContactCapacity(tx, 1);

  const restored = restoredWinnerValues(winner, snapshot);
  const { keptFields } = restored;
  const winnerValues = await withAllRecords(tx, () => withoutDeletedReferences(tx, restored.values));
  await writeValues(tx, entityType, winner.id, winnerValues);
  await writeValues(tx, entityType, loser.id, await withAllRecords(tx, () => withoutDeletedReferences(tx, snapshot.loser)), { mergedIntoId: null });
  const result = await withAllRecords(tx, () => moveRowsBack(tx, entityType, winner.id, loser.id, snapshot));
  if (entityType === "contact") {
    await syncPrimaryChannels(tx, winner.id);
    await syncPrimaryChannels(tx, loser.id);
  }
  await tx.update(crmMerges).set({ undoneAt: new Date(), undoneBy: actor.userId }).where(eq(crmMerges.id, merge.id));
  const after = { mergeId: merge.id, keptFields, ...result };
  const action = `crm.${entityType}.merge_undone`;
  await recordAudit(tx, { action, entityType: `crm.${entityType}`, entityId: winner.id, before: { fields: winner.fields, custom: winner.custom, tags: winner.tags }, after: { ...winnerValues, ...after } });
  await recordAudit(tx, { action, entityType: `crm.${entityType}`, entityId: loser.id, before: { mergedIntoId: winner.id }, after: { ...snapshot.loser, mergedIntoId: null, mergeId: merge.id } });
  return { mergeId: merge.id, entityType, winnerId: winner.id, loserId: loser.id, keptFields, ...result };
}

/**
 * The winner's values after undo: each field goes back to its pre-merge value if it still
 * holds what the merge wrote; a field edited since keeps its edit (reported in keptFields).
 * Tags: those the merge added are removed, tags changed since stay.
 */
function restoredWinnerValues(current: RecordState, snapshot: MergeSnapshot): { values: Values; keptFields: string[] } {
  const keptFields: string[] = [];
  const restore = (key: string, now: unknown, merged: unknown, before: unknown) => {
    if (sameValue(now, merged)) return before;
    if (!sameValue(merged, before)) keptFields.push(key);
    return now;
  };
  const fields = Object.fromEntries(Object.keys(snapshot.winner.fields).map((key) => [key, restore(key, current.fields[key], snapshot.merged.fields[key], snapshot.winner.fields[key])]));
  const custom = { ...current.custom };
  for (const key of new Set([...Object.keys(snapshot.winner.custom), ...Object.keys(snapshot.merged.custom)])) {
    const value = restore(`custom.${key}`, current.custom[key], snapshot.merged.custom[key], snapshot.winner.custom[key]);
    if (isBlank(value)) delete custom[key];
    else custom[key] = value;
  }
  const added = new Set(snapshot.merged.tags.filter((t) => !snapshot.winner.tags.includes(t)));
  return { values: { fields, custom, tags: current.tags.filter((t) => !added.has(t)) }, keptFields };
}

/**
 * Pre-merge values may name a company or owner deleted since: no owner, and no company
 * (or the company it was merged into), rather than a broken reference.
 */
async function withoutDeletedReferences(tx: TenantTx, values: Values): Promise<Values> {
  const fields = { ...values.fields };
  if (typeof fields.companyId === "string") {
    const [company] = await tx.execute<{ merged_into_id: string | null }>(sql`select merged_into_id from crm_companies where id = ${fields.companyId}`);
    fields.companyId = company ? (company.merged_into_id ?? fields.companyId) : null;
  }
  if (typeof fields.ownerId === "string") {
    const [owner] = await tx.execute(sql`select 1 from users where id = ${fields.ownerId}`);
    if (!owner) fields.ownerId = null;
  }
  return { ...values, fields };
}

/** Moves back exactly the rows the merge moved, where they are still on the winner. */
async function moveRowsBack(tx: TenantTx, entityType: MergeEntity, winnerId: string, loserId: string, snapshot: MergeSnapshot) {
  const moved = snapshot.moved;
  const back = { channels: 0, dealLinks: 0, activities: 0, contacts: 0, deals: 0 };
  const notRestoredEmails: string[] = [];
  const idList = (list: string[]) => sql`${sql.param(list)}::uuid[]`;
  if (entityType === "contact") {
    const result = await restoreChannels(tx, winnerId, loserId, snapshot);
    back.channels = result.restored;
    notRestoredEmails.push(...result.notRestored);
    back.dealLinks = (await tx.execute(sql`
      update crm_deal_contacts set contact_id = ${loserId}
       where contact_id = ${winnerId} and deal_id = any(${idList(moved.dealLinks)}) returning deal_id`)).length;
    await tx.execute(sql`
      insert into crm_deal_contacts (deal_id, contact_id)
      select d.id, ${loserId} from crm_deals d where d.id = any(${idList(moved.droppedDealLinks)})
      on conflict do nothing`);
    back.activities = (await tx.execute(sql`update crm_activities set contact_id = ${loserId} where id = any(${idList(moved.activities)}) and contact_id = ${winnerId} returning id`)).length;
  } else {
    back.contacts = (await tx.execute(sql`update crm_contacts set company_id = ${loserId} where id = any(${idList(moved.contacts)}) and company_id = ${winnerId} returning id`)).length;
    back.deals = (await tx.execute(sql`update crm_deals set company_id = ${loserId} where id = any(${idList(moved.deals)}) and company_id = ${winnerId} returning id`)).length;
    back.activities = (await tx.execute(sql`update crm_activities set company_id = ${loserId} where id = any(${idList(moved.activities)}) and company_id = ${winnerId} returning id`)).length;
  }
  // Copied followers go, unless they unfollowed and followed again since (a newer row).
  if (moved.followers.length && moved.followersAddedAt) {
    await tx.execute(sql`
      delete from crm_followers where entity_type = ${entityType} and entity_id = ${winnerId}
         and user_id = any(${idList(moved.followers)}) and created_at = ${moved.followersAddedAt}::timestamptz`);
  }
  return { movedBack: back, notRestoredEmails };
}

/**
 * The loser gets back the channels it had. A moved channel still on the winner goes back
 * as it was; one the winner's later edits replaced (same value, new row) is taken off the
 * winner; an email another contact has taken since cannot come back (emails are unique)
 * and is reported.
 */
async function restoreChannels(tx: TenantTx, winnerId: string, loserId: string, snapshot: MergeSnapshot) {
  const moved = new Set(snapshot.moved.channels);
  const winnerHadBefore = new Set(snapshot.channels.winner.map((c) => `${c.kind}:${c.normalized}`));
  let restored = 0;
  const notRestored: string[] = [];
  for (const channel of snapshot.channels.loser.filter((c) => moved.has(c.id))) {
    const [same] = await tx.select({ contactId: crmContactChannels.contactId }).from(crmContactChannels).where(eq(crmContactChannels.id, channel.id));
    if (same?.contactId === winnerId) {
      await tx.update(crmContactChannels).set({ contactId: loserId, position: channel.position, isPrimary: channel.isPrimary }).where(eq(crmContactChannels.id, channel.id));
      restored++;
      continue;
    }
    const holders = await tx
      .select({ id: crmContactChannels.id, contactId: crmContactChannels.contactId })
      .from(crmContactChannels)
      .where(and(eq(crmContactChannels.kind, channel.kind), eq(crmContactChannels.normalized, channel.normalized)));
    const onWinner = holders.find((h) => h.contactId === winnerId);
    if (channel.kind === "email" && holders.some((h) => h.contactId !== winnerId)) {
      notRestored.push(channel.value);
      continue;
    }
    if (onWinner && (channel.kind === "email" || !winnerHadBefore.has(`phone:${channel.normalized}`))) {
      await tx.delete(crmContactChannels).where(eq(crmContactChannels.id, onWinner.id));
    }
    const { id, contactId: _contactId, ...values } = channel;
    await tx.insert(crmContactChannels).values({ ...values, ...(same ? {} : { id }), contactId: loserId });
    restored++;
  }
  return { restored, notRestored };
}

/**
 * Recent merges a record took part in (as the kept record or as the merged one), newest
 * first, with whether the UI may offer "Undo". NotFound unless the caller sees the record.
 */
export async function listMergesForRecord(tx: TenantTx, rawInput: z.input<typeof mergesForRecordInput>) {
  const input = parseInput(mergesForRecordInput, rawInput);
  await assertRecordVisible(tx, input.entityType, input.id);
  const table = input.entityType === "contact" ? sql`crm_contacts` : sql`crm_companies`;
  const rows = await tx.execute<{
    id: string;
    winner_id: string;
    loser_id: string;
    snapshot: MergeSnapshot;
    merged_at: string;
    merged_by: string | null;
    merged_by_name: string | null;
    undone_at: string | null;
    undone_by_name: string | null;
    undo_until: string;
    expired: boolean;
    winner_merged_into: string | null;
  }>(sql`
    select m.id, m.winner_id, m.loser_id, m.snapshot, m.merged_at, m.merged_by, mu.name as merged_by_name,
           m.undone_at, uu.name as undone_by_name,
           m.merged_at + make_interval(days => ${MERGE_UNDO_DAYS}) as undo_until,
           m.merged_at < now() - make_interval(days => ${MERGE_UNDO_DAYS}) as expired,
           w.merged_into_id as winner_merged_into
      from crm_merges m
      left join users mu on mu.id = m.merged_by
      left join users uu on uu.id = m.undone_by
      left join ${table} w on w.id = m.winner_id
     where m.entity_type = ${input.entityType} and (m.winner_id = ${input.id} or m.loser_id = ${input.id})
     order by m.merged_at desc
     limit 50`);
  return rows.map((r) => ({
    id: r.id,
    winner: { id: r.winner_id, name: r.snapshot.winner.name },
    loser: { id: r.loser_id, name: r.snapshot.loser.name },
    mergedAt: new Date(r.merged_at),
    mergedBy: r.merged_by ? { id: r.merged_by, name: r.merged_by_name } : null,
    undoneAt: r.undone_at ? new Date(r.undone_at) : null,
    undoneBy: r.undone_by_name,
    undoUntil: new Date(r.undo_until),
    canUndo: !r.undone_at && !r.expired && !r.winner_merged_into,
  }));
}
