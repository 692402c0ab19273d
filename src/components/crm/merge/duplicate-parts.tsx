import clsx from "clsx";
import Link from "next/link";
import type { RouterOutputs } from "@/trpc/types";
import { recordHref } from "../activities/activity-kinds";

/* Pieces the duplicate suggestions, the tenant-wide list and the merge screen share. */

type DuplicatesOutputs = RouterOutputs["crm"]["duplicates"];
export type DuplicatePair = DuplicatesOutputs["list"]["items"][number];
export type DuplicateRecord = DuplicatePair["a"];
export type DuplicateReason = DuplicatePair["reasons"][number];
export type DuplicateSuggestion = DuplicatesOutputs["forContact"][number] | DuplicatesOutputs["forCompany"][number];
export type MergePreview = DuplicatesOutputs["preview"];
export type MergeField = MergePreview["fields"][number];
export type MergeResult = DuplicatesOutputs["merge"];
export type UndoResult = DuplicatesOutputs["undo"];
export type MergeHistoryItem = DuplicatesOutputs["merges"]["forRecord"][number];
export type MergeEntity = "contact" | "company";

export const MERGE_ENTITY_LABEL = {
  contact: { one: "contact", many: "contacts", title: "Contacts" },
  company: { one: "company", many: "companies", title: "Companies" },
} satisfies Record<MergeEntity, { one: string; many: string; title: string }>;

/** The merge screen for two records (`a` is offered as the one to keep). */
export function mergeHref(slug: string, entity: MergeEntity, a: string, b: string): string {
  return `/t/${slug}/crm/duplicates/merge?${new URLSearchParams({ entity, a, b }).toString()}`;
}

const isContact = (record: DuplicateRecord): record is Extract<DuplicateRecord, { primaryEmail: string | null }> => "primaryEmail" in record;

/** The lines that tell two look-alike records apart: email, phone, company / domain, city, owner. */
export function recordDetails(record: DuplicateRecord): string[] {
  const lines = isContact(record) ? [record.primaryEmail, record.primaryPhone, record.company?.name] : [record.domain, record.city];
  return [...lines, record.ownerName ? `Owner: ${record.ownerName}` : null].filter((line): line is string => !!line);
}

export function RecordSummary({ record, entity, slug, className }: { record: DuplicateRecord; entity: MergeEntity; slug: string; className?: string }) {
  const details = recordDetails(record);
  return (
    <div className={clsx("min-w-0", className)}>
      <Link href={recordHref(slug, { entityType: entity, id: record.id })} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
        {record.name || `Unnamed ${entity}`}
      </Link>
      {details.length > 0 ? (
        <ul className="mt-0.5 flex flex-col text-xs text-ink-muted">
          {details.map((line) => (
            <li key={line} className="truncate" title={line}>
              {line}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-0.5 text-xs text-ink-faint">No email, phone or company</p>
      )}
    </div>
  );
}

/** How likely the two are one: the score as a badge (stronger colour above 80 %). */
export function ScoreBadge({ score }: { score: number }) {
  const percent = Math.round(score * 100);
  return (
    <span
      className={clsx(
        "inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        percent >= 80 ? "bg-amber-50 text-amber-800 ring-amber-600/25" : "bg-surface-sunken text-ink-muted ring-gray-300",
      )}
      title="How likely these are the same, from the reasons listed"
    >
      {percent} % match
    </span>
  );
}

export function ReasonList({ reasons }: { reasons: DuplicateReason[] }) {
  return (
    <ul className="flex flex-col gap-0.5 text-xs text-ink-muted" aria-label="Why they look alike">
      {reasons.map((reason, index) => (
        <li key={index} className="flex gap-1.5">
          <span aria-hidden className="text-ink-faint">
            •
          </span>
          <span className="min-w-0 break-words">{reason.text}</span>
        </li>
      ))}
    </ul>
  );
}
