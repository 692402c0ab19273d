/*
 * Client-safe: how an audit entry reads as a sentence ("Dana moved deal “Acme renewal” to
 * Won"), for the home page's recent activity and the audit log alike. Each module
 * describes its own entity types (its nav's `audit` describers); anything else reads
 * generically from the action code.
 */

/** The entry's scalar snapshot values (after over before), as listAuditEntries returns them in `facts`. */
export type AuditFacts = Record<string, string | number | boolean | null>;

export type DescribableAuditEntry = { action: string; entityType: string; entityId: string | null; facts: AuditFacts | null };

/** "moved" + deal “Acme renewal” + " to Won"; `href` is relative to /t/[slug]. */
export type AuditDescription = {
  verb: string;
  noun: string;
  name: string | null;
  detail?: string;
  href: string | null;
};

export type AuditDescriber = {
  /** The entity type it describes ("crm.deal"). */
  entityType: string;
  describe(entry: DescribableAuditEntry & { verbCode: string }): AuditDescription;
};

const GENERIC_VERBS: Record<string, string> = {
  created: "created",
  updated: "updated",
  deleted: "deleted",
  removed: "removed",
  added: "added",
  renamed: "renamed",
};

/** The part of an action after the entity: "crm.deal.stage_changed" → "stage_changed". */
export function verbCodeOf(action: string): string {
  const dot = action.lastIndexOf(".");
  return dot === -1 ? action : action.slice(dot + 1);
}

/** A fact as text, or null when missing or empty. */
export function factText(facts: AuditFacts | null, key: string): string | null {
  const value = facts?.[key];
  return value === undefined || value === null || value === "" ? null : String(value);
}

function genericNoun(entityType: string): string {
  const last = entityType.slice(entityType.lastIndexOf(".") + 1);
  return last.replace(/[_-]+/g, " ");
}

/** The sentence for one entry: the module's describer when it has one, else the action code in words. */
export function describeAuditEntry(entry: DescribableAuditEntry, describers: readonly AuditDescriber[]): AuditDescription {
  const verbCode = verbCodeOf(entry.action);
  const describer = describers.find((d) => d.entityType === entry.entityType);
  if (describer) return describer.describe({ ...entry, verbCode });
  return {
    verb: GENERIC_VERBS[verbCode] ?? verbCode.replace(/[_-]+/g, " "),
    noun: genericNoun(entry.entityType),
    name: factText(entry.facts, "name") ?? factText(entry.facts, "title"),
    href: null,
  };
}

/** The whole sentence as plain text (CSV, screen-reader labels, tests). */
export function auditSentence(actor: string, description: AuditDescription): string {
  const name = description.name ? ` “${description.name}”` : "";
  return `${actor} ${description.verb} ${description.noun}${name}${description.detail ?? ""}`;
}
