import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/*
 * The integrity check: recomputes every posted entry's hash from its stored content and
 * the previous entry's hash, in number order, and compares. Any change to a posted entry
 * or line after posting (possible only for the table owner, past every trigger) breaks it
 * at that entry; a deleted entry breaks the numbering.
 */

export type IntegrityReport =
  | { intact: true; verified: number }
  | { intact: false; verified: number; firstBroken: { number: number; id: string; reason: string } };

const BATCH = 5_000;

export async function verifyChain(tx: TenantTx): Promise<IntegrityReport> {
  let previous: string | null = null;
  let expected = 1;
  for (;;) {
    const rows = await tx.execute<{ id: string; number: string; stored_previous: string | null; stored: string | null; recomputed: string | null }>(sql`
      select e.id, e.number::text, encode(e.previous_hash, 'hex') as stored_previous, encode(e.hash, 'hex') as stored,
             encode(neuroops_accounting_entry_hash(e.previous_hash, e), 'hex') as recomputed
        from accounting_entries e
       where e.status = 'posted' and e.number >= ${expected}
       order by e.number limit ${BATCH}`);
    for (const row of rows) {
      const number = Number(row.number);
      const broken = (reason: string): IntegrityReport => ({ intact: false, verified: expected - 1, firstBroken: { number, id: row.id, reason } });
      if (number !== expected) return broken(`entry ${expected} is missing`);
      if ((row.stored_previous ?? null) !== previous) return broken("it does not follow the previous entry's hash");
      if (row.recomputed !== row.stored) return broken("its content no longer matches its hash");
      previous = row.stored;
      expected += 1;
    }
    if (rows.length < BATCH) return { intact: true, verified: expected - 1 };
  }
}
