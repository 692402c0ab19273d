import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { NotFound } from "../../../platform/errors";
import { parseInput, plainText } from "../../../platform/validate";
import { recordConditions, recordFilterShape } from "../../../records/filters";
import { dateBound, dateRange, keysetPage, listInput, pageOf, type SortColumn } from "../../../records/lists";
import { companyNameOf } from "../common";
import { listCustomFields } from "../custom-fields";
import { dealStatus, type DealStatus } from "../schema";

/*
 * The ways deals are listed: the list view (keyset pages, also the CSV export's
 * filters), the board (one pipeline, stage by stage, with totals), and the deals of a
 * contact or company. The visibility policy decides which deals each caller gets.
 */

export const dealSortFields = ["updatedAt", "createdAt", "amount", "expectedCloseDate", "title"] as const;

export const dealListInput = listInput(
  {
    ...recordFilterShape,
    pipelineId: z.uuid().optional(),
    stageIds: z.array(z.uuid()).max(50).optional(),
    statuses: z.array(z.enum(dealStatus.enumValues)).max(3).optional(),
    companyId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    expectedCloseFrom: dateBound,
    expectedCloseTo: dateBound,
  },
  dealSortFields,
);
export type DealListInput = z.input<typeof dealListInput>;

export const DEAL_SORT: Record<(typeof dealSortFields)[number], SortColumn[]> = {
  updatedAt: [{ expr: sql`d.updated_at`, cast: "timestamptz" }],
  createdAt: [{ expr: sql`d.created_at`, cast: "timestamptz" }],
  amount: [{ expr: sql`d.amount_minor`, cast: "bigint" }],
  // Stored keys (schema.ts): undated deals after every dated one (ascending); lower(title).
  expectedCloseDate: [{ expr: sql`d.sort_close_date`, cast: "date" }],
  title: [{ expr: sql`d.sort_title`, cast: "text" }],
};

/** The WHERE conditions of a deal list view on `crm_deals d` (shared by the list and the CSV export). */
export async function dealListConditions(tx: TenantTx, filters: z.output<typeof dealListInput>["filters"]): Promise<SQL[]> {
  const columns = { search: sql`d.search`, searchKey: sql`d.search_key`, ownerId: sql`d.owner_id`, tags: sql`d.tags`, createdAt: sql`d.created_at`, updatedAt: sql`d.updated_at`, custom: sql`d.custom` };
  // Not in the trash: also the predicate of the partial indexes (updated, board).
  const conditions: SQL[] = [sql`d.deleted_at is null`, ...(await recordConditions(columns, filters, () => listCustomFields(tx, "deal")))];
  if (filters.pipelineId) conditions.push(sql`d.pipeline_id = ${filters.pipelineId}`);
  if (filters.stageIds?.length) conditions.push(sql`d.stage_id = any(${sql.param(filters.stageIds)}::uuid[])`);
  if (filters.statuses?.length) conditions.push(sql`d.status = any(${sql.param(filters.statuses)}::crm_deal_status[])`);
  if (filters.companyId) conditions.push(sql`d.company_id = ${filters.companyId}`);
  if (filters.contactId) {
    conditions.push(sql`exists (select 1 from crm_deal_contacts dc where dc.tenant_id = d.tenant_id and dc.deal_id = d.id and dc.contact_id = ${filters.contactId})`);
  }
  conditions.push(...dateRange(sql`d.expected_close_date`, filters.expectedCloseFrom, filters.expectedCloseTo));
  return conditions;
}

type DealRowSql = {
  id: string;
  title: string;
  amount_minor: bigint | string;
  currency: string;
  status: DealStatus;
  lost_reason: string | null;
  pipeline_id: string;
  pipeline_name: string;
  stage_id: string;
  stage_name: string;
  probability: number | null;
  effective_probability: number;
  expected_close_date: string | null;
  closed_at: string | null;
  stage_changed_at: string;
  company_id: string | null;
  company_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};

/** Columns of `DealRowSql` over a deal `d` joined with its stage `s`, pipeline `p` and owner `u`. */
const DEAL_ROW_COLUMNS = sql`
  d.id, d.title, d.amount_minor, d.currency, d.status, d.lost_reason, d.pipeline_id, p.name as pipeline_name, d.stage_id,
  s.name as stage_name, d.probability, coalesce(d.probability, s.probability) as effective_probability,
  d.expected_close_date::text as expected_close_date, d.closed_at, d.stage_changed_at, d.company_id, ${companyNameOf(sql`d`)} as company_name,
  d.owner_id, u.name as owner_name, d.tags, d.custom, d.created_at, d.updated_at`;

const DEAL_ROW_JOINS = sql`
  join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
  join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
  left join user_profiles u on u.id = d.owner_id`;

export type DealListRow = ReturnType<typeof dealRow>;

function dealRow(r: DealRowSql) {
  return {
    id: r.id,
    title: r.title,
    amountMinor: BigInt(r.amount_minor),
    currency: r.currency,
    status: r.status,
    lostReason: r.lost_reason,
    pipelineId: r.pipeline_id,
    pipelineName: r.pipeline_name,
    stageId: r.stage_id,
    stageName: r.stage_name,
    /** The deal's override, or null (the stage's applies). */
    probability: r.probability,
    effectiveProbability: r.effective_probability,
    expectedCloseDate: r.expected_close_date,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    stageChangedAt: new Date(r.stage_changed_at),
    companyId: r.company_id,
    companyName: r.company_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    tags: r.tags,
    custom: r.custom,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** One page of deals (keyset), sorted and filtered on the server. */
export async function listDeals(tx: TenantTx, rawInput: DealListInput) {
  const input = parseInput(dealListInput, rawInput);
  const sort = DEAL_SORT[input.sort.field];
  const id = sql`d.id`;
  const query = keysetPage(sort, id, input.sort.direction, input.cursor, await dealListConditions(tx, input.filters));
  const rows = await tx.execute<DealRowSql & { cursor: string }>(sql`
    select ${DEAL_ROW_COLUMNS}, ${query.cursor} as cursor
      from (select * from crm_deals d where ${query.where} order by ${query.order} limit ${input.limit + 1}) d
      ${DEAL_ROW_JOINS}
     order by ${query.order}`);
  const page = pageOf(rows, input.limit);
  return { nextCursor: page.nextCursor, items: page.items.map(dealRow) };
}

/** One record: a contact or a company (strict, so that both at once is refused rather than half ignored). */
export const dealsForInput = z.union([z.strictObject({ contactId: z.uuid() }), z.strictObject({ companyId: z.uuid() })]);

const DEALS_FOR_LIMIT = 100;

/** The deals of a contact or a company for its record page: open ones first, then by last change. */
export async function listDealsFor(tx: TenantTx, rawInput: z.input<typeof dealsForInput>) {
  const input = parseInput(dealsForInput, rawInput);
  const condition =
    "contactId" in input
      ? sql`exists (select 1 from crm_deal_contacts dc where dc.tenant_id = d.tenant_id and dc.deal_id = d.id and dc.contact_id = ${input.contactId})`
      : sql`d.company_id = ${input.companyId}`;
  const rows = await tx.execute<DealRowSql>(sql`
    select ${DEAL_ROW_COLUMNS}
      from crm_deals d ${DEAL_ROW_JOINS}
     where ${condition} and d.deleted_at is null
     order by d.status = 'open' desc, d.updated_at desc, d.id desc
     limit ${DEALS_FOR_LIMIT + 1}`);
  return { items: rows.slice(0, DEALS_FOR_LIMIT).map(dealRow), hasMore: rows.length > DEALS_FOR_LIMIT };
}

export const boardInput = z.object({
  /** The default pipeline when left out. */
  pipelineId: z.uuid().optional(),
  perStage: z.number().int().min(1).max(200).default(50),
  ownerIds: z.array(z.uuid()).max(50).optional(),
  q: plainText().trim().max(200).optional(),
});

/** Closed deals stay on the board (in their won or lost stage) this long. */
const CLOSED_ON_BOARD = sql`interval '30 days'`;

/** Deals on the board (never trashed ones): open deals in open stages, and deals closed recently in a won or lost stage. */
const ON_BOARD = sql`(d.deleted_at is null and d.status = s.outcome and (s.outcome = 'open' or d.closed_at >= now() - ${CLOSED_ON_BOARD}))`;

export type MoneyTotal = { currency: string; count: number; amountMinor: bigint; weightedMinor: bigint };

/**
 * A pipeline's board: each stage with its newest-moved deals (up to `perStage`), how
 * many it holds, and per currency the count, total amount and weighted value (amount ×
 * effective probability / 100, rounded to the minor unit). Currencies are never added
 * together; `openTotals` sums the open stages per currency.
 */
export async function getBoard(tx: TenantTx, rawInput: z.input<typeof boardInput>) {
  const input = parseInput(boardInput, rawInput);
  const [pipeline] = await tx.execute<{ id: string; name: string; is_default: boolean; archived_at: string | null }>(sql`
    select id, name, is_default, archived_at from crm_pipelines
     where ${input.pipelineId ? sql`id = ${input.pipelineId}` : sql`is_default`}`);
  if (!pipeline) throw new NotFound("This pipeline does not exist.");
  const filters = await recordConditions({ search: sql`d.search`, searchKey: sql`d.search_key`, ownerId: sql`d.owner_id` }, input, async () => []);
  const extra = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;

  const stages = await tx.execute<{ id: string; name: string; position: number; probability: number; outcome: DealStatus }>(sql`
    select id, name, position, probability, outcome from crm_stages where pipeline_id = ${pipeline.id} and archived_at is null order by position, id`);
  const totals = await tx.execute<{ stage_id: string; currency: string; count: number; amount: string; weighted: string }>(sql`
    select d.stage_id, d.currency, count(*)::int as count, sum(d.amount_minor)::text as amount,
           round(sum(d.amount_minor::numeric * coalesce(d.probability, s.probability)) / 100)::text as weighted
      from crm_deals d join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
     where d.pipeline_id = ${pipeline.id} and ${ON_BOARD}${extra}
     group by d.stage_id, d.currency
     order by d.stage_id, d.currency`);
  // Per stage, the index (tenant, pipeline, stage, stage_changed_at desc) yields its newest cards directly.
  const cards = await tx.execute<{
    id: string;
    stage_id: string;
    title: string;
    amount_minor: bigint | string;
    currency: string;
    status: DealStatus;
    probability: number | null;
    effective_probability: number;
    expected_close_date: string | null;
    closed_at: string | null;
    stage_changed_at: string;
    company_id: string | null;
    company_name: string | null;
    owner_id: string | null;
    owner_name: string | null;
    tags: string[];
  }>(sql`
    select c.*, ${companyNameOf(sql`c`)} as company_name, u.name as owner_name
      from crm_stages s
      cross join lateral (
        select d.id, d.stage_id, d.title, d.amount_minor, d.currency, d.status, d.probability,
               coalesce(d.probability, s.probability) as effective_probability, d.expected_close_date::text as expected_close_date,
               d.closed_at, d.stage_changed_at, d.company_id, d.owner_id, d.tags, d.tenant_id
          from crm_deals d
         where d.pipeline_id = s.pipeline_id and d.stage_id = s.id and ${ON_BOARD}${extra}
         order by d.stage_changed_at desc, d.id desc
         limit ${input.perStage}) c
      left join user_profiles u on u.id = c.owner_id
     where s.pipeline_id = ${pipeline.id} and s.archived_at is null
     order by s.position, s.id, c.stage_changed_at desc, c.id desc`);

  const openTotals = new Map<string, MoneyTotal>();
  const board = stages.map((stage) => {
    const stageTotals: MoneyTotal[] = totals
      .filter((t) => t.stage_id === stage.id)
      .map((t) => ({ currency: t.currency, count: t.count, amountMinor: BigInt(t.amount), weightedMinor: BigInt(t.weighted) }));
    if (stage.outcome === "open") {
      for (const t of stageTotals) {
        const sum = openTotals.get(t.currency) ?? { currency: t.currency, count: 0, amountMinor: 0n, weightedMinor: 0n };
        openTotals.set(t.currency, { currency: t.currency, count: sum.count + t.count, amountMinor: sum.amountMinor + t.amountMinor, weightedMinor: sum.weightedMinor + t.weightedMinor });
      }
    }
    const deals = cards
      .filter((c) => c.stage_id === stage.id)
      .map((c) => ({
        id: c.id,
        title: c.title,
        amountMinor: BigInt(c.amount_minor),
        currency: c.currency,
        status: c.status,
        probability: c.probability,
        effectiveProbability: c.effective_probability,
        expectedCloseDate: c.expected_close_date,
        closedAt: c.closed_at ? new Date(c.closed_at) : null,
        stageChangedAt: new Date(c.stage_changed_at),
        company: c.company_id ? { id: c.company_id, name: c.company_name } : null,
        owner: c.owner_id ? { id: c.owner_id, name: c.owner_name } : null,
        tags: c.tags,
      }));
    const count = stageTotals.reduce((n, t) => n + t.count, 0);
    return { ...stage, count, totals: stageTotals, deals, hasMore: count > deals.length };
  });
  return {
    pipeline: { id: pipeline.id, name: pipeline.name, isDefault: pipeline.is_default, archived: pipeline.archived_at !== null },
    stages: board,
    openTotals: [...openTotals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
