import { z } from "zod";
import { formatMajorAmount } from "../../../lib/money";
import type { Actor, TenantTx } from "../../db/tenant";
import { NotFound } from "../../platform/errors";
import { parseInput, plainText } from "../../platform/validate";
import { prefixQuery } from "../../records/lists";
import { clipForModel, type AiRecordRef, type AiTool } from "../define";
import { listCompanies } from "./companies/companies";
import { listContacts } from "./contacts/contacts";
import { getBoard, listDeals, type MoneyTotal } from "./deals/deals-list";
import { crmNav } from "./nav";
import { listPipelines } from "./pipelines";
import { CRM } from "./permissions";
import { dealStatus } from "./schema";

/*
 * The AI assistant's read-only tools over the CRM (see AiTool in ../define.ts). Each runs in
 * the asking member's tenant transaction, so the visibility policy decides what they find,
 * exactly as in the lists these tools call. Invalid input throws a DomainError
 * (ValidationFailed, NotFound) with a message the model can act on, like every service.
 * Amounts are exact decimal text in the currency's major unit ("1250.00"), dates ISO.
 */

const MAX_RESULTS = 10;

/** Long free text cut for the model: its context is small and these are labels, not documents. */

/** The record pages the global search links to (./nav.ts), so a cited record opens where a search hit does. */
function hrefOf(type: "contact" | "company" | "deal", id: string): string {
  const kind = crmNav.search?.kinds.find((k) => k.type === type);
  if (!kind) throw new Error(`crm nav: no search kind ${type}`);
  return kind.href(id);
}

const queryInput = plainText()
  .trim()
  .min(1, "Give a name, email, phone or word to search for.")
  .max(100, "Search for at most 100 characters.")
  .refine((q) => prefixQuery(q) !== null, "Search with at least one letter or digit.");
const limitInput = z.number().int().min(1).max(MAX_RESULTS).default(5);

const searchInput = z.object({ query: queryInput, limit: limitInput });

export const searchContactsTool: AiTool<z.output<typeof searchInput>> = {
  name: "search_contacts",
  description:
    "Find CRM contacts (people) by words of their name, email, phone, job title or tags (not by company: search_companies finds those). Returns up to `limit` (max 10) contacts the asking member may see, most recently updated first: name, title, email, phone, company, owner, lifecycle stage. Use before answering anything about a specific person.",
  input: searchInput,
  minimumRole: CRM.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(searchInput, rawInput);
    const page = await listContacts(tx, { filters: { q: input.query }, limit: input.limit });
    const contacts = page.items.map((c) => ({
      id: c.id,
      name: clipForModel(`${c.firstName} ${c.lastName}`.trim()),
      title: clipForModel(c.title),
      email: c.primaryEmail,
      phone: c.primaryPhone,
      company: clipForModel(c.companyName),
      owner: clipForModel(c.ownerName),
      lifecycleStage: c.lifecycleStage,
    }));
    const records: AiRecordRef[] = contacts.map((c) => ({ recordType: "contact", id: c.id, label: c.name ?? "Contact", href: hrefOf("contact", c.id) }));
    return { data: { contacts, more: page.nextCursor !== null }, records };
  },
};

export const searchCompaniesTool: AiTool<z.output<typeof searchInput>> = {
  name: "search_companies",
  description:
    "Find CRM companies (organizations, accounts) by name, domain, industry, city or tag words. Returns up to `limit` (max 10) companies the asking member may see: name, domain, industry, size, city, country, owner.",
  input: searchInput,
  minimumRole: CRM.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(searchInput, rawInput);
    const page = await listCompanies(tx, { filters: { q: input.query }, limit: input.limit });
    const companies = page.items.map((c) => ({
      id: c.id,
      name: clipForModel(c.name),
      domain: c.domain,
      industry: clipForModel(c.industry),
      size: c.size,
      city: clipForModel(c.city),
      country: clipForModel(c.country),
      owner: clipForModel(c.ownerName),
    }));
    const records: AiRecordRef[] = companies.map((c) => ({ recordType: "company", id: c.id, label: c.name ?? "Company", href: hrefOf("company", c.id) }));
    return { data: { companies, more: page.nextCursor !== null }, records };
  },
};

const searchDealsInput = z.object({ query: queryInput, status: z.enum(dealStatus.enumValues).optional(), limit: limitInput });

export const searchDealsTool: AiTool<z.output<typeof searchDealsInput>> = {
  name: "search_deals",
  description:
    "Find CRM deals (opportunities) by words of their title or tags, optionally only open, won or lost ones. Returns up to `limit` (max 10) deals the asking member may see, most recently updated first: title, pipeline, stage, status, amount and currency, win probability (%), expected close date, company, owner.",
  input: searchDealsInput,
  minimumRole: CRM.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(searchDealsInput, rawInput);
    const page = await listDeals(tx, { filters: { q: input.query, ...(input.status ? { statuses: [input.status] } : {}) }, limit: input.limit });
    const deals = page.items.map((d) => ({
      id: d.id,
      title: clipForModel(d.title),
      pipeline: clipForModel(d.pipelineName),
      stage: clipForModel(d.stageName),
      status: d.status,
      amount: formatMajorAmount(d.amountMinor, d.currency),
      currency: d.currency,
      probability: d.effectiveProbability,
      expectedCloseDate: d.expectedCloseDate,
      closedAt: d.closedAt?.toISOString() ?? null,
      company: clipForModel(d.companyName),
      owner: clipForModel(d.ownerName),
    }));
    const records: AiRecordRef[] = deals.map((d) => ({ recordType: "deal", id: d.id, label: d.title ?? "Deal", href: hrefOf("deal", d.id) }));
    return { data: { deals, more: page.nextCursor !== null }, records };
  },
};

const pipelineSummaryInput = z.object({
  /** A pipeline's name (any case) or id; the default pipeline when left out. */
  pipeline: plainText().trim().min(1).max(100).optional(),
});

const money = (t: MoneyTotal) => ({ currency: t.currency, count: t.count, total: formatMajorAmount(t.amountMinor, t.currency), weighted: formatMajorAmount(t.weightedMinor, t.currency) });

export const pipelineSummaryTool: AiTool<z.output<typeof pipelineSummaryInput>> = {
  name: "pipeline_summary",
  description:
    "Summarize a CRM sales pipeline as on its board: per stage the number of deals, their total value and weighted value (value × win probability), per currency (currencies are never added together), and the totals of the open stages. Won and lost stages hold deals closed in the last 30 days. Give `pipeline` (a name) for another than the default pipeline; the answer lists the other pipelines' names. Counts only deals the asking member may see.",
  input: pipelineSummaryInput,
  minimumRole: CRM.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(pipelineSummaryInput, rawInput);
    const pipelines = await listPipelines(tx);
    let pipelineId: string | undefined;
    if (input.pipeline) {
      const wanted = input.pipeline.toLowerCase();
      const found = pipelines.find((p) => p.id === input.pipeline || p.name.toLowerCase() === wanted);
      if (!found) {
        const names = pipelines.map((p) => p.name).slice(0, MAX_RESULTS);
        throw new NotFound(`There is no pipeline named “${clipForModel(input.pipeline, 60)}”. The pipelines are: ${names.join(", ") || "none"}.`);
      }
      pipelineId = found.id;
    }
    // One card per stage is the least the board reads; the totals cover every deal on it.
    const board = await getBoard(tx, { pipelineId, perStage: 1 });
    const data = {
      pipeline: { id: board.pipeline.id, name: clipForModel(board.pipeline.name), isDefault: board.pipeline.isDefault },
      stages: board.stages.map((s) => ({ name: clipForModel(s.name), outcome: s.outcome, probability: s.probability, deals: s.count, totals: s.totals.map(money) })),
      openTotals: board.openTotals.map(money),
      otherPipelines: pipelines
        .filter((p) => p.id !== board.pipeline.id)
        .slice(0, MAX_RESULTS)
        .map((p) => clipForModel(p.name)),
    };
    return { data, records: [] };
  },
};

export const crmAiTools: AiTool[] = [searchContactsTool, searchCompaniesTool, searchDealsTool, pipelineSummaryTool];
