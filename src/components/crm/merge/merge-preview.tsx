"use client";

import clsx from "clsx";
import { useId, useState } from "react";
import { MERGE_ENTITY_LABEL, type MergeField, type MergePreview } from "./duplicate-parts";
import { formatCustomValue } from "../shared/format";
import { LIFECYCLE_LABEL } from "../shared/labels";
import type { CustomFieldDef, Member } from "../shared/types";
import { useFormat } from "@/components/format/format-provider";
import type { Formatter } from "@/lib/format";

/* The parts of the merge screen that show what the merge would do (from crm.duplicates.preview). */

const isBlank = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

/** A field's value as text, or null when empty. */
function display(key: string, value: unknown, names: Record<string, string>, fieldDefs: CustomFieldDef[], members: Member[], format: Formatter): string | null {
  if (isBlank(value)) return null;
  if (key === "ownerId") return names[String(value)] ?? "A former member";
  if (key === "companyId") return names[String(value)] ?? "A company you cannot see";
  if (key === "lifecycleStage") return LIFECYCLE_LABEL[value as keyof typeof LIFECYCLE_LABEL] ?? String(value);
  if (key.startsWith("custom.")) {
    const def = fieldDefs.find((f) => `custom.${f.key}` === key);
    if (def) return formatCustomValue(def, value, format, members) || null;
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function ValueCell({ text, long }: { text: string | null; long: boolean }) {
  if (text === null) return <span className="italic text-ink-faint">empty</span>;
  return (
    <span className={clsx("block whitespace-pre-wrap break-words", long && "line-clamp-3")} title={long ? text : undefined}>
      {text}
    </span>
  );
}

/**
 * One row per field: both values, a radio on each to pick the one the kept record gets.
 * Fields with the same value on both are folded away behind a toggle.
 */
export function MergeFieldTable({
  preview,
  ids,
  chosenId,
  onPick,
  fieldDefs,
  members,
  disabled,
}: {
  preview: MergePreview;
  /** Record A and B, in the page's order (columns stay put when the kept record changes). */
  ids: [string, string];
  chosenId: (key: string, defaultSide: MergeField["defaultSide"]) => string;
  onPick: (key: string, id: string) => void;
  fieldDefs: CustomFieldDef[];
  members: Member[];
  disabled: boolean;
}) {
  const format = useFormat();
  const headingId = useId();
  const [showSame, setShowSame] = useState(false);
  const nameOf = (id: string) => (id === preview.winner.id ? preview.winner.name : preview.loser.name);
  const valueOf = (field: MergeField, id: string) => (id === preview.winner.id ? field.winnerValue : field.loserValue);
  const differing = preview.fields.filter((f) => f.differs);
  const same = preview.fields.filter((f) => !f.differs);
  const shown = showSame ? preview.fields : differing;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div>
        <h2 id={headingId} className="text-base font-semibold text-ink">
          Values
        </h2>
        <p className="mt-0.5 text-sm text-ink-muted">
          {differing.length === 0
            ? "Both records hold the same values."
            : `${differing.length} ${differing.length === 1 ? "field differs" : "fields differ"}. Preselected: the kept record’s value, unless it is empty.`}
        </p>
      </div>
      {shown.length > 0 && (
        <div className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
          <table className="min-w-full table-fixed divide-y divide-gray-200 text-sm">
            <caption className="sr-only">Field values of both records and the one the merged record keeps</caption>
            <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
              <tr>
                <th scope="col" className="w-32 px-3 py-2 font-medium sm:w-40">
                  Field
                </th>
                {ids.map((id, index) => (
                  <th key={id} scope="col" className="px-3 py-2 font-medium">
                    <span className="block">{index === 0 ? "Record A" : "Record B"}</span>
                    <span className="block truncate normal-case tracking-normal text-ink-muted">
                      {nameOf(id)}
                      {id === preview.winner.id ? " (stays)" : ""}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 bg-white">
              {shown.map((field) => {
                const chosen = chosenId(field.key, field.defaultSide);
                const long = field.key === "notes";
                if (!field.differs) {
                  return (
                    <tr key={field.key} className="align-top text-ink-muted">
                      <th scope="row" className="px-3 py-2.5 text-left font-normal">
                        {field.label}
                      </th>
                      <td colSpan={2} className="px-3 py-2.5">
                        <ValueCell text={display(field.key, field.winnerValue, preview.names, fieldDefs, members, format)} long={long} />
                        <span className="text-xs text-ink-faint">Same on both</span>
                      </td>
                    </tr>
                  );
                }
                return (
                  <tr key={field.key} className="align-top">
                    <th scope="row" className="px-3 py-2.5 text-left font-medium text-ink">
                      {field.label}
                    </th>
                    {ids.map((id) => {
                      const text = display(field.key, valueOf(field, id), preview.names, fieldDefs, members, format);
                      const selected = chosen === id;
                      return (
                        <td key={id} className={clsx("px-3 py-2.5", selected && "bg-brand-50")}>
                          <label className="flex cursor-pointer gap-2">
                            <input
                              type="radio"
                              name={`merge-${field.key}`}
                              checked={selected}
                              disabled={disabled}
                              onChange={() => onPick(field.key, id)}
                              className="mt-0.5 shrink-0 accent-brand-600"
                              aria-label={`${field.label}: ${text === null ? "leave empty" : `keep “${text}”`} (from ${nameOf(id)})`}
                            />
                            <span className={clsx("min-w-0 flex-1", selected ? "text-ink" : "text-ink-muted")}>
                              <ValueCell text={text} long={long} />
                            </span>
                          </label>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {same.length > 0 && (
        <button type="button" className="self-start text-sm font-medium text-brand-700 hover:underline" aria-expanded={showSame} onClick={() => setShowSame(!showSame)}>
          {showSame ? "Hide the fields that are the same" : `Show ${same.length} ${same.length === 1 ? "field that is" : "fields that are"} the same`}
        </button>
      )}
    </section>
  );
}

function ChannelList({ title, items, loserName }: { title: string; items: { value: string; isPrimary: boolean; from: "winner" | "loser" }[]; loserName: string }) {
  return (
    <div>
      <h3 className="text-sm font-medium text-ink">{title}</h3>
      {items.length === 0 ? (
        <p className="mt-1 text-sm text-ink-faint">None</p>
      ) : (
        <ul className="mt-1 flex flex-col gap-1 text-sm">
          {items.map((item) => (
            <li key={item.value} className="flex flex-wrap items-center gap-2">
              <span className="break-all text-ink">{item.value}</span>
              {item.isPrimary && <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-800">Primary</span>}
              {item.from === "loser" && <span className="text-xs text-ink-faint">from {loserName}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Tags (both records' together) and, for contacts, the emails and phones after the merge. */
export function MergeTagsAndChannels({ preview }: { preview: MergePreview }) {
  const headingId = useId();
  const added = preview.tags.merged.filter((t) => !preview.tags.winner.includes(t));
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-base font-semibold text-ink">
        Kept from both
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div>
          <h3 className="text-sm font-medium text-ink">Tags</h3>
          {preview.tags.merged.length === 0 ? (
            <p className="mt-1 text-sm text-ink-faint">None</p>
          ) : (
            <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags after the merge">
              {preview.tags.merged.map((tag) => (
                <li key={tag} className={clsx("rounded px-1.5 py-0.5 text-xs", added.includes(tag) ? "bg-brand-50 text-brand-800" : "bg-surface-sunken text-ink-muted")}>
                  {tag}
                  {added.includes(tag) && <span className="sr-only"> (from {preview.loser.name})</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        {"emails" in preview && preview.emails && <ChannelList title="Emails" items={preview.emails} loserName={preview.loser.name} />}
        {"phones" in preview && preview.phones && <ChannelList title="Phones" items={preview.phones} loserName={preview.loser.name} />}
      </div>
    </section>
  );
}

/** What moves from the merged record to the kept one (counts of what the caller can see). */
export function MergeMoves({ preview }: { preview: MergePreview }) {
  const headingId = useId();
  const m = preview.moves;
  const entity = preview.entityType;
  const rows: [number, string, string][] =
    entity === "contact"
      ? [
          [m.activities, "activity", "activities"],
          [m.dealLinks, "deal", "deals"],
          [m.followers, "follower", "followers"],
        ]
      : [
          [m.contacts, "contact", "contacts"],
          [m.deals, "deal", "deals"],
          [m.activities, "activity", "activities"],
          [m.followers, "follower", "followers"],
        ];
  const moving = rows.filter(([n]) => n > 0);
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-base font-semibold text-ink">
        What moves to {preview.winner.name || `the kept ${MERGE_ENTITY_LABEL[entity].one}`}
      </h2>
      {moving.length === 0 ? (
        <p className="text-sm text-ink-muted">Nothing else is attached to {preview.loser.name}.</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {moving.map(([n, one, many]) => (
            <li key={many} className="rounded-lg bg-surface-muted px-3 py-2 text-sm">
              <span className="font-semibold tabular-nums text-ink">{n}</span> <span className="text-ink-muted">{n === 1 ? one : many}</span>
            </li>
          ))}
        </ul>
      )}
      {m.sharedDealLinks > 0 && (
        <p className="text-xs text-ink-muted">
          Both are on {m.sharedDealLinks} {m.sharedDealLinks === 1 ? "deal" : "deals"}: {preview.winner.name} stays on {m.sharedDealLinks === 1 ? "it" : "them"} for both.
        </p>
      )}
      <p className="text-xs text-ink-faint">Counts of what you can see; records you cannot see that belong to {preview.loser.name} move too.</p>
    </section>
  );
}
