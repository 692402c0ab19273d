import { withTenant } from "../../../db/tenant";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { createDeal } from "../deals/deals";
import { createPipeline } from "../pipelines";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** Records the deal and pipeline procedures are called with (in their own tenant, or another tenant's). */
export type Ids = {
  companyId: string;
  contactId: string;
  /** A pipeline of the fixture's own: stages lead (open), next (open), won, lost, removable (open, holding a deal). */
  pipelineId: string;
  stageIds: { lead: string; next: string; won: string; lost: string };
  removableStageId: string;
  dealId: string;
  deletableDealId: string;
  /** A pipeline only reorderStages touches (its stage set never changes). */
  reorderPipelineId: string;
  reorderStageIds: string[];
  /** A pipeline with one open deal, archived (deal moved) by the role matrix's first allowed call. */
  archivablePipelineId: string;
};

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const company = await createCompany(tx, actor, { name: `${scope.name} Deal Co` });
    const contact = await createContact(tx, actor, { firstName: scope.name, lastName: "Buyer", companyId: company.id });
    const pipeline = await createPipeline(tx, actor, {
      name: `${scope.name} Pipeline`,
      stages: [
        { name: `${scope.name} Lead`, probability: 10 },
        { name: "Proposal", probability: 60 },
        { name: "Won", outcome: "won" },
        { name: "Lost", outcome: "lost" },
        { name: "Removable", probability: 30 },
      ],
    });
    const [lead, next, won, lost, removable] = pipeline.stages.map((s) => s.id) as [string, string, string, string, string];
    const deal = (title: string, pipelineId: string, stageId?: string) =>
      createDeal(tx, actor, { title: `${scope.name} ${title}`, amountMinor: 250_000n, currency: "EUR", companyId: company.id, contactIds: [contact.id], pipelineId, stageId });
    const main = await deal("Deal", pipeline.id, lead);
    const deletable = await deal("Deletable deal", pipeline.id, lead);
    await deal("Deal in a removable stage", pipeline.id, removable);
    const reorder = await createPipeline(tx, actor, { name: `${scope.name} Reorder`, stages: [{ name: "One" }, { name: "Two" }, { name: "Three" }] });
    const archivable = await createPipeline(tx, actor, { name: `${scope.name} Archivable`, stages: [{ name: "Only" }] });
    await deal("Deal in an archivable pipeline", archivable.id);
    return {
      companyId: company.id,
      contactId: contact.id,
      pipelineId: pipeline.id,
      stageIds: { lead, next, won, lost },
      removableStageId: removable,
      dealId: main.id,
      deletableDealId: deletable.id,
      reorderPipelineId: reorder.id,
      reorderStageIds: reorder.stages.map((s) => s.id),
      archivablePipelineId: archivable.id,
    };
  });
}

let sequence = 0;

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.deals.list": { minimumRole: "viewer", call: (api, ids) => api.crm.deals.list({ filters: { pipelineId: ids.pipelineId } }) },
  "crm.deals.board": { minimumRole: "viewer", call: (api, ids) => api.crm.deals.board({ pipelineId: ids.pipelineId }) },
  "crm.deals.get": { minimumRole: "viewer", call: (api, ids) => api.crm.deals.get({ id: ids.dealId }) },
  "crm.deals.forRecord": { minimumRole: "viewer", call: (api, ids) => api.crm.deals.forRecord({ contactId: ids.contactId }) },
  "crm.deals.create": {
    minimumRole: "member",
    call: (api, ids) =>
      api.crm.deals.create({ title: "New deal", amountMinor: 5_000n, companyId: ids.companyId, contactIds: [ids.contactId], pipelineId: ids.pipelineId, stageId: ids.stageIds.next }),
  },
  "crm.deals.update": { minimumRole: "member", call: (api, ids) => api.crm.deals.update({ id: ids.dealId, amountMinor: 300_000n, probability: 35 }) },
  "crm.deals.move": { minimumRole: "member", call: (api, ids) => api.crm.deals.move({ dealId: ids.dealId, stageId: ids.stageIds.next }) },
  "crm.deals.delete": { minimumRole: "member", fresh: true, call: (api, ids) => api.crm.deals.delete({ id: ids.deletableDealId }) },
  "crm.pipelines.list": { minimumRole: "viewer", call: (api) => api.crm.pipelines.list({ withDealCounts: true }) },
  "crm.pipelines.create": {
    minimumRole: "admin",
    call: (api) => api.crm.pipelines.create({ name: `Pipeline ${sequence++}`, stages: [{ name: "Open", probability: 20 }, { name: "Won", outcome: "won" }] }),
  },
  "crm.pipelines.rename": { minimumRole: "admin", call: (api, ids) => api.crm.pipelines.rename({ id: ids.reorderPipelineId, name: `Renamed ${sequence++}` }) },
  "crm.pipelines.setDefault": { minimumRole: "admin", call: (api, ids) => api.crm.pipelines.setDefault({ id: ids.pipelineId }) },
  "crm.pipelines.archive": {
    minimumRole: "admin",
    call: (api, ids) => api.crm.pipelines.archive({ id: ids.archivablePipelineId, moveOpenDealsToStageId: ids.stageIds.lead }),
  },
  "crm.pipelines.addStage": { minimumRole: "admin", call: (api, ids) => api.crm.pipelines.addStage({ pipelineId: ids.pipelineId, name: `Stage ${sequence++}`, probability: 40 }) },
  "crm.pipelines.updateStage": { minimumRole: "admin", call: (api, ids) => api.crm.pipelines.updateStage({ id: ids.stageIds.next, probability: 55 }) },
  "crm.pipelines.reorderStages": {
    minimumRole: "admin",
    call: (api, ids) => api.crm.pipelines.reorderStages({ pipelineId: ids.reorderPipelineId, stageIds: [...ids.reorderStageIds].reverse() }),
  },
  "crm.pipelines.removeStage": {
    fresh: true,
    minimumRole: "admin",
    call: (api, ids) => api.crm.pipelines.removeStage({ id: ids.removableStageId, moveDealsToStageId: ids.stageIds.lead }),
  },
};
