import { CSV_FORMULA_PREFIX } from "../../platform/csv";
import Papa from "papaparse";
import { withTenant } from "../../db/tenant";
import { auditFiltersInput, listAuditEntries, type AuditFilters } from "./service";

export const AUDIT_CSV_COLUMNS = ["id", "created_at", "actor_name", "actor_email", "action", "entity_type", "entity_id", "before", "after"] as const;

const PAGE_SIZE = 1_000;

/**
 * The tenant's audit log as CSV, streamed: one short tenant transaction per page of
 * 1,000 rows (never one long transaction), so an export of any size uses little memory.
 */
export function auditCsvStream(scope: { tenantId: string; userId: string; requestId?: string }, rawFilters: AuditFilters): ReadableStream<Uint8Array> {
  const filters = auditFiltersInput.parse(rawFilters);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${Papa.unparse([[...AUDIT_CSV_COLUMNS]])}\r\n`));
      }
      const page = await withTenant(scope, (tx) => listAuditEntries(tx, { ...filters, cursor, limit: PAGE_SIZE }, { withSnapshots: true }));
      if (page.items.length > 0) {
        const rows = page.items.map((entry) => {
          const full = entry as typeof entry & { before?: unknown; after?: unknown };
          return [
            entry.id,
            entry.createdAt.toISOString(),
            entry.actorName ?? "",
            entry.actorEmail ?? "",
            entry.action,
            entry.entityType,
            entry.entityId ?? "",
            full.before == null ? "" : JSON.stringify(full.before),
            full.after == null ? "" : JSON.stringify(full.after),
          ];
        });
        // escapeFormulae: a cell starting with = + - @ is not run as a formula by spreadsheets.
        controller.enqueue(encoder.encode(`${Papa.unparse(rows, { escapeFormulae: CSV_FORMULA_PREFIX })}\r\n`));
      }
      if (!page.nextCursor) controller.close();
      else cursor = page.nextCursor;
    },
  });
}
