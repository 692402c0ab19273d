import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { Conflict, NotFound } from "../../../platform/errors";
import { parseInput, plainText } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { assertContactCapacity } from "../limits";
import type { CrmActor } from "../common";
import { listCustomFields } from "../custom-fields";
import { assertRecordVisible } from "../followers";
import { crmMerges } from "../schema";
import { channelMoves, channelsOf, moveCounts, moveRows, moveRowsBack, syncPrimaryChannels } from "./rows";
import { LABEL, MERGE_UNDO_DAYS, isBlank, loadPair, loadRecords, mergeEntityType, planValues, sameValue, withAllRecords, writeValues, type MergeSnapshot, type RecordState, type Side, type Values } from "./values";

export { MERGE_UNDO_DAYS, mergeEntityType, type FieldChoice, type MergeEntity, type Side } from "./values";

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


const mergePairShape = {
  entityType: mergeEntityType,
  winnerId: z.uuid("Choose the record to keep."),
  loserId: z.uuid("Choose the record to merge into it."),
  /** Per field ("title", "custom.budget"): which side's value the merged record gets. */
  choices: z.record(plainText().max(80), z.enum(["winner", "loser"])).default({}),
};
export const mergeInput = z.object(mergePairShape).refine((input) => input.winnerId !== input.loserId, {
  path: ["loserId"],
  message: "Choose two different records to merge.",
});
export type MergeInput = z.input<typeof mergeInput>;

export const undoMergeInput = z.object({ mergeId: z.uuid() });
export const mergesForRecordInput = z.object({ entityType: mergeEntityType, id: z.uuid() });


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
    select id, name from user_profiles where id = any(${sql.param(refs)}::uuid[])
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
  // The winner holds the moved rows: undoing while it is in the trash would bring the loser
  // back with rows still hidden on a trashed record. Restore first, then undo.
  if (winner.inTrash) throw new Conflict(`"${winner.name}" is in the trash. Restore it from CRM → Trash, then undo this merge.`);
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
    const [owner] = await tx.execute(sql`select 1 from user_profiles where id = ${fields.ownerId}`);
    if (!owner) fields.ownerId = null;
  }
  return { ...values, fields };
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
      left join user_profiles mu on mu.id = m.merged_by
      left join user_profiles uu on uu.id = m.undone_by
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
