import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/*
 * Small reads for the analytics dashboard (issue 16). They see what the caller's role sees
 * (the visibility policy applies as everywhere in the CRM). Money per currency, never added
 * across currencies.
 */

export type PipelineStage = { pipelineId: string; pipelineName: string; stageId: string; stageName: string; probability: number; currency: string; count: number; amountMinor: bigint; weightedMinor: bigint };

/**
 * Open deals by pipeline, stage and currency, as the deal boards count them: the live
 * pipelines' open stages, weighted value = round(Σ amount × effective probability / 100)
 * per stage and currency (a board's stage total), in board order.
 */
export async function openPipeline(tx: TenantTx): Promise<PipelineStage[]> {
  const rows = await tx.execute<{ pipeline_id: string; pipeline_name: string; stage_id: string; stage_name: string; probability: number; currency: string; count: number; amount: string; weighted: string }>(sql`
    select p.id as pipeline_id, p.name as pipeline_name, s.id as stage_id, s.name as stage_name, s.probability, d.currency,
           count(*)::int as count, sum(d.amount_minor)::text as amount,
           round(sum(d.amount_minor::numeric * coalesce(d.probability, s.probability)) / 100)::text as weighted
      from crm_deals d
      join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
      join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
     where d.deleted_at is null and d.status = 'open' and s.outcome = 'open' and s.archived_at is null and p.archived_at is null
     group by p.id, p.name, p.position, s.id, s.name, s.probability, s.position, d.currency
     order by p.position, p.id, s.position, s.id, d.currency`);
  return rows.map((r) => ({ pipelineId: r.pipeline_id, pipelineName: r.pipeline_name, stageId: r.stage_id, stageName: r.stage_name, probability: r.probability, currency: r.currency, count: r.count, amountMinor: BigInt(r.amount), weightedMinor: BigInt(r.weighted) }));
}

export type WinRate = { won: number; lost: number; wonAmounts: { currency: string; amountMinor: bigint }[] };

/** Deals closed in from..to (days in the organization's time zone): how many were won and lost, and the won amounts. */
export async function closedDeals(tx: TenantTx, range: { from: string; to: string; timeZone: string }): Promise<WinRate> {
  const start = sql`(${range.from}::date::timestamp at time zone ${range.timeZone})`;
  const end = sql`((${range.to}::date + 1)::timestamp at time zone ${range.timeZone})`;
  const rows = await tx.execute<{ status: "won" | "lost"; currency: string; count: number; amount: string }>(sql`
    select d.status, d.currency, count(*)::int as count, sum(d.amount_minor)::text as amount
      from crm_deals d
     where d.deleted_at is null and d.status in ('won', 'lost') and d.closed_at >= ${start} and d.closed_at < ${end}
     group by d.status, d.currency order by d.currency`);
  const count = (status: "won" | "lost") => rows.filter((r) => r.status === status).reduce((n, r) => n + r.count, 0);
  return { won: count("won"), lost: count("lost"), wonAmounts: rows.filter((r) => r.status === "won").map((r) => ({ currency: r.currency, amountMinor: BigInt(r.amount) })) };
}
