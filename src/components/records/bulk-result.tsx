"use client";

import { Button } from "@/components/ui/button";
import { countOf } from "./bulk-bar";
import type { RecordNoun } from "./record-list";

/*
 * What a bulk action did, in words ("12 contacts updated, 2 skipped: …"), and while a
 * background run goes on, its progress. Announced politely; stays until dismissed or the
 * next action.
 */

export type BulkReportView = { total: number; done: number; unchanged: number; skipped: number; reasons: { reason: string; count: number }[] };

export function bulkSummary(report: BulkReportView, noun: RecordNoun, verb: string): string {
  const parts = [`${countOf(report.done, noun)} ${verb}`];
  if (report.unchanged) parts.push(`${report.unchanged.toLocaleString("en-US")} unchanged (already so)`);
  let text = parts.join(", ");
  if (report.skipped) {
    const reasons = report.reasons.map((r) => `${r.count.toLocaleString("en-US")} × ${r.reason.replace(/\.$/, "")}`).join("; ");
    text += `, ${report.skipped.toLocaleString("en-US")} skipped: ${reasons}`;
  }
  return `${text}.`;
}

export type BulkRunView =
  | { kind: "report"; report: BulkReportView; verb: string }
  | { kind: "job"; status: "queued" | "running" | "done" | "failed"; processed: number; report: BulkReportView; failure: string | null; verb: string };

export function BulkResult({ run, noun, cancelling, onCancel, onDismiss }: { run: BulkRunView; noun: RecordNoun; cancelling: boolean; onCancel: () => void; onDismiss: () => void }) {
  const working = run.kind === "job" && (run.status === "queued" || run.status === "running");
  const failed = run.kind === "job" && run.status === "failed";
  const tone = failed ? "border-danger-600/30 bg-danger-50" : working ? "border-brand-200 bg-brand-50" : run.report.skipped ? "border-amber-300 bg-amber-50" : "border-success-700/30 bg-success-50";
  return (
    <div className={`flex flex-col gap-2 rounded-lg border px-3 py-2 text-sm text-ink ${tone}`}>
      <div role="status" aria-live="polite">
        {working && run.kind === "job" ? (
          <>
            <p className="font-medium">
              Working on {countOf(run.report.total, noun)}: {run.processed.toLocaleString("en-US")} done so far…
            </p>
            <progress className="mt-1 h-2 w-full max-w-md" max={run.report.total} value={run.processed} aria-label={`Progress of the bulk action on ${noun.many}`} />
          </>
        ) : (
          <p>
            {failed && run.kind === "job" && <span className="font-medium">{run.failure} </span>}
            {bulkSummary(run.report, noun, run.verb)}
          </p>
        )}
      </div>
      <div className="flex gap-2">
        {working ? (
          <Button type="button" variant="secondary" pending={cancelling} onClick={onCancel}>
            Stop
          </Button>
        ) : (
          <Button type="button" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </div>
    </div>
  );
}
