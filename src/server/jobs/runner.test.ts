import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addMember, createTenant, createUser } from "../../test/fixtures";
import { withTenant } from "../db/tenant";
import { memberGateForJobs } from "../modules/orgs/service";
import { defineJob, type TenantJob } from "./define";
import { publishEvent } from "./publish";
import { drainUntilSettled, ev, eventRow, uniqueEvent, workerWith } from "./testing";
import { drainOutbox, type WorkerOptions } from "./worker";

describe("wiring mistakes", () => {
  it("settles an event that no job handles as dead with a clear error, instead of done", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("orphan");
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    const outcomes = await drainOutbox(workerWith([]));
    expect(outcomes).toContain("dead");
    const row = await eventRow(org.id, id);
    expect(row.status).toBe("dead");
    expect(row.lastError).toContain(`No job handles the event "${name}"`);
  });
});

describe("jobs acting for a member", () => {
  const asMemberOptions = (jobs: TenantJob<never>[]): WorkerOptions => ({ ...workerWith(jobs), memberGate: memberGateForJobs });

  it("runs with the member's own role and id, checked when the job runs", async () => {
    const { org, owner } = await createTenant();
    const viewer = await createUser();
    await addMember(org.id, viewer.id, "viewer");
    const name = uniqueEvent("as-member");
    const seen: unknown[] = [];
    const job = defineJob({
      id: `${name}-fn`,
      event: ev<{ userId: string; minimum: "viewer" | "member" }>(name),
      retries: 0,
      handler: ({ event, asMember }) =>
        asMember(event.data.userId, event.data.minimum, async (tx, actor) => {
          const [settings] = await tx.execute<{ role: string; user_id: string }>(
            sql`select current_setting('app.role', true) as role, current_setting('app.user_id', true) as user_id`,
          );
          seen.push({ actor, settings });
        }),
    });
    const publish = (data: { userId: string; minimum: "viewer" | "member" }) =>
      withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev<typeof data>(name), data }));
    const ok = await publish({ userId: owner.id, minimum: "member" });
    const tooLow = await publish({ userId: viewer.id, minimum: "member" });
    const stranger = await publish({ userId: (await createUser()).id, minimum: "viewer" });
    await drainUntilSettled(asMemberOptions([job as TenantJob<never>]), org.id, [ok.id, tooLow.id, stranger.id]);

    expect(seen).toEqual([{ actor: { userId: owner.id, role: "owner" }, settings: { role: "owner", user_id: owner.id } }]);
    expect(await eventRow(org.id, ok.id)).toMatchObject({ status: "done" });
    expect(await eventRow(org.id, tooLow.id)).toMatchObject({ status: "dead", lastError: expect.stringContaining("needs member or higher") });
    expect(await eventRow(org.id, stranger.id)).toMatchObject({ status: "dead", lastError: expect.stringContaining("no longer a member") });
  });
});
