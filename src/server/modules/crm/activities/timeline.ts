import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { formatMoney } from "../../../../lib/money";
import type { TenantTx } from "../../../db/tenant";
import { parseInput } from "../../../platform/validate";
import { activityViews, notOnlyTrashed, type ActivityView } from "./activities";
import type { CrmActor } from "../common";
import { assertRecordVisible } from "../followers";
import { afterCursor, cursorColumn, cursorInput, orderByKey, pageOf, type SortColumn } from "../../../records/lists";
import { activityKind, crmEntityType } from "../schema";

/*
 * The timeline of a contact, company or deal: its activities and the audit entries about
 * it (created, updated, stage changes, won/lost, merges…), newest first, in one keyset
 * list. What belongs to a record's timeline:
 *  - contact: activities attached to the contact;
 *  - deal: activities attached to the deal;
 *  - company: activities attached to the company AND to its deals (the deals are the
 *    company's business). Activities of its contacts are not included: they would drown
 *    the company's own history, and each contact has its timeline.
 *  - audit entries about the record itself, plus those of records merged into it (the
 *    merge moves activities over, but audit entries are append-only and stay on the old id).
 * Audit rows and activities are merged on (time, key): an activity's key is its id, an
 * audit entry's is its number written as a uuid (lpad(hex)), so one cursor pages both.
 */

export const TIMELINE_KINDS = [...activityKind.enumValues, "change"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const timelineInput = z.object({
  entityType: z.enum(crmEntityType.enumValues),
  id: z.uuid(),
  /** Only these kinds ("change" = audit entries); all when left out or empty. */
  kinds: z.array(z.enum(TIMELINE_KINDS)).max(TIMELINE_KINDS.length).optional(),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(100).default(30),
});
export type TimelineInput = z.input<typeof timelineInput>;

export type TimelineChange = {
  type: "change";
  at: Date;
  /** The audit entry's id. */
  id: string;
  action: string;
  actor: { id: string; name: string | null } | null;
  summary: string;
};
export type TimelineItem = { type: "activity"; at: Date; activity: ActivityView } | TimelineChange;

const SORT: SortColumn[] = [{ expr: sql`t.at`, cast: "timestamptz" }];
const KEY = sql`t.id`;
const AUDIT_KEY = sql`lpad(to_hex(al.id), 32, '0')::uuid`;

export async function getTimeline(tx: TenantTx, actor: CrmActor, rawInput: TimelineInput): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  const input = parseInput(timelineInput, rawInput);
  await assertRecordVisible(tx, input.entityType, input.id);
  const kinds = input.kinds?.length ? new Set(input.kinds) : new Set(TIMELINE_KINDS);
  const activityKinds = activityKind.enumValues.filter((kind) => kinds.has(kind));
  const branches: SQL[] = [];
  if (activityKinds.length) {
    const target =
      input.entityType === "contact"
        ? sql`a.contact_id = ${input.id}`
        : input.entityType === "deal"
          ? sql`a.deal_id = ${input.id}`
          : sql`(a.company_id = ${input.id} or a.deal_id in (select d.id from crm_deals d where d.company_id = ${input.id} and d.deleted_at is null))`;
    const sort: SortColumn[] = [{ expr: sql`a.occurred_at`, cast: "timestamptz" }];
    const after = afterCursor(sort, sql`a.id`, "desc", input.cursor);
    branches.push(sql`(select 'activity' as source, a.id, a.occurred_at as at, null::bigint as audit_id
        from crm_activities a
       where ${target} and ${notOnlyTrashed} and a.kind = any(${sql.param(activityKinds)}::crm_activity_kind[]) ${after ? sql`and ${after}` : sql``}
       order by ${orderByKey(sort, sql`a.id`, "desc")} limit ${input.limit + 1})`);
  }
  if (kinds.has("change")) {
    const sort: SortColumn[] = [{ expr: sql`al.created_at`, cast: "timestamptz" }];
    const after = afterCursor(sort, AUDIT_KEY, "desc", input.cursor);
    branches.push(sql`(select 'change' as source, ${AUDIT_KEY} as id, al.created_at as at, al.id as audit_id
        from audit_log al
       where al.entity_type = ${`crm.${input.entityType}`}
         and al.entity_id = any(array[${input.id}::text] || array(
               select m.loser_id::text from crm_merges m
                where m.entity_type = ${input.entityType} and m.winner_id = ${input.id} and m.undone_at is null))
         ${after ? sql`and ${after}` : sql``}
       order by ${orderByKey(sort, AUDIT_KEY, "desc")} limit ${input.limit + 1})`);
  }
  const keys = await tx.execute<{ source: "activity" | "change"; id: string; audit_id: string | null; cursor: string }>(sql`
    select t.source, t.id, t.audit_id::text as audit_id, ${cursorColumn(SORT, KEY)} as cursor
      from (${sql.join(branches, sql` union all `)}) t
     order by ${orderByKey(SORT, KEY, "desc")} limit ${input.limit + 1}`);
  const page = pageOf(keys, input.limit);
  const activities = await activityViews(
    tx,
    actor,
    page.items.filter((k) => k.source === "activity").map((k) => k.id),
  );
  const changes = await changeEntries(tx, page.items.flatMap((k) => (k.audit_id ? [k.audit_id] : [])));
  const items: TimelineItem[] = [];
  for (const key of page.items) {
    if (key.source === "activity") {
      const activity = activities.get(key.id);
      if (activity) items.push({ type: "activity", at: activity.occurredAt, activity });
    } else {
      const change = changes.get(key.audit_id!);
      if (change) items.push(change);
    }
  }
  return { items, nextCursor: page.nextCursor };
}

/** Audit entries by id with their actor and summary (before/after stay on the server). */
async function changeEntries(tx: TenantTx, ids: string[]): Promise<Map<string, TimelineChange>> {
  if (!ids.length) return new Map();
  const rows = await tx.execute<{ id: string; action: string; before: unknown; after: unknown; created_at: string; actor_id: string | null; actor_name: string | null }>(sql`
    select al.id::text as id, al.action, al.before, al.after, al.created_at, al.actor_user_id as actor_id, u.name as actor_name
      from audit_log al left join user_profiles u on u.id = al.actor_user_id
     where al.id = any(${sql.param(ids)}::bigint[])`);
  const names = await namesFor(tx, rows.flatMap((row) => referencedIds(row.before, row.after)));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        type: "change" as const,
        at: new Date(row.created_at),
        id: row.id,
        action: row.action,
        actor: row.actor_id ? { id: row.actor_id, name: row.actor_name } : null,
        summary: summarizeChange(row, names),
      },
    ]),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE_FIELDS: Record<string, string> = { stageId: "Stage", pipelineId: "Pipeline", ownerId: "Owner", companyId: "Company", assigneeId: "Assignee" };

function referencedIds(...snapshots: unknown[]): string[] {
  const ids: string[] = [];
  for (const snapshot of snapshots) {
    if (!isRecord(snapshot)) continue;
    for (const key of [...Object.keys(REFERENCE_FIELDS), "userId"]) {
      const value = snapshot[key];
      if (typeof value === "string" && UUID.test(value)) ids.push(value);
    }
  }
  return ids;
}

/**
 * Names of stages, pipelines, members and companies named in audit snapshots. Companies
 * come through their visibility policy: one the caller cannot see stays unnamed.
 */
async function namesFor(tx: TenantTx, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const list = sql`${sql.param(wanted)}::uuid[]`;
  const rows = await tx.execute<{ id: string; name: string }>(sql`
    select id::text, name from crm_stages where id = any(${list})
    union all select id::text, name from crm_pipelines where id = any(${list})
    union all select id::text, name from user_profiles where id = any(${list})
    union all select id::text, name from crm_companies where id = any(${list})`);
  return new Map(rows.map((row) => [row.id, row.name]));
}

/* ---- Audit entry → one line ("Stage: Qualified → Proposal sent") ---- */

type Snapshot = Record<string, unknown>;
const isRecord = (value: unknown): value is Snapshot => typeof value === "object" && value !== null && !Array.isArray(value);

const TEXT_FIELDS: Record<string, string> = {
  name: "Name",
  title: "Title",
  firstName: "First name",
  lastName: "Last name",
  domain: "Domain",
  industry: "Industry",
  size: "Size",
  addressLine: "Address",
  city: "City",
  region: "Region",
  postalCode: "Postal code",
  country: "Country",
  source: "Source",
  lifecycleStage: "Lifecycle",
  status: "Status",
  expectedCloseDate: "Expected close",
  lostReason: "Lost reason",
};
/** Changed, but the values are too long or too structured for one line. */
const CHANGED_ONLY: Record<string, string> = { notes: "Notes", emails: "Emails", phones: "Phones", custom: "Custom fields", contactIds: "Contacts" };
/** Bookkeeping that changes with every edit, never worth a line. */
const IGNORED = new Set(["id", "tenantId", "createdAt", "updatedAt", "createdBy", "search", "stageChangedAt", "closedAt", "mergedIntoId"]);
const MAX_PARTS = 3;

function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function amountText(minor: unknown, currency: unknown): string | null {
  if (minor === null || minor === undefined) return "none";
  if (typeof currency !== "string" || !(typeof minor === "number" || (typeof minor === "string" && /^-?\d+$/.test(minor)))) return null;
  try {
    return formatMoney(BigInt(minor), currency);
  } catch {
    return null;
  }
}

function fieldChange(key: string, before: Snapshot, after: Snapshot, names: ReadonlyMap<string, string>): string | null {
  const [was, now] = [before[key], after[key]];
  const reference = REFERENCE_FIELDS[key];
  if (reference) {
    const name = (id: unknown) => (id === null || id === undefined ? "none" : typeof id === "string" ? names.get(id) : undefined);
    const [from, to] = [name(was), name(now)];
    return from !== undefined && to !== undefined ? `${reference}: ${from} → ${to}` : `${reference} changed`;
  }
  if (key === "amountMinor") {
    const [from, to] = [amountText(before.amountMinor, before.currency), amountText(after.amountMinor, after.currency)];
    return from !== null && to !== null ? `Amount: ${from} → ${to}` : "Amount changed";
  }
  if (key === "probability") {
    const percent = (value: unknown) => (typeof value === "number" ? `${value}%` : "from stage");
    return `Probability: ${percent(was)} → ${percent(now)}`;
  }
  if (key === "tags") {
    const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
    const [from, to] = [list(was), list(now)];
    const changes = [...to.filter((t) => !from.includes(t)).map((t) => `+${t}`), ...from.filter((t) => !to.includes(t)).map((t) => `−${t}`)];
    return changes.length ? `Tags: ${changes.join(" ")}` : null;
  }
  if (CHANGED_ONLY[key]) return `${CHANGED_ONLY[key]} changed`;
  const label = TEXT_FIELDS[key] ?? humanize(key);
  const structured = (value: unknown) => typeof value === "object" && value !== null;
  return structured(was) || structured(now) ? `${label} changed` : `${label}: ${shown(was)} → ${shown(now)}`;
}

/** "stage_changed" / "expectedCloseDate" → "Stage changed" / "Expected close date". */
function humanize(word: string): string {
  const spaced = word
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The fields that differ between two snapshots, one phrase each, in a stable order. */
function differences(before: Snapshot, after: Snapshot, names: ReadonlyMap<string, string>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !IGNORED.has(key));
  const order = (key: string) => {
    const known = ["stageId", "status", "amountMinor", "currency", "probability", "lifecycleStage", "ownerId", "companyId", "pipelineId"];
    const index = known.indexOf(key);
    return index === -1 ? known.length : index;
  };
  keys.sort((x, y) => order(x) - order(y));
  const changed = (key: string) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null);
  const parts: string[] = [];
  for (const key of keys) {
    if (!changed(key)) continue;
    // Amount and currency make one line ("Amount: €100.00 → $120.00").
    if (key === "currency" && (changed("amountMinor") || "amountMinor" in after)) {
      if (!changed("amountMinor")) parts.push(fieldChange("amountMinor", before, after, names)!);
      continue;
    }
    const part = fieldChange(key, before, after, names);
    if (part) parts.push(part);
  }
  return parts;
}

/**
 * One short line for an audit entry about a CRM record, from its action and its
 * before/after snapshots. `names` maps ids (stages, members, companies…) to names; an id
 * without a name gives "Owner changed" instead of "Owner: Ann → Bob".
 */
export function summarizeChange(entry: { action: string; before: unknown; after: unknown }, names: ReadonlyMap<string, string> = new Map()): string {
  const verb = entry.action.split(".").pop() ?? entry.action;
  const before = isRecord(entry.before) ? entry.before : {};
  const after = isRecord(entry.after) ? entry.after : {};
  const person = (snapshot: Snapshot) => (typeof snapshot.userId === "string" ? names.get(snapshot.userId) : undefined);
  switch (verb) {
    case "created":
      return "Created";
    case "deleted":
      return "Deleted";
    case "followed":
      return person(after) ? `Follower added: ${person(after)}` : "Follower added";
    case "unfollowed":
      return person(before) ? `Follower removed: ${person(before)}` : "Follower removed";
    case "merged":
      return "Merged with a duplicate";
    case "merge_undone":
      return "Merge undone";
    case "won":
      return "Marked as won";
    case "lost":
      return typeof after.lostReason === "string" && after.lostReason ? `Marked as lost: ${shown(after.lostReason)}` : "Marked as lost";
    case "reopened":
      return "Reopened";
  }
  const parts = differences(before, after, names);
  if (!parts.length) return humanize(verb);
  const extra = parts.length - MAX_PARTS;
  return extra > 0 ? `${parts.slice(0, MAX_PARTS).join("; ")}; and ${extra} more` : parts.join("; ");
}
