/**
 * EXPLAIN (ANALYZE, BUFFERS) of the captured statements, run exactly as the direct
 * baseline runs them (app role, RLS transaction of the member), plus a check that every
 * CRM table is reached through an index that starts with tenant_id.
 */
import type postgres from "postgres";
import { SCOPE_SQL, type Request } from "./crm-workload";

export type PlanSummary = {
  lines: string[];
  executionMs: number;
  planningMs: number;
  indexes: string[];
  seqScans: string[];
  /** Indexes used that do not start with tenant_id. */
  notTenantLeading: string[];
  /**
   * CRM indexes whose only condition is the tenant: the index merely lists the tenant's
   * rows (every one is then read and filtered or sorted), the plan of a missing or
   * unusable index (e.g. a condition RLS may not push into the index, see the report).
   */
  tenantOnly: string[];
  /** The largest "Rows Removed by Filter" of any node (times its loops). */
  maxRowsRemoved: number;
  sharedHit: number;
  sharedRead: number;
  /** Milliseconds spent compiling with JIT (NaN when JIT did not run). */
  jitMs: number;
};

/** Index name → its first key column (or expression), for the CRM tables. */
export async function leadingColumns(sql: postgres.Sql): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; first: string }[]>`
    select ic.relname as name, pg_get_indexdef(i.indexrelid, 1, true) as first
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class tc on tc.oid = i.indrelid
     where tc.relname like 'crm\\_%'`;
  return new Map(rows.map((r) => [r.name, r.first]));
}

/**
 * Every statement of the request explained in order (a search sends one per searcher), as the
 * member; figures are summed over the statements, the lines of each plan follow its statement's number.
 */
export async function explain(sql: postgres.Sql, appRole: string, request: Request, leading: Map<string, string>): Promise<PlanSummary> {
  const plans = await sql.begin(async (tx) => {
    await tx.unsafe(SCOPE_SQL, [appRole, request.tenant.id, request.member.id, request.member.role]);
    const out: string[][] = [];
    for (const statement of request.statements) {
      const rows = await tx.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${statement.text}`, statement.params as postgres.ParameterOrJSON<never>[]);
      out.push(rows.map((r) => r["QUERY PLAN"]));
    }
    return out;
  });
  const lines = plans.length === 1 ? plans[0]! : plans.flatMap((plan, i) => [`[statement ${i + 1} of ${plans.length}]`, ...plan]);
  const text = lines.join("\n");
  const indexes = [...new Set([...text.matchAll(/(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)/g)].map((m) => m[1]!))];
  const seqScans = [...new Set([...text.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]!))];
  const tenantOnly = new Set<string>();
  lines.forEach((line, i) => {
    const scan = /(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (crm_\S+)/.exec(line);
    const cond = lines[i + 1] ?? "";
    // An ordered scan that stops after a page also has only the tenant as its condition: flag only scans that read many rows.
    const rows = Number(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/.exec(line)?.slice(1, 3).reduce((a, b) => String(Number(a) * Number(b))) ?? 0);
    if (scan && /Index Cond: \(tenant_id = \$\d+\)\s*$/.test(cond) && rows > 1000) tenantOnly.add(scan[1]!);
  });
  let maxRowsRemoved = 0;
  let loops = 1;
  for (const line of lines) {
    const loopMatch = /loops=(\d+)\)/.exec(line);
    if (loopMatch) loops = Number(loopMatch[1]);
    const removed = /Rows Removed by (?:Filter|Index Recheck): (\d+)/.exec(line);
    if (removed) maxRowsRemoved = Math.max(maxRowsRemoved, Number(removed[1]) * loops);
  }
  const sum = (pattern: RegExp) => {
    const values = plans.map((plan) => pattern.exec(plan.join("\n"))?.[1]).filter((v): v is string => v !== undefined);
    return values.length ? values.reduce((total, v) => total + Number(v), 0) : Number.NaN;
  };
  // The top node's buffers are the statement's total.
  const buffers = (i: 1 | 2) => plans.reduce((total, plan) => total + Number(/Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan.join("\n"))?.[i] ?? 0), 0);
  return {
    lines,
    executionMs: sum(/Execution Time: ([\d.]+) ms/),
    planningMs: sum(/Planning Time: ([\d.]+) ms/),
    indexes,
    seqScans,
    notTenantLeading: indexes.filter((name) => leading.has(name) && leading.get(name) !== "tenant_id"),
    tenantOnly: [...tenantOnly],
    maxRowsRemoved,
    sharedHit: buffers(1),
    sharedRead: buffers(2),
    jitMs: sum(/JIT:[\s\S]*?Total ([\d.]+) ms/),
  };
}
