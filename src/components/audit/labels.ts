/** Readable names for the audit log's action and entity codes. */

function sentence(code: string): string {
  const words = code.replace(/[._-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code;
}

/** What kind of record an entity type is, where the code name reads badly. */
const ENTITY_LABELS: Record<string, string> = {
  membership: "Member",
  outbox_event: "Job event",
  organization: "Organization",
  invitation: "Invitation",
};

/** "membership" → "Member", "outbox_event" → "Job event", "api_key" → "Api key". */
export function entityLabel(entityType: string): string {
  return ENTITY_LABELS[entityType] ?? sentence(entityType);
}

/** The part of an action before its first dot: "member.role_changed" → "member". */
export function actionPrefix(action: string): string {
  const dot = action.indexOf(".");
  return dot === -1 ? action : action.slice(0, dot);
}

/** "member.role_changed" → "Role changed", "job.test_event_sent" → "Test event sent". */
export function actionLabel(action: string): string {
  const dot = action.indexOf(".");
  return sentence(dot === -1 ? action : action.slice(dot + 1));
}

/** The heading of an action group: "member" → "Member", "job" → "Job". */
export function actionGroupLabel(prefix: string): string {
  return sentence(prefix);
}

/** How an action filter reads in a sentence: "member." → "all member actions", "member.removed" → "Member: Removed". */
export function actionFilterLabel(action: string): string {
  if (action.endsWith(".")) return `All ${sentence(action.slice(0, -1)).toLowerCase()} actions`;
  return `${actionGroupLabel(actionPrefix(action))}: ${actionLabel(action)}`;
}

/** Who did it: the person's name, or "System" for work nobody started by hand. */
export function actorName(entry: { actorUserId: string | null; actorName: string | null }): string {
  if (!entry.actorUserId) return "System";
  return entry.actorName ?? "Deleted user";
}
