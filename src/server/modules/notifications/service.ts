import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { NotFound } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { cursorInput, keysetPage, pageOf, type SortColumn } from "../../records/lists";
import { visibleCrmLinks } from "../crm/links";
import { isPageLink, type NotificationKind } from "./validation";
import { notifications } from "./schema";

/*
 * A member's notifications in the current tenant. Every query names the caller's user id,
 * and the table's restrictive policy (drizzle/0020) hides other members' rows as well:
 * another member's notification is NotFound, never readable or markable.
 *
 * Names and links: a notification keeps the words it was written with (they say what the
 * recipient could see when it happened) and is never rewritten from the record later.
 * Whether its link still opens is checked on every read, as the recipient now: a record
 * they can no longer see (or that is gone) comes back `available: false`, and the bell
 * shows "no longer available" instead of a link. Its current name is never read.
 *
 * Not audited: marking read changes only the member's own inbox, like a read marker, not
 * the organization's data; audited, every click on the bell would fill the audit log and
 * the home page's recent activity with "read notification" entries.
 */

const NOT_FOUND = "This notification does not exist, or it is not yours.";
export const UNREAD_COUNT_CAP = 100;

export const notificationListInput = z.object({
  cursor: cursorInput,
  limit: z.number().int().min(1).max(50).default(20),
  unreadOnly: z.boolean().default(false),
});
export const notificationIdInput = z.object({ id: z.uuid("Invalid notification id.") });

export type NotificationView = {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  /** The caller can open the linked record now (false when there is none). */
  available: boolean;
  readAt: Date | null;
  createdAt: Date;
};

const SORT: SortColumn[] = [{ expr: sql`n.created_at`, cast: "timestamptz" }];

/** Newest first, a keyset page at a time. */
export async function listNotifications(tx: TenantTx, actor: Actor, rawInput: z.input<typeof notificationListInput>) {
  const input = parseInput(notificationListInput, rawInput);
  const conditions = [sql`n.user_id = ${actor.userId}`];
  if (input.unreadOnly) conditions.push(sql`n.read_at is null`);
  const page = keysetPage(SORT, sql`n.id`, "desc", input.cursor, conditions);
  const rows = await tx.execute<{
    id: string;
    kind: NotificationKind;
    title: string;
    body: string;
    entity_type: string | null;
    entity_id: string | null;
    read_at: string | null;
    created_at: string;
    cursor: string;
  }>(sql`
    select n.id, n.kind, n.title, n.body, n.entity_type, n.entity_id, n.read_at, n.created_at, ${page.cursor} as cursor
      from notifications n
     where ${page.where}
     order by ${page.order}
     limit ${input.limit + 1}`);
  const { items, nextCursor } = pageOf(rows, input.limit);
  const links = items.flatMap((row) => (row.entity_type && row.entity_id ? [{ entityType: row.entity_type, id: row.entity_id }] : []));
  const visible = await visibleCrmLinks(tx, actor, links);
  return {
    items: items.map(
      (row): NotificationView => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        entityType: row.entity_type,
        entityId: row.entity_id,
        available: isPageLink(row.entity_type) || visible.has(`${row.entity_type}:${row.entity_id}`),
        readAt: row.read_at ? new Date(row.read_at) : null,
        createdAt: new Date(row.created_at),
      }),
    ),
    nextCursor,
  };
}

/** The bell's number: the caller's unread notifications, counted up to UNREAD_COUNT_CAP (one index-only scan). */
export async function unreadCount(tx: TenantTx, actor: Actor): Promise<{ count: number; capped: boolean }> {
  const [row] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from notifications where user_id = ${actor.userId} and read_at is null limit ${UNREAD_COUNT_CAP}) unread`);
  const count = row?.n ?? 0;
  return { count, capped: count >= UNREAD_COUNT_CAP };
}

/** Marks one of the caller's notifications read (again: no change). */
export async function markRead(tx: TenantTx, actor: Actor, rawInput: z.input<typeof notificationIdInput>): Promise<{ id: string; readAt: Date }> {
  const { id } = parseInput(notificationIdInput, rawInput);
  const [row] = await tx
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)))
    .for("update");
  if (!row) throw new NotFound(NOT_FOUND);
  if (row.readAt) return { id, readAt: row.readAt };
  const [after] = await tx.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, id)).returning({ readAt: notifications.readAt });
  return { id, readAt: after!.readAt! };
}

/** Marks all the caller's unread notifications read; answers how many changed. */
export async function markAllRead(tx: TenantTx, actor: Actor): Promise<{ marked: number }> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
