import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { pgFailure } from "../../../test/fixtures";
import type { TenantTx } from "../../db/tenant";
import { NotFound, ValidationFailed } from "../../platform/errors";
import { pipelineSummaryTool, searchCompaniesTool, searchContactsTool, searchDealsTool } from "./ai-tools";
import { createCompany } from "./companies/companies";
import { createContact } from "./contacts/contacts";
import { createDeal } from "./deals/deals";
import { CRM } from "./permissions";
import { createPipeline } from "./pipelines";
import { updateVisibilitySettings } from "./settings";

/* The AI assistant's CRM tools: what they answer, as whom, and that they never write. */

/** Runs a tool as `who` in a transaction that Postgres refuses to write in: any insert, update, delete or audit entry fails it. */
function readOnly<T>(who: TeamMember, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return who.run(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    return fn(tx);
  });
}

async function crmData(memberVisibility: "all" | "own_or_followed" = "all") {
  const team = await crmTeam("member", "viewer");
  const [member, viewer] = team.people as [TeamMember, TeamMember];
  const owner = team.owner;
  const globex = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Globex Corporation", domain: "globex.example", industry: "Manufacturing", city: "Springfield" }));
  const olive = await owner.run((tx) =>
    createContact(tx, owner.actor, {
      firstName: "Olive",
      lastName: "Oyl",
      title: "Head of Purchasing",
      companyId: globex.id,
      emails: [{ value: "olive@globex.example" }],
      phones: [{ value: "+1 415 555 0100" }],
    }),
  );
  const mona = await member.run((tx) => createContact(tx, member.actor, { firstName: "Mona", lastName: "Member" }));
  const pipeline = await owner.run((tx) =>
    createPipeline(tx, owner.actor, {
      name: "Enterprise",
      stages: [{ name: "Qualify", probability: 20 }, { name: "Proposal", probability: 60 }, { name: "Won", outcome: "won" }, { name: "Lost", outcome: "lost" }],
    }),
  );
  const [qualify, proposal] = pipeline.stages as [(typeof pipeline.stages)[0], (typeof pipeline.stages)[0]];
  const renewal = await owner.run((tx) =>
    createDeal(tx, owner.actor, { title: "Globex renewal", amountMinor: 125_000n, currency: "USD", companyId: globex.id, pipelineId: pipeline.id, stageId: proposal.id, expectedCloseDate: "2026-12-20" }),
  );
  await owner.run((tx) => createDeal(tx, owner.actor, { title: "Globex upsell", amountMinor: 50_000n, currency: "USD", pipelineId: pipeline.id, stageId: proposal.id, probability: 90 }));
  await owner.run((tx) => createDeal(tx, owner.actor, { title: "Globex Europe", amountMinor: 10_001n, currency: "EUR", pipelineId: pipeline.id, stageId: proposal.id }));
  const monasDeal = await member.run((tx) => createDeal(tx, member.actor, { title: "Mona pilot", amountMinor: 30_000n, currency: "USD", pipelineId: pipeline.id, stageId: qualify.id }));
  if (memberVisibility !== "all") await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility, viewerVisibility: "all" }));
  return { ...team, owner, member, viewer, globex, olive, mona, pipeline, renewal, monasDeal };
}

describe("CRM AI tools", () => {
  it("refuse a write in the read-only transaction the tests run them in (the harness can fail)", async () => {
    const t = await crmData();
    // 25006: read_only_sql_transaction.
    expect(await pgFailure(readOnly(t.owner, (tx) => createContact(tx, t.owner.actor, { firstName: "Nope" })))).toMatchObject({ code: "25006" });
  });

  it("search_contacts finds a contact by name or email, with what an answer needs and a link to it", async () => {
    const t = await crmData();
    const result = await readOnly(t.owner, (tx) => searchContactsTool.run(tx, t.owner.actor, { query: "olive", limit: 5 }));
    expect(result.data).toEqual({
      contacts: [
        {
          id: t.olive.id,
          name: "Olive Oyl",
          title: "Head of Purchasing",
          email: "olive@globex.example",
          phone: expect.stringContaining("415"),
          company: "Globex Corporation",
          owner: t.owner.name,
          lifecycleStage: "lead",
        },
      ],
      more: false,
    });
    expect(result.records).toEqual([{ recordType: "contact", id: t.olive.id, label: "Olive Oyl", href: `/crm/contacts/${t.olive.id}` }]);
    const byEmail = await readOnly(t.owner, (tx) => searchContactsTool.run(tx, t.owner.actor, { query: "olive@globex.example", limit: 5 }));
    expect(byEmail.records.map((r) => r.id)).toEqual([t.olive.id]);
  });

  it("search_contacts keeps to its limit and says there is more", async () => {
    const t = await crmData();
    for (const n of [1, 2, 3]) await t.owner.run((tx) => createContact(tx, t.owner.actor, { firstName: `Zed${n}`, lastName: "Twin" }));
    const result = await readOnly(t.owner, (tx) => searchContactsTool.run(tx, t.owner.actor, { query: "twin", limit: 2 }));
    expect(result.records).toHaveLength(2);
    expect(result.data).toMatchObject({ more: true });
    expect(searchContactsTool.input.safeParse({ query: "twin", limit: 11 }).success).toBe(false);
  });

  it("search_companies finds a company with its domain, industry and city", async () => {
    const t = await crmData();
    const result = await readOnly(t.member, (tx) => searchCompaniesTool.run(tx, t.member.actor, { query: "globex", limit: 5 }));
    expect(result.data).toEqual({
      companies: [{ id: t.globex.id, name: "Globex Corporation", domain: "globex.example", industry: "Manufacturing", size: null, city: "Springfield", country: null, owner: t.owner.name }],
      more: false,
    });
    expect(result.records).toEqual([{ recordType: "company", id: t.globex.id, label: "Globex Corporation", href: `/crm/companies/${t.globex.id}` }]);
  });

  it("search_deals gives stage, amount as exact decimal text with its currency, owner and expected close", async () => {
    const t = await crmData();
    const result = await readOnly(t.owner, (tx) => searchDealsTool.run(tx, t.owner.actor, { query: "renewal", limit: 5 }));
    expect(result.data).toEqual({
      deals: [
        {
          id: t.renewal.id,
          title: "Globex renewal",
          pipeline: "Enterprise",
          stage: "Proposal",
          status: "open",
          amount: "1250.00",
          currency: "USD",
          probability: 60,
          expectedCloseDate: "2026-12-20",
          closedAt: null,
          company: "Globex Corporation",
          owner: t.owner.name,
        },
      ],
      more: false,
    });
    expect(result.records).toEqual([{ recordType: "deal", id: t.renewal.id, label: "Globex renewal", href: `/crm/deals/${t.renewal.id}` }]);
    const won = await readOnly(t.owner, (tx) => searchDealsTool.run(tx, t.owner.actor, { query: "globex", status: "won", limit: 5 }));
    expect(won.records).toEqual([]);
  });

  it("pipeline_summary counts and totals each stage per currency, with the weighted value", async () => {
    const t = await crmData();
    const result = await readOnly(t.owner, (tx) => pipelineSummaryTool.run(tx, t.owner.actor, { pipeline: "enterprise" }));
    const data = result.data as { pipeline: { name: string }; stages: unknown[]; openTotals: unknown[]; otherPipelines: string[] };
    expect(data.pipeline.name).toBe("Enterprise");
    expect(data.stages).toEqual([
      { name: "Qualify", outcome: "open", probability: 20, deals: 1, totals: [{ currency: "USD", count: 1, total: "300.00", weighted: "60.00" }] },
      {
        name: "Proposal",
        outcome: "open",
        probability: 60,
        deals: 3,
        totals: [
          { currency: "EUR", count: 1, total: "100.01", weighted: "60.01" }, // 10001 × 60% = 6000.6 → 6001 minor units
          { currency: "USD", count: 2, total: "1750.00", weighted: "1200.00" }, // 1250 × 60% + 500 × 90% (the deal's own probability)
        ],
      },
      { name: "Won", outcome: "won", probability: 100, deals: 0, totals: [] },
      { name: "Lost", outcome: "lost", probability: 0, deals: 0, totals: [] },
    ]);
    expect(data.openTotals).toEqual([
      { currency: "EUR", count: 1, total: "100.01", weighted: "60.01" },
      { currency: "USD", count: 3, total: "2050.00", weighted: "1260.00" },
    ]);
    // The default pipeline is another one, named among the others.
    expect(data.otherPipelines.length).toBeGreaterThan(0);
    const byDefault = await readOnly(t.owner, (tx) => pipelineSummaryTool.run(tx, t.owner.actor, {}));
    expect((byDefault.data as { otherPipelines: string[] }).otherPipelines).toContain("Enterprise");
  });

  it("pipeline_summary names the pipelines there are when asked for one that does not exist", async () => {
    const t = await crmData();
    const refusal = readOnly(t.owner, (tx) => pipelineSummaryTool.run(tx, t.owner.actor, { pipeline: "Nonexistent" }));
    await expect(refusal).rejects.toBeInstanceOf(NotFound);
    await expect(refusal).rejects.toThrow(/Enterprise/);
  });

  it("refuse a query with nothing to search for, with a message the model can act on", async () => {
    const t = await crmData();
    for (const tool of [searchContactsTool, searchCompaniesTool, searchDealsTool]) {
      const refusal = readOnly(t.owner, (tx) => tool.run(tx, t.owner.actor, { query: " !!! ", limit: 5 }));
      await expect(refusal).rejects.toBeInstanceOf(ValidationFailed);
      await expect(refusal).rejects.toMatchObject({ fields: { query: ["Search with at least one letter or digit."] } });
    }
  });

  it("honour record visibility: a member who sees own or followed records finds neither a colleague's contact nor their deals", async () => {
    const t = await crmData("own_or_followed");
    const contacts = await readOnly(t.member, (tx) => searchContactsTool.run(tx, t.member.actor, { query: "olive", limit: 5 }));
    expect(contacts.records).toEqual([]);
    const own = await readOnly(t.member, (tx) => searchContactsTool.run(tx, t.member.actor, { query: "mona", limit: 5 }));
    expect(own.records.map((r) => r.id)).toEqual([t.mona.id]);
    const companies = await readOnly(t.member, (tx) => searchCompaniesTool.run(tx, t.member.actor, { query: "globex", limit: 5 }));
    expect(companies.records).toEqual([]);
    const deals = await readOnly(t.member, (tx) => searchDealsTool.run(tx, t.member.actor, { query: "globex", limit: 5 }));
    expect(deals.records).toEqual([]);
    const summary = await readOnly(t.member, (tx) => pipelineSummaryTool.run(tx, t.member.actor, { pipeline: "Enterprise" }));
    expect((summary.data as { openTotals: unknown[] }).openTotals).toEqual([{ currency: "USD", count: 1, total: "300.00", weighted: "60.00" }]);
    // The owner still sees everything.
    const owners = await readOnly(t.owner, (tx) => searchContactsTool.run(tx, t.owner.actor, { query: "olive", limit: 5 }));
    expect(owners.records.map((r) => r.id)).toEqual([t.olive.id]);
  });

  it("are for whoever may read the CRM: the minimum role is CRM.read", () => {
    for (const tool of [searchContactsTool, searchCompaniesTool, searchDealsTool, pipelineSummaryTool]) expect(tool.minimumRole, tool.name).toBe(CRM.read);
  });

  it("find nothing of another tenant's records", async () => {
    const a = await crmData();
    const b = await crmTeam();
    const contacts = await readOnly(b.owner, (tx) => searchContactsTool.run(tx, b.owner.actor, { query: "Olive Oyl", limit: 10 }));
    const companies = await readOnly(b.owner, (tx) => searchCompaniesTool.run(tx, b.owner.actor, { query: "Globex", limit: 10 }));
    const deals = await readOnly(b.owner, (tx) => searchDealsTool.run(tx, b.owner.actor, { query: "Globex renewal", limit: 10 }));
    expect([contacts.records, companies.records, deals.records]).toEqual([[], [], []]);
    await expect(readOnly(b.owner, (tx) => pipelineSummaryTool.run(tx, b.owner.actor, { pipeline: a.pipeline.id }))).rejects.toBeInstanceOf(NotFound);
    await expect(readOnly(b.owner, (tx) => pipelineSummaryTool.run(tx, b.owner.actor, { pipeline: "Enterprise" }))).rejects.toBeInstanceOf(NotFound);
  });
});
