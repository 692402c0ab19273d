import { factText, type AuditDescriber, type AuditDescription, type DescribableAuditEntry } from "../audit/describe";

// Client-safe (read by the home page and the audit log): how CRM's audit entries read.

type Entry = DescribableAuditEntry & { verbCode: string };

const VERBS: Record<string, string> = {
  created: "created",
  updated: "updated",
  deleted: "deleted",
  restored: "restored",
  purged: "deleted forever",
  followed: "followed",
  unfollowed: "stopped following",
  merged: "merged",
  merge_undone: "undid the merge of",
  stage_changed: "moved",
  won: "marked",
  lost: "marked",
  reopened: "reopened",
  renamed: "renamed",
  archived: "archived",
  stage_added: "added",
  stage_updated: "changed",
  stage_removed: "removed",
  stages_reordered: "reordered the stages of",
  default_changed: "made",
};

function verbOf(entry: Entry): string {
  return VERBS[entry.verbCode] ?? entry.verbCode.replace(/_/g, " ");
}

/** A record page to link to; a deleted record's entry links to the trash (purged: nowhere). */
function recordHref(entry: Entry, path: string): string | null {
  if (entry.verbCode === "purged") return null;
  if (entry.verbCode === "deleted") return "/crm/trash";
  return entry.entityId ? `/crm/${path}/${entry.entityId}` : null;
}

function record(noun: string, path: string, nameOf: (entry: Entry) => string | null): AuditDescriber["describe"] {
  return (entry): AuditDescription => ({ verb: verbOf(entry), noun, name: nameOf(entry), href: recordHref(entry, path) });
}

function contactName(entry: Entry): string | null {
  const name = [factText(entry.facts, "firstName"), factText(entry.facts, "lastName")].filter(Boolean).join(" ");
  return name || null;
}

function describeDeal(entry: Entry): AuditDescription {
  const description: AuditDescription = { verb: verbOf(entry), noun: "deal", name: factText(entry.facts, "title"), href: recordHref(entry, "deals") };
  const stage = factText(entry.facts, "stageName");
  if (entry.verbCode === "stage_changed" && stage) description.detail = ` to ${stage}`;
  if (entry.verbCode === "won" || entry.verbCode === "lost") description.detail = ` as ${entry.verbCode}`;
  return description;
}

const ACTIVITY_NOUN: Record<string, string> = { note: "note", call: "call", meeting: "meeting", email: "email", task: "task" };

function describeActivity(entry: Entry): AuditDescription {
  const kind = factText(entry.facts, "kind");
  const [path, id] = factText(entry.facts, "dealId")
    ? ["deals", factText(entry.facts, "dealId")]
    : factText(entry.facts, "contactId")
      ? ["contacts", factText(entry.facts, "contactId")]
      : ["companies", factText(entry.facts, "companyId")];
  return {
    verb: verbOf(entry),
    noun: (kind && ACTIVITY_NOUN[kind]) ?? "activity",
    name: factText(entry.facts, "subject"),
    // An activity lives on its record's timeline: link there.
    href: id ? `/crm/${path}/${id}` : null,
  };
}

const STAGE_VERBS = new Set(["stage_added", "stage_updated", "stage_removed"]);

function describePipeline(entry: Entry): AuditDescription {
  const href = "/settings/crm/pipelines";
  // A stage's entries snapshot the stage: their `name` is the stage's.
  if (STAGE_VERBS.has(entry.verbCode)) return { verb: verbOf(entry), noun: "stage", name: factText(entry.facts, "name"), href };
  if (entry.verbCode === "stages_reordered") return { verb: verbOf(entry), noun: "a pipeline", name: null, href };
  const description: AuditDescription = { verb: verbOf(entry), noun: "pipeline", name: factText(entry.facts, "name"), href };
  if (entry.verbCode === "default_changed") description.detail = " the default";
  return description;
}

const BULK_NOUN: Record<string, string> = { contact: "contacts", company: "companies", deal: "deals" };

/** "started a bulk action on 1,200 contacts", "finished a bulk action (1,150 changed, 50 skipped)". */
function describeBulk(entry: Entry): AuditDescription {
  const description: AuditDescription = { verb: verbOf(entry), noun: "a bulk action", name: null, href: null };
  const total = entry.facts?.total;
  const entity = factText(entry.facts, "entityType");
  if (typeof total === "number" && entity) description.detail = ` on ${total.toLocaleString("en-US")} ${BULK_NOUN[entity] ?? "records"}`;
  const done = entry.facts?.done;
  const skipped = entry.facts?.skipped;
  if (typeof done === "number" && typeof skipped === "number") description.detail = ` (${done.toLocaleString("en-US")} changed, ${skipped.toLocaleString("en-US")} skipped)`;
  return description;
}

export const crmAuditDescribers: AuditDescriber[] = [
  { entityType: "crm.contact", describe: record("contact", "contacts", contactName) },
  { entityType: "crm.company", describe: record("company", "companies", (entry) => factText(entry.facts, "name")) },
  { entityType: "crm.deal", describe: describeDeal },
  { entityType: "crm.activity", describe: describeActivity },
  { entityType: "crm.pipeline", describe: describePipeline },
  { entityType: "crm.bulk", describe: describeBulk },
];
