import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import { callerFor, createTenant, inTenant } from "../../../../test/fixtures";
import type { TenantJob } from "../../../jobs/define";
import { memberRunner } from "../../../jobs/runner";
import { drainOutbox } from "../../../jobs/worker";
import { NOT_ACCESSIBLE } from "../../../records/bulk-apply";
import { ValidationFailed } from "../../../platform/errors";
import { memberGateForJobs } from "../../orgs/service";
import { createCompany, getCompany } from "../companies/companies";
import { createContact, getContact } from "../contacts/contacts";
import { createDeal, getDeal } from "../deals/deals";
import { crmBulkJob } from "../jobs";
import { listPipelines } from "../pipelines";
import { updateVisibilitySettings } from "../settings";
import { BULK_IN_REQUEST, getBulkJob, runBulk, runBulkJob } from "./bulk";

/** Runs due events through the real job, as the embedded worker does. */
async function work() {
  await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [crmBulkJob as TenantJob<never>], memberGate: memberGateForJobs });
}

async function contacts(member: TeamMember, count: number, prefix = "Person") {
  return member.run(async (tx) => {
    const made = [];
    for (let i = 0; i < count; i++) made.push(await createContact(tx, member.actor, { firstName: `${prefix} ${i}`, tags: ["old"] }));
    return made;
  });
}

async function auditCount(tenantId: string, action: string, entityId?: string) {
  const [row] = await inTenant(tenantId, (tx) =>
    tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action} ${entityId ? sql`and entity_id = ${entityId}` : sql``}`),
  );
  return row!.n;
}

describe("bulk actions on contacts", () => {
  it("adds tags and assigns an owner through the contact's own update, one audit entry per changed record", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const [a, b] = await contacts(team.owner, 2);
    const tagged = await team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "contact", selection: { ids: [a!.id, b!.id] }, action: { type: "addTags", tags: ["VIP", "old"] } }));
    expect(tagged).toEqual({ mode: "done", report: { total: 2, done: 2, unchanged: 0, skipped: 0, reasons: [] } });
    expect((await team.owner.run((tx) => getContact(tx, a!.id))).tags.sort()).toEqual(["old", "vip"]);

    const owned = await team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "contact", selection: { ids: [a!.id, b!.id] }, action: { type: "assignOwner", ownerId: member.id } }));
    expect(owned.mode === "done" && owned.report.done).toBe(2);
    expect((await team.owner.run((tx) => getContact(tx, b!.id))).owner?.id).toBe(member.id);
    expect(await auditCount(team.org.id, "crm.contact.updated", a!.id)).toBe(2);

    // Already as asked: no write, no audit entry.
    const again = await team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "contact", selection: { ids: [a!.id] }, action: { type: "assignOwner", ownerId: member.id } }));
    expect(again).toMatchObject({ mode: "done", report: { done: 0, unchanged: 1 } });
    expect(await auditCount(team.org.id, "crm.contact.updated", a!.id)).toBe(2);
  });

  it("removes tags, changes the lifecycle stage and deletes", async () => {
    const { owner, org } = await crmTeam();
    const [a, b] = await contacts(owner, 2);
    await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "contact", selection: { ids: [a!.id, b!.id] }, action: { type: "removeTags", tags: ["old"] } }));
    await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "contact", selection: { ids: [a!.id] }, action: { type: "setLifecycle", lifecycleStage: "customer" } }));
    const after = await owner.run((tx) => getContact(tx, a!.id));
    expect(after.tags).toEqual([]);
    expect(after.lifecycleStage).toBe("customer");
    const deleted = await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "contact", selection: { ids: [a!.id, b!.id] }, action: { type: "delete" } }));
    expect(deleted).toMatchObject({ mode: "done", report: { done: 2 } });
    expect(await auditCount(org.id, "crm.contact.deleted")).toBe(2);
  });

  it("skips records the member cannot see and ignores another tenant's ids, changing nothing of theirs", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const [hidden] = await contacts(team.owner, 1, "Hidden");
    const [own] = await contacts(member, 1, "Own");
    await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    const other = await createTenant();
    const foreign = await inTenant(other.org.id, (tx) => createContact(tx, { userId: other.owner.id, role: "owner" }, { firstName: "Foreign", tags: ["old"] }));

    const result = await member.run((tx) =>
      runBulk(tx, member.actor, { entityType: "contact", selection: { ids: [hidden!.id, own!.id, foreign.id] }, action: { type: "addTags", tags: ["bulk"] } }),
    );
    expect(result).toEqual({ mode: "done", report: { total: 3, done: 1, unchanged: 0, skipped: 2, reasons: [{ reason: NOT_ACCESSIBLE, count: 2 }] } });
    expect((await team.owner.run((tx) => getContact(tx, hidden!.id))).tags).toEqual(["old"]);
    expect((await inTenant(other.org.id, (tx) => getContact(tx, foreign.id))).tags).toEqual(["old"]);
  });

  it("skips a record its service refuses (too many tags) and applies the others", async () => {
    const { owner } = await crmTeam();
    const full = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Full", tags: Array.from({ length: 30 }, (_, i) => `t${i}`) }));
    const [fine] = await contacts(owner, 1);
    const result = await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "contact", selection: { ids: [full.id, fine!.id] }, action: { type: "addTags", tags: ["one-more"] } }));
    expect(result).toMatchObject({ mode: "done", report: { done: 1, skipped: 1, reasons: [{ reason: "At most 30 tags.", count: 1 }] } });
    expect((await owner.run((tx) => getContact(tx, fine!.id))).tags).toContain("one-more");
  });

  it("refuses a bad action before touching any record", async () => {
    const team = await crmTeam();
    const [a] = await contacts(team.owner, 1);
    const stranger = await createTenant();
    await expect(
      team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "contact", selection: { ids: [a!.id] }, action: { type: "assignOwner", ownerId: stranger.owner.id } })),
    ).rejects.toBeInstanceOf(ValidationFailed);
    await expect(team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "company", selection: { ids: [a!.id] }, action: { type: "setLifecycle", lifecycleStage: "lead" } }))).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "contact", selection: { ids: [a!.id] }, action: { type: "addTags", tags: [] } }))).rejects.toBeInstanceOf(ValidationFailed);
    expect((await team.owner.run((tx) => getContact(tx, a!.id))).owner?.id).toBe(team.owner.id);
  });

  it("runs every contact matching a filter as a background job, in batches, with its report", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const made = await contacts(team.owner, 7, "Match");
    await contacts(team.owner, 2, "Other");
    const excluded = made[0]!;
    const started = await team.owner.run((tx) =>
      runBulk(tx, team.owner.actor, { entityType: "contact", selection: { filters: { q: "match" }, excludeIds: [excluded.id] }, action: { type: "assignOwner", ownerId: member.id } }),
    );
    if (started.mode !== "queued") throw new Error("expected a job");
    expect(started.job).toMatchObject({ status: "queued", total: 6 });
    expect(await auditCount(team.org.id, "crm.bulk.started", started.job.id)).toBe(1);

    // A first run that stops after one batch (as a crash would), then the job resumes.
    const job = { tenantId: team.org.id, jobId: started.job.id, userId: team.owner.id, asMember: memberRunner(team.org.id, memberGateForJobs) };
    await expect(
      runBulkJob(job, {
        batchSize: 4,
        afterBatch: () => {
          throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    expect(await team.owner.run((tx) => getBulkJob(tx, team.owner.actor, started.job.id))).toMatchObject({ status: "running", processed: 4 });
    await work();
    const done = await team.owner.run((tx) => getBulkJob(tx, team.owner.actor, started.job.id));
    expect(done).toMatchObject({ status: "done", processed: 6, report: { total: 6, done: 6, skipped: 0 } });
    const owners = await team.owner.run((tx) => tx.execute<{ first_name: string; owner_id: string }>(sql`select first_name, owner_id from crm_contacts order by first_name`));
    expect(owners.filter((c) => c.owner_id === member.id).map((c) => c.first_name)).toEqual(made.slice(1).map((c) => c.firstName).sort());
    expect(await auditCount(team.org.id, "crm.contact.updated")).toBe(6);
    // Only its starter (and admins) follow a run.
    await expect(member.run((tx) => getBulkJob(tx, member.actor, started.job.id))).rejects.toThrow(/does not exist/);
  });

  it("sends a selection of more ids than run in the request through the job", async () => {
    const { owner, org } = await crmTeam();
    const made = await contacts(owner, 3);
    const foreignIds = Array.from({ length: BULK_IN_REQUEST }, () => crypto.randomUUID());
    const started = await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "contact", selection: { ids: [...made.map((c) => c.id), ...foreignIds] }, action: { type: "addTags", tags: ["big"] } }));
    expect(started.mode).toBe("queued");
    await work();
    const job = started.mode === "queued" ? await owner.run((tx) => getBulkJob(tx, owner.actor, started.job.id)) : null;
    expect(job).toMatchObject({ status: "done", report: { total: BULK_IN_REQUEST + 3, done: 3, skipped: BULK_IN_REQUEST } });
    expect(await auditCount(org.id, "crm.bulk.finished")).toBe(1);
  });

  it("fails a queued job whose member became a viewer, changing nothing", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    await contacts(member, 2, "Mine");
    const started = await member.run((tx) => runBulk(tx, member.actor, { entityType: "contact", selection: { filters: {} }, action: { type: "addTags", tags: ["late"] } }));
    await inTenant(team.org.id, (tx) => tx.execute(sql`update memberships set role = 'viewer' where user_id = ${member.id}`));
    await work();
    const job = started.mode === "queued" ? await team.owner.run((tx) => getBulkJob(tx, team.owner.actor, started.job.id)) : null;
    expect(job).toMatchObject({ status: "failed", processed: 0 });
    const tagged = await team.owner.run((tx) => tx.execute(sql`select 1 from crm_contacts where 'late' = any(tags)`));
    expect(tagged).toHaveLength(0);
  });
});

describe("bulk actions on companies and deals", () => {
  it("tags and re-owns companies, deletes them", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const acme = await team.owner.run((tx) => createCompany(tx, team.owner.actor, { name: "Acme" }));
    await team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "company", selection: { ids: [acme.id] }, action: { type: "addTags", tags: ["key"] } }));
    await team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "company", selection: { ids: [acme.id] }, action: { type: "assignOwner", ownerId: member.id } }));
    const company = await team.owner.run((tx) => getCompany(tx, acme.id));
    expect(company.tags).toEqual(["key"]);
    expect(company.ownerId).toBe(member.id);
    await team.owner.run((tx) => runBulk(tx, team.owner.actor, { entityType: "company", selection: { ids: [acme.id] }, action: { type: "delete" } }));
    expect(await auditCount(team.org.id, "crm.company.deleted", acme.id)).toBe(1);
  });

  it("moves deals to a stage (of any pipeline), asks a lost reason for a lost stage, and deletes", async () => {
    const { owner, org } = await crmTeam();
    const deal = await owner.run((tx) => createDeal(tx, owner.actor, { title: "Renewal" }));
    const [pipeline] = await owner.run((tx) => listPipelines(tx, {}));
    const stages = await owner.run((tx) => tx.execute<{ id: string; outcome: string }>(sql`select id, outcome from crm_stages where pipeline_id = ${pipeline!.id} order by position`));
    const won = stages.find((s) => s.outcome === "won")!;
    const lost = stages.find((s) => s.outcome === "lost")!;
    const moved = await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "deal", selection: { ids: [deal.id] }, action: { type: "setStage", stageId: won.id } }));
    expect(moved).toMatchObject({ mode: "done", report: { done: 1 } });
    expect((await owner.run((tx) => getDeal(tx, deal.id))).status).toBe("won");
    expect(await auditCount(org.id, "crm.deal.stage_changed", deal.id)).toBe(1);
    await expect(owner.run((tx) => runBulk(tx, owner.actor, { entityType: "deal", selection: { ids: [deal.id] }, action: { type: "setStage", stageId: lost.id } }))).rejects.toBeInstanceOf(ValidationFailed);
    await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "deal", selection: { ids: [deal.id] }, action: { type: "setStage", stageId: lost.id, lostReason: "Budget" } }));
    expect((await owner.run((tx) => getDeal(tx, deal.id))).lostReason).toBe("Budget");
    await owner.run((tx) => runBulk(tx, owner.actor, { entityType: "deal", selection: { ids: [deal.id] }, action: { type: "delete" } }));
    expect(await auditCount(org.id, "crm.deal.deleted", deal.id)).toBe(1);
  });
});

describe("bulk procedures", () => {
  it("lets viewers count a filter's records but not run an action", async () => {
    const team = await crmTeam("viewer");
    const [viewer] = team.people as [TeamMember];
    await contacts(team.owner, 3);
    const api = callerFor(viewer, team.org.id);
    expect(await api.crm.bulk.count({ entityType: "contact", filters: {} })).toEqual({ count: 3 });
    await expect(api.crm.bulk.run({ entityType: "contact", selection: { filters: {} }, action: { type: "delete" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
