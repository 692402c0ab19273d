import { sql } from "drizzle-orm";
import type { TenantTx } from "../db/tenant";

/*
 * `@name` mentions in free text (notes, comments), matched against the tenant's members.
 * A mention is an @ that starts a word (so "sam@example.com" is an address, not a
 * mention) followed by a member's full name ("@Sam Sales"), or by a first name that only
 * one member has ("@Sam"), ending at a word boundary. Case does not matter; anything else
 * after an @ is plain text.
 */

export type MentionCandidate = { userId: string; name: string };

const WORD_CHAR = /[\p{L}\p{N}_]/u;
// What may come before an @ of an email address: a mention's @ never follows these.
const ADDRESS_CHAR = /[\p{L}\p{N}._%+-]/u;

const fold = (text: string) => text.toLocaleLowerCase("und");

/** The user ids mentioned in `text`, each once, in the order of their first mention. */
export function findMentions(text: string, members: MentionCandidate[]): string[] {
  if (!text.includes("@") || members.length === 0) return [];
  const names: { userId: string; key: string }[] = [];
  const firstNames = new Map<string, string[]>();
  for (const member of members) {
    const full = fold(member.name.trim().replace(/\s+/g, " "));
    if (!full) continue;
    names.push({ userId: member.userId, key: full });
    const first = full.split(" ")[0]!;
    if (first !== full) firstNames.set(first, [...(firstNames.get(first) ?? []), member.userId]);
  }
  for (const [first, ids] of firstNames) if (ids.length === 1 && !names.some((n) => n.key === first)) names.push({ userId: ids[0]!, key: first });
  // Longest first: "@Sam Sales" is Sam Sales, not Sam followed by " Sales".
  names.sort((a, b) => b.key.length - a.key.length);

  const found: string[] = [];
  const folded = fold(text.replace(/\s+/g, " "));
  for (let at = folded.indexOf("@"); at !== -1; at = folded.indexOf("@", at + 1)) {
    const before = at > 0 ? folded[at - 1]! : "";
    if (before && ADDRESS_CHAR.test(before)) continue;
    const rest = folded.slice(at + 1);
    const match = names.find(({ key }) => rest.startsWith(key) && !WORD_CHAR.test(rest.charAt(key.length)));
    if (match && !found.includes(match.userId)) found.push(match.userId);
  }
  return found;
}

/** The members of the transaction's tenant mentioned in `text` (read through member_directory). */
export async function mentionedMembers(tx: TenantTx, text: string | null | undefined): Promise<string[]> {
  if (!text || !text.includes("@")) return [];
  const members = await tx.execute<{ user_id: string; name: string }>(sql`select user_id, name from member_directory`);
  return findMentions(
    text,
    members.map((m) => ({ userId: m.user_id, name: m.name })),
  );
}
