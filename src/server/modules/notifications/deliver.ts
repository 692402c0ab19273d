import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { PermanentJobError, type TenantJobContext } from "../../jobs/define";
import { appUrl } from "../../platform/urls";
import { visibleCrmLinks } from "../crm/links";
import { queueEmail } from "../mail/service";
import { currentOrganization } from "../orgs/settings";
import { NOTIFICATIONS } from "./permissions";
import { isPageLink, notificationPath, type NotificationKind } from "./validation";
import { getPreferences } from "./preferences";
import { notifications } from "./schema";

/*
 * Writing a notification for one recipient, from a job (as the system). Nobody is told
 * about their own action; a former member is told nothing; what the recipient cannot see
 * is left out (`ifHidden`). The row has a per-recipient idempotency key, so a retried job
 * or a repeated event writes it once, and its email is queued in the same transaction
 * as the row, keyed by it: once too.
 */

export type Draft = {
  userId: string;
  /** Who caused it; when it is the recipient, nothing is written. */
  actorId: string | null;
  kind: NotificationKind;
  /** Unique per recipient for this fact (e.g. the event's id). */
  key: string;
  title: string;
  body: string;
  /** The record it opens; `id` null for a page as a whole (validation.ts's PAGES). */
  link: { entityType: string; id: string | null } | null;
};

export type Visibility = {
  /** What to write when the recipient cannot open the link now: a draft without the record, or null for nothing. */
  ifHidden(draft: Draft): Draft | null;
};

type JobTools = Pick<TenantJobContext<never>, "withTenant" | "asMember">;

export type DeliverOutcome = "written" | "duplicate" | "self" | "not a member" | "hidden" | "off";

/** The name of a member of the tenant, or null when `userId` is not (or no longer) one. */
async function memberOf(tx: TenantTx, userId: string): Promise<{ name: string; email: string } | null> {
  const [row] = await tx.execute<{ name: string; email: string }>(sql`select name, email from member_directory where user_id = ${userId}`);
  return row ?? null;
}

export async function actorName(tx: TenantTx, actorId: string | null): Promise<string> {
  if (!actorId) return "Someone";
  const [row] = await tx.execute<{ name: string }>(sql`select name from user_profiles where id = ${actorId}`);
  return row?.name || "Someone";
}

/** Can the recipient open the link now (checked as them, with their current role)? */
async function canOpen(tools: JobTools, userId: string, link: NonNullable<Draft["link"]>): Promise<boolean> {
  const { entityType, id } = link;
  if (id === null) return isPageLink(entityType);
  try {
    return await tools.asMember(userId, NOTIFICATIONS.read, async (tx, actor) => (await visibleCrmLinks(tx, actor, [{ entityType, id }])).size > 0);
  } catch (error) {
    if (error instanceof PermanentJobError) return false; // removed or the organization suspended meanwhile
    throw error;
  }
}

export async function deliver(tools: JobTools, draft: Draft, visibility?: Visibility): Promise<DeliverOutcome> {
  if (draft.actorId && draft.actorId === draft.userId) return "self";
  const recipient = await tools.withTenant((tx) => memberOf(tx, draft.userId));
  if (!recipient) return "not a member";
  let final: Draft | null = draft;
  if (visibility && draft.link && !(await canOpen(tools, draft.userId, draft.link))) final = visibility.ifHidden(draft);
  if (!final) return "hidden";
  const preference = (await getPreferences(draft.userId))[draft.kind];
  if (!preference.inApp && !preference.email) return "off";
  const written = final;
  return tools.withTenant(async (tx) => {
    const emailKey = `notification:${written.userId}:${written.key}`;
    if (preference.inApp) {
      const [row] = await tx
        .insert(notifications)
        .values({
          userId: written.userId,
          kind: written.kind,
          title: written.title,
          body: written.body,
          entityType: written.link?.entityType ?? null,
          entityId: written.link?.id ?? null,
          actorId: written.actorId,
          idempotencyKey: written.key,
        })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      if (!row) return "duplicate";
    }
    if (preference.email) {
      const org = await currentOrganization(tx);
      const path = notificationPath(org.slug, written.link?.entityType ?? null, written.link?.id ?? null);
      const open = path ? `Open it: ${appUrl(path)}` : `Open ${org.name}: ${appUrl(`/t/${org.slug}`)}`;
      const text = [written.title, ...(written.body ? [written.body] : []), "", open, "", `Choose which notifications you get by email on your account page: ${appUrl("/account")}`].join("\n");
      const { duplicate } = await queueEmail(tx, { to: recipient.email, subject: `${written.title} · ${org.name}`.slice(0, 300), text }, emailKey);
      if (duplicate && !preference.inApp) return "duplicate";
    }
    return "written";
  });
}
