import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createUser, inTenant } from "../../../test/fixtures";
import type { StripeStandIn } from "../../../test/stripe-stand-in";
import { createTenantWithVerifiedOwner, createVerifiedUser } from "../../../test/verified";
import { withTenant } from "../../db/tenant";
import { noMembers, runJobOn, tenantEvents } from "../../jobs/testing";
import { outboxEvents } from "../../jobs/schema";
import { MEMBERSHIP_CHANGED } from "../orgs/events";
import { acceptInvitation, createInvitation } from "../orgs/invitations";
import { leaveOrganization, removeMember } from "../orgs/members";
import { syncSeatsJob } from "./jobs";
import { billingSubscriptions } from "./schema";
import { syncSeats } from "./seats";
import { stripeEventOf, receiveAndProcess, subscribe, useStripeStandIn } from "../../../test/billing";
import { subscriptionObject } from "../../../test/stripe-stand-in";

let stripe: StripeStandIn;
beforeAll(async () => {
  stripe = await useStripeStandIn();
});
afterAll(async () => {
  await stripe.close();
});

/** An organization whose owner can invite (verified email). */
async function organization() {
  const { org, owner } = await createTenantWithVerifiedOwner();
  return { org, owner, actor: { userId: owner.id, role: "owner" as const, name: owner.name } };
}

/** Invites a new person and has them accept (the real join path, which publishes the event). */
async function join(o: Awaited<ReturnType<typeof organization>>) {
  const user = await createVerifiedUser();
  await withTenant({ tenantId: o.org.id, userId: o.owner.id }, (tx) => createInvitation(tx, o.actor, o.org, { email: user.email, role: "member" }));
  const [mail] = await withTenant({ tenantId: o.org.id }, (tx) =>
    tx.select({ payload: outboxEvents.payload }).from(outboxEvents).where(eq(outboxEvents.name, "email/send")).orderBy(sql`${outboxEvents.createdAt} desc`).limit(1),
  );
  const token = /\/invite\/(\S+)/.exec((mail!.payload as { text: string }).text)![1]!;
  await acceptInvitation(token, user);
  return user;
}

/** Runs the seat job on every membership event of the tenant not run yet, as the outbox would. */
const ran = new Set<string>();
async function runSeatJobs(tenantId: string) {
  const results = [];
  for (const e of await tenantEvents(tenantId, MEMBERSHIP_CHANGED)) {
    if (ran.has(e.id)) continue;
    ran.add(e.id);
    results.push(await runJobOn(syncSeatsJob, tenantId, e, noMembers));
  }
  return results;
}

const localSeats = async (tenantId: string) => (await inTenant(tenantId, (tx) => tx.select({ seats: billingSubscriptions.seats }).from(billingSubscriptions)))[0]?.seats;
const updatesOf = (subscriptionId: string) => stripe.updates.filter((u) => u.id === subscriptionId);

describe("seat quantity sync", () => {
  it("follows members joining and leaving, several quick joins in one update", async () => {
    const o = await organization();
    const sub = await subscribe(stripe, o.org.id, { quantity: 1 });
    const first = await join(o);
    await join(o);
    const events = await tenantEvents(o.org.id, MEMBERSHIP_CHANGED);
    expect(events.map((e) => e.data.change)).toEqual(["joined", "joined"]);

    // Two joins, two jobs: the first syncs to the latest count, the second finds it in step.
    expect(await runSeatJobs(o.org.id)).toMatchObject([
      { outcome: "synced", subscriptionId: sub.id, from: 1, to: 3 },
      { outcome: "in_step", seats: 3 },
    ]);
    expect(sub.quantity).toBe(3);
    expect(updatesOf(sub.id)).toHaveLength(1);
    expect(updatesOf(sub.id)[0]!.form).not.toHaveProperty("proration_behavior");
    expect(await localSeats(o.org.id)).toBe(3);

    await withTenant({ tenantId: o.org.id, userId: o.owner.id }, (tx) => removeMember(tx, { userId: o.owner.id, role: "owner" }, { userId: first.id }));
    expect(await runSeatJobs(o.org.id)).toMatchObject([{ outcome: "synced", from: 3, to: 2 }]);
    expect(sub.quantity).toBe(2);

    // Back to a count synced before: a new idempotency key, so Stripe applies it.
    await join(o);
    expect(await runSeatJobs(o.org.id)).toMatchObject([{ outcome: "synced", from: 2, to: 3 }]);
    expect(sub.quantity).toBe(3);
    const keys = updatesOf(sub.id).map((u) => u.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toMatch(new RegExp(`^neuroops-seats-${sub.id}-3-`));

    const audit = await inTenant(o.org.id, (tx) => tx.execute<{ after: { seats: number } }>(sql`select after from audit_log where action = 'billing.seats_synced' order by created_at`));
    expect(audit.map((row) => row.after.seats)).toEqual([3, 2, 3]);
  });

  it("leaving publishes the event too", async () => {
    const o = await organization();
    const sub = await subscribe(stripe, o.org.id, { quantity: 2 });
    const member = await createUser();
    await addMember(o.org.id, member.id, "member");
    await withTenant({ tenantId: o.org.id, userId: member.id }, (tx) => leaveOrganization(tx, { userId: member.id, role: "member" }));
    expect(await runSeatJobs(o.org.id)).toMatchObject([{ outcome: "synced", from: 2, to: 1 }]);
    expect(sub.quantity).toBe(1);
  });

  it("records a quantity Stripe already has (a sync retried after Stripe answered) without sending it again", async () => {
    const o = await organization();
    const sub = await subscribe(stripe, o.org.id, { quantity: 1 });
    await addMember(o.org.id, (await createUser()).id, "member"); // no event: as if the job failed after Stripe answered
    sub.quantity = 2; // Stripe applied it; the local row still says 1
    expect(await syncSeats(o.org.id)).toMatchObject({ outcome: "synced", from: 2, to: 2 });
    expect(updatesOf(sub.id)).toHaveLength(0);
    expect(await localSeats(o.org.id)).toBe(2);
    expect(await syncSeats(o.org.id)).toMatchObject({ outcome: "in_step", seats: 2 });
  });

  it("converges when jobs for quick changes run at the same time", async () => {
    const o = await organization();
    const sub = await subscribe(stripe, o.org.id, { quantity: 1 });
    for (let i = 0; i < 4; i++) await addMember(o.org.id, (await createUser()).id, "member");
    await Promise.all(Array.from({ length: 4 }, () => syncSeats(o.org.id)));
    expect(sub.quantity).toBe(5);
    expect(await localSeats(o.org.id)).toBe(5);
  });

  it("does nothing without a subscription, on Free, or once cancelled", async () => {
    const none = await organization();
    const before = stripe.updates.length;
    await join(none);
    expect(await runSeatJobs(none.org.id)).toMatchObject([{ outcome: "skipped", reason: "no live subscription" }]);

    const cancelled = await organization();
    const sub = await subscribe(stripe, cancelled.org.id, { quantity: 1 });
    sub.status = "canceled";
    await receiveAndProcess(stripeEventOf("customer.subscription.deleted", subscriptionObject(sub)));
    await join(cancelled);
    expect(await runSeatJobs(cancelled.org.id)).toMatchObject([{ outcome: "skipped", reason: "no live subscription" }]);
    expect(stripe.updates.length).toBe(before);
  });
});
