import { and, eq, inArray, sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { crmContactChannels } from "../schema";
import { type ChannelRow, type MergeEntity, type MergeSnapshot, type MovedRows } from "./values";

/* The rows a merge moves from the loser to the winner (activities, deals, channels…) and back on undo (see ./merge.ts). */

export async function channelsOf(tx: TenantTx, contactIds: string[]): Promise<ChannelRow[]> {
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
export function channelMoves(winnerChannels: ChannelRow[], loserChannels: ChannelRow[]) {
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
export async function syncPrimaryChannels(tx: TenantTx, contactId: string): Promise<void> {
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

export const ids = <K extends string>(rows: Record<K, string>[], key: K) => rows.map((r) => r[key]);

/** Moves what hangs off the loser to the winner; returns the ids of every moved row. */
export async function moveRows(tx: TenantTx, entityType: MergeEntity, winnerId: string, loserId: string, loserChannels: ChannelRow[], winnerChannels: ChannelRow[]): Promise<MovedRows> {
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

export function moveCounts(moved: MovedRows) {
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


/** Moves back exactly the rows the merge moved, where they are still on the winner. */
export async function moveRowsBack(tx: TenantTx, entityType: MergeEntity, winnerId: string, loserId: string, snapshot: MergeSnapshot) {
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
export async function restoreChannels(tx: TenantTx, winnerId: string, loserId: string, snapshot: MergeSnapshot) {
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
