import { describe, expect, it } from "vitest";
import { addMember, callerFor, codeOf, createTenant, createUser, inTenant } from "../../../test/fixtures";
import { withTenant, type TenantTx } from "../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import type { CrmActor } from "./common";
import { createDeal, getDeal } from "./deals/deals";
import {
  addStage,
  archivePipeline,
  createPipeline,
  listPipelines,
  removeStage,
  renamePipeline,
  reorderStages,
  setDefaultPipeline,
  updateStage,
} from "./pipelines";

async function setup() {
  const { org, owner } = await createTenant();
  const actor: CrmActor = { userId: owner.id, role: "owner" };
  const asOwner = <T>(fn: (tx: TenantTx, actor: CrmActor) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, (tx) => fn(tx, actor));
  const [sales] = await asOwner((tx) => listPipelines(tx));
  const stage = (name: string) => sales!.stages.find((s) => s.name === name)!.id;
  return { org, owner, asOwner, sales: sales!, stage };
}

const renewals = { name: "Renewals", stages: [{ name: "Due", probability: 60 }, { name: "Renewed", outcome: "won" as const }, { name: "Churned", outcome: "lost" as const }] };

const pipelineActions = (tenantId: string) =>
  inTenant(tenantId, async (tx) => (await listAuditEntries(tx, { entityType: "crm.pipeline" })).items.map((e) => e.action).reverse());

describe("pipelines", () => {
  it("starts every organization with the default pipeline and its ordered stages", async () => {
    const { sales } = await setup();
    expect(sales).toMatchObject({ name: "Sales", isDefault: true, archivedAt: null });
    expect(sales.stages.map((s) => [s.name, s.probability, s.outcome])).toEqual([
      ["Lead in", 10, "open"],
      ["Qualified", 25, "open"],
      ["Proposal sent", 50, "open"],
      ["Negotiation", 75, "open"],
      ["Won", 100, "won"],
      ["Lost", 0, "lost"],
    ]);
  });

  it("creates a pipeline with stages, needing an open stage and a name no other active pipeline has", async () => {
    const { asOwner, org } = await setup();
    const created = await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    expect(created.stages.map((s) => [s.name, s.position, s.probability, s.outcome])).toEqual([
      ["Due", 0, 60, "open"],
      ["Renewed", 1, 100, "won"],
      ["Churned", 2, 0, "lost"],
    ]);
    await expect(asOwner((tx, actor) => createPipeline(tx, actor, { ...renewals, name: "renewals" }))).rejects.toBeInstanceOf(Conflict);
    await expect(asOwner((tx, actor) => createPipeline(tx, actor, { name: "Closed only", stages: [{ name: "Won", outcome: "won" }] }))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(asOwner((tx, actor) => createPipeline(tx, actor, { name: "Twice", stages: [{ name: "A" }, { name: "a" }] }))).rejects.toBeInstanceOf(ValidationFailed);
    await asOwner((tx, actor) => renamePipeline(tx, actor, { id: created.id, name: "Renewals 2027" }));
    await expect(asOwner((tx, actor) => renamePipeline(tx, actor, { id: created.id, name: "Sales" }))).rejects.toBeInstanceOf(Conflict);
    expect((await asOwner((tx) => listPipelines(tx))).map((p) => p.name)).toEqual(["Sales", "Renewals 2027"]);
    expect(await pipelineActions(org.id)).toEqual(["crm.pipeline.created", "crm.pipeline.renamed"]);
  });

  it("puts a new open stage after the last open one, before Won and Lost; a closed one at the end", async () => {
    const { asOwner, sales } = await setup();
    await asOwner((tx, actor) => addStage(tx, actor, { pipelineId: sales.id, name: "Contract sent" }));
    await asOwner((tx, actor) => addStage(tx, actor, { pipelineId: sales.id, name: "No budget", outcome: "lost" }));
    const [after] = await asOwner((tx) => listPipelines(tx));
    expect(after!.stages.map((s) => [s.name, s.position])).toEqual([
      ["Lead in", 0],
      ["Qualified", 1],
      ["Proposal sent", 2],
      ["Negotiation", 3],
      ["Contract sent", 4],
      ["Won", 5],
      ["Lost", 6],
      ["No budget", 7],
    ]);
  });

  it("adds a stage at a place, renames it, reorders the stages, and refuses an order that misses one", async () => {
    const { asOwner, org } = await setup();
    const pipeline = await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    const added = await asOwner((tx, actor) => addStage(tx, actor, { pipelineId: pipeline.id, name: "Quoted", probability: 80, position: 1 }));
    await expect(asOwner((tx, actor) => addStage(tx, actor, { pipelineId: pipeline.id, name: "quoted" }))).rejects.toBeInstanceOf(ValidationFailed);
    await asOwner((tx, actor) => updateStage(tx, actor, { id: added.id, name: "Quote sent" }));
    const names = async () => (await asOwner((tx) => listPipelines(tx))).find((p) => p.id === pipeline.id)!.stages.map((s) => s.name);
    expect(await names()).toEqual(["Due", "Quote sent", "Renewed", "Churned"]);
    const [due, quote, renewed, churned] = (await asOwner((tx) => listPipelines(tx))).find((p) => p.id === pipeline.id)!.stages.map((s) => s.id);
    await asOwner((tx, actor) => reorderStages(tx, actor, { pipelineId: pipeline.id, stageIds: [quote!, due!, churned!, renewed!] }));
    expect(await names()).toEqual(["Quote sent", "Due", "Churned", "Renewed"]);
    await expect(asOwner((tx, actor) => reorderStages(tx, actor, { pipelineId: pipeline.id, stageIds: [quote!, due!, churned!] }))).rejects.toBeInstanceOf(ValidationFailed);
    expect(await pipelineActions(org.id)).toEqual(["crm.pipeline.created", "crm.pipeline.stage_added", "crm.pipeline.stage_updated", "crm.pipeline.stages_reordered"]);
  });

  it("refuses to remove a stage holding deals unless they move to another stage of the same pipeline and outcome", async () => {
    const { asOwner, org, stage } = await setup();
    const other = await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", stageId: stage("Qualified") }));
    await expect(asOwner((tx, actor) => removeStage(tx, actor, { id: stage("Qualified") }))).rejects.toBeInstanceOf(Conflict);
    await expect(asOwner((tx, actor) => removeStage(tx, actor, { id: stage("Qualified"), moveDealsToStageId: other.stages[0]!.id }))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(asOwner((tx, actor) => removeStage(tx, actor, { id: stage("Qualified"), moveDealsToStageId: stage("Won") }))).rejects.toBeInstanceOf(ValidationFailed);
    expect(await asOwner((tx) => getDeal(tx, deal.id))).toMatchObject({ stage: { id: stage("Qualified") } });

    expect(await asOwner((tx, actor) => removeStage(tx, actor, { id: stage("Qualified"), moveDealsToStageId: stage("Proposal sent") }))).toEqual({ movedDeals: 1 });
    expect(await asOwner((tx) => getDeal(tx, deal.id))).toMatchObject({ status: "open", stage: { id: stage("Proposal sent") } });
    const [sales] = await asOwner((tx) => listPipelines(tx));
    expect(sales!.stages.map((s) => [s.name, s.position])).toEqual([
      ["Lead in", 0],
      ["Proposal sent", 1],
      ["Negotiation", 2],
      ["Won", 3],
      ["Lost", 4],
    ]);
    // An empty stage goes without a target.
    expect(await asOwner((tx, actor) => removeStage(tx, actor, { id: stage("Negotiation") }))).toEqual({ movedDeals: 0 });
    const dealAudit = await inTenant(org.id, (tx) => listAuditEntries(tx, { entityType: "crm.deal", entityId: deal.id, action: "crm.deal.stage_changed" }, { withSnapshots: true }));
    expect(dealAudit.items[0]).toMatchObject({ before: { stageName: "Qualified" }, after: { stageName: "Proposal sent" } });
    expect(await pipelineActions(org.id)).toContain("crm.pipeline.stage_removed");
  });

  it("keeps at least one open stage in every pipeline", async () => {
    const { asOwner } = await setup();
    const pipeline = await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    const due = pipeline.stages[0]!.id;
    await expect(asOwner((tx, actor) => removeStage(tx, actor, { id: due }))).rejects.toBeInstanceOf(Conflict);
    await expect(asOwner((tx, actor) => updateStage(tx, actor, { id: due, outcome: "won" }))).rejects.toBeInstanceOf(Conflict);
  });

  it("changes a stage's outcome to won or lost only when no deal in it would contradict it", async () => {
    const { asOwner, stage } = await setup();
    await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", stageId: stage("Negotiation") }));
    await expect(asOwner((tx, actor) => updateStage(tx, actor, { id: stage("Negotiation"), outcome: "won" }))).rejects.toBeInstanceOf(Conflict);
    expect(await asOwner((tx, actor) => updateStage(tx, actor, { id: stage("Proposal sent"), outcome: "won", probability: 100 }))).toMatchObject({ outcome: "won", probability: 100 });
  });

  it("archives a pipeline that is not the default, once its open deals are moved; closed deals stay", async () => {
    const { asOwner, org, sales, stage } = await setup();
    const pipeline = await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    const open = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Open", pipelineId: pipeline.id }));
    const won = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Won", stageId: pipeline.stages[1]!.id }));
    await expect(asOwner((tx, actor) => archivePipeline(tx, actor, { id: sales.id }))).rejects.toBeInstanceOf(Conflict);
    await expect(asOwner((tx, actor) => archivePipeline(tx, actor, { id: pipeline.id }))).rejects.toBeInstanceOf(Conflict);
    await expect(asOwner((tx, actor) => archivePipeline(tx, actor, { id: pipeline.id, moveOpenDealsToStageId: stage("Won") }))).rejects.toBeInstanceOf(ValidationFailed);
    expect(await asOwner((tx, actor) => archivePipeline(tx, actor, { id: pipeline.id, moveOpenDealsToStageId: stage("Qualified") }))).toEqual({ movedOpenDeals: 1 });
    expect(await asOwner((tx) => getDeal(tx, open.id))).toMatchObject({ pipeline: { id: sales.id }, stage: { id: stage("Qualified") }, status: "open" });
    expect(await asOwner((tx) => getDeal(tx, won.id))).toMatchObject({ pipeline: { id: pipeline.id }, status: "won" });
    expect((await asOwner((tx) => listPipelines(tx))).map((p) => p.id)).toEqual([sales.id]);
    expect((await asOwner((tx) => listPipelines(tx, { includeArchived: true }))).map((p) => p.id)).toEqual([sales.id, pipeline.id]);
    // Archived pipelines take no new deals and no changes; the name is free again.
    await expect(asOwner((tx, actor) => createDeal(tx, actor, { title: "Late", pipelineId: pipeline.id }))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(asOwner((tx, actor) => setDefaultPipeline(tx, actor, pipeline.id))).rejects.toBeInstanceOf(Conflict);
    await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    expect(await pipelineActions(org.id)).toContain("crm.pipeline.archived");
  });

  it("makes another pipeline the default, where new deals then go", async () => {
    const { asOwner, org, sales } = await setup();
    const pipeline = await asOwner((tx, actor) => createPipeline(tx, actor, renewals));
    await asOwner((tx, actor) => setDefaultPipeline(tx, actor, pipeline.id));
    const pipelines = await asOwner((tx) => listPipelines(tx));
    expect(pipelines.map((p) => [p.id, p.isDefault])).toEqual([
      [pipeline.id, true],
      [sales.id, false],
    ]);
    expect(await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal" }))).toMatchObject({ pipeline: { id: pipeline.id }, stage: { name: "Due" } });
    await asOwner((tx, actor) => archivePipeline(tx, actor, { id: sales.id }));
    expect(await pipelineActions(org.id)).toEqual(["crm.pipeline.created", "crm.pipeline.default_changed", "crm.pipeline.archived"]);
  });

  it("does not reach another tenant's pipelines or stages", async () => {
    const { asOwner } = await setup();
    const other = await setup();
    await expect(asOwner((tx, actor) => renamePipeline(tx, actor, { id: other.sales.id, name: "Mine" }))).rejects.toBeInstanceOf(NotFound);
    await expect(asOwner((tx, actor) => updateStage(tx, actor, { id: other.stage("Won"), probability: 1 }))).rejects.toBeInstanceOf(NotFound);
    await expect(asOwner((tx, actor) => removeStage(tx, actor, { id: other.stage("Qualified") }))).rejects.toBeInstanceOf(NotFound);
    await expect(asOwner((tx, actor) => addStage(tx, actor, { pipelineId: other.sales.id, name: "Mine" }))).rejects.toBeInstanceOf(NotFound);
    const [theirs] = await other.asOwner((tx) => listPipelines(tx));
    expect(theirs!.name).toBe("Sales");
  });

  it("lets admins configure pipelines; members and viewers only read them", async () => {
    const { org, sales } = await setup();
    const callerAs = async (role: "admin" | "member" | "viewer") => {
      const user = await createUser();
      await addMember(org.id, user.id, role);
      return callerFor(user, org.id).crm.pipelines;
    };
    const [admin, member, viewer] = [await callerAs("admin"), await callerAs("member"), await callerAs("viewer")];
    expect(await codeOf(admin.create(renewals))).toBe("OK");
    expect(await codeOf(member.create({ ...renewals, name: "By member" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.addStage({ pipelineId: sales.id, name: "By viewer" }))).toBe("FORBIDDEN");
    expect(await codeOf(member.reorderStages({ pipelineId: sales.id, stageIds: sales.stages.map((s) => s.id) }))).toBe("FORBIDDEN");
    expect((await viewer.list()).map((p) => p.name)).toEqual(["Sales", "Renewals"]);
  });
});
