"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { sumDecimal } from "@/components/inventory/amounts";
import { Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { EntryForm } from "./entry-form";
import { EntryStatusBadge } from "./journal";
import { SOURCE_LABELS, shortHash } from "./labels";
import { refusalText, useMoney } from "./parts";
import type { Entry } from "./types";

/*
 * /t/[slug]/accounting/entries/[id]: an entry, its lines and totals per currency. A draft
 * can be edited or deleted (members) and posted (admins); a posted entry shows its number
 * and hash and can be reversed once (admins). Refusals are the server's own words.
 */

export function EntryNotFound({ slug }: { slug?: string }) {
  const pathname = usePathname();
  const journalHref = slug ? `/t/${slug}/accounting` : pathname.replace(/\/entries\/[^/]*$/, "");
  return (
    <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-ink">Journal entry not found</h1>
      <p className="text-sm text-ink-muted">This entry does not exist: a draft may have been deleted.</p>
      <ButtonLink href={journalHref} variant="secondary">
        Back to the journal
      </ButtonLink>
    </section>
  );
}

function entryTitle(entry: Pick<Entry, "number" | "status">): string {
  return entry.number !== null ? `Entry ${entry.number}` : "Draft entry";
}

function Lines({ slug, entry }: { slug: string; entry: Entry }) {
  const { money } = useMoney();
  const currencies = [...new Set(entry.lines.map((l) => l.currency))].sort();
  return (
    <TableFrame caption={`Lines of ${entryTitle(entry).toLowerCase()}`}>
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={TH}>#</th>
          <th scope="col" className={TH}>Account</th>
          <th scope="col" className={TH}>Description</th>
          <th scope="col" className={TH_NUM}>Debit</th>
          <th scope="col" className={TH_NUM}>Credit</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100 bg-white">
        {entry.lines.map((line) => (
          <tr key={line.id}>
            <td className={clsx(TD, "tabular-nums text-ink-faint")}>{line.lineNo}</td>
            <td className={TD}>
              <Link href={`/t/${slug}/accounting/accounts/${line.accountId}`} className="text-brand-700 hover:underline">
                {line.accountCode} {line.accountName}
              </Link>
            </td>
            <td className={TD}>{line.description ?? ""}</td>
            <td className={TD_NUM}>{/[1-9]/.test(line.debit) ? money(line.debit, line.currency) : ""}</td>
            <td className={TD_NUM}>{/[1-9]/.test(line.credit) ? money(line.credit, line.currency) : ""}</td>
          </tr>
        ))}
      </tbody>
      <tfoot className="bg-surface-muted">
        {currencies.map((currency) => {
          const lines = entry.lines.filter((l) => l.currency === currency);
          return (
            <tr key={currency}>
              <th scope="row" colSpan={3} className={clsx(TD, "text-left font-medium text-ink")}>
                Total {currency}
              </th>
              <td className={clsx(TD_NUM, "font-medium")}>{money(sumDecimal(lines.map((l) => l.debit)), currency)}</td>
              <td className={clsx(TD_NUM, "font-medium")}>{money(sumDecimal(lines.map((l) => l.credit)), currency)}</td>
            </tr>
          );
        })}
      </tfoot>
    </TableFrame>
  );
}

function ReversalOf({ slug, id }: { slug: string; id: string }) {
  const trpc = useTRPC();
  const original = useQuery(trpc.accounting.entries.get.queryOptions({ id }));
  return (
    <Link href={`/t/${slug}/accounting/entries/${id}`} className="text-brand-700 hover:underline">
      {original.data ? entryTitle(original.data) : "the original entry"}
    </Link>
  );
}

function Details({ slug, entry }: { slug: string; entry: Entry }) {
  const { format } = useMoney();
  const rows: [string, React.ReactNode][] = [
    ["Status", <EntryStatusBadge key="s" status={entry.status} />],
    ["Number", entry.number ?? "Given when posted"],
    ["Date", format.day(entry.date)],
    ["Source", SOURCE_LABELS[entry.source]],
  ];
  if (entry.postedAt) rows.push(["Posted", format.dateTime(entry.postedAt)]);
  if (entry.hash)
    rows.push([
      "Hash",
      <code key="h" title={entry.hash} className="font-mono text-xs">
        {shortHash(entry.hash)}
      </code>,
    ]);
  if (entry.reversalOf) rows.push(["Reverses", <ReversalOf key="r" slug={slug} id={entry.reversalOf} />]);
  if (entry.reversedBy)
    rows.push([
      "Reversed by",
      <Link key="rb" href={`/t/${slug}/accounting/entries/${entry.reversedBy.id}`} className="text-brand-700 hover:underline">
        {entry.reversedBy.number !== null ? `Entry ${entry.reversedBy.number}` : "a draft"}
      </Link>,
    ]);
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">{label}</dt>
          <dd className="mt-0.5 text-ink">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EntryRecord({ slug, id, canDraft, canPost }: { slug: string; id: string; canDraft: boolean; canPost: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { format } = useMoney();
  const query = useQuery(trpc.accounting.entries.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [reversing, setReversing] = useState(false);
  const [reverseDate, setReverseDate] = useState(() => format.dayKey(new Date()));
  const [reverseMemo, setReverseMemo] = useState("");
  const [refusal, setRefusal] = useState<string | null>(null);
  const post = useMutation(trpc.accounting.entries.post.mutationOptions());
  const remove = useMutation(trpc.accounting.entries.deleteDraft.mutationOptions());
  const reverse = useMutation(trpc.accounting.entries.reverse.mutationOptions());

  const refresh = async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.list.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.accounting.reports.pathKey() })]);
  };

  if (query.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Loading the entry…
      </p>
    );
  }
  if (query.isError) {
    if (query.error.data?.code === "NOT_FOUND") return <EntryNotFound slug={slug} />;
    return <LoadError message={`Could not load the entry: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  }
  const entry = query.data;
  const isDraft = entry.status === "draft";

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm">
            <Link href={`/t/${slug}/accounting`} className="text-brand-700 hover:underline">
              Journal
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold text-ink">{entryTitle(entry)}</h1>
          <p className="mt-1 text-sm text-ink-muted">{entry.memo || "No memo"}</p>
        </div>
        {!editing && (
          <div className="flex flex-wrap gap-2">
            {isDraft && canDraft && (
              <>
                <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                  Edit
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
              </>
            )}
            {isDraft && canPost && (
              <Button
                type="button"
                pending={post.isPending}
                onClick={() => {
                  setRefusal(null);
                  post.mutate(
                    { id },
                    {
                      onSuccess: async (posted) => {
                        queryClient.setQueryData(trpc.accounting.entries.get.queryKey({ id }), posted);
                        await refresh();
                      },
                      onError: (error) => setRefusal(refusalText(error)),
                    },
                  );
                }}
              >
                Post
              </Button>
            )}
            {!isDraft && canPost && !entry.reversedBy && (
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  setRefusal(null);
                  setReversing(true);
                }}
              >
                Reverse
              </Button>
            )}
          </div>
        )}
      </div>

      {refusal && <Alert>{refusal}</Alert>}
      {isDraft && !canPost && !editing && <Alert tone="info">This is a draft. An owner or admin posts it: posting numbers it and makes it final.</Alert>}

      {editing ? (
        <Section id="edit-entry-heading" title="Edit the draft">
          <EntryForm slug={slug} entry={entry} onDone={() => setEditing(false)} />
        </Section>
      ) : (
        <>
          <Section id="entry-details-heading" title="Details">
            <Details slug={slug} entry={entry} />
          </Section>
          <Section id="entry-lines-heading" title="Lines">
            <Lines slug={slug} entry={entry} />
          </Section>
        </>
      )}

      <ModalForm
        open={confirmDelete}
        title="Delete this draft?"
        description="The draft and its lines are removed. This cannot be undone."
        submitLabel="Delete the draft"
        tone="danger"
        focusCancel
        pending={remove.isPending}
        error={remove.error ? refusalText(remove.error) : null}
        onCancel={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
        onSubmit={() =>
          remove.mutate(
            { id },
            {
              onSuccess: async () => {
                await refresh();
                router.push(`/t/${slug}/accounting`);
              },
            },
          )
        }
      />

      <ModalForm
        open={reversing}
        title={`Reverse ${entryTitle(entry).toLowerCase()}?`}
        description="A new posted entry swaps every line's debit and credit and links back to this one. This entry stays as it is."
        submitLabel="Reverse"
        pending={reverse.isPending}
        error={reverse.error ? refusalText(reverse.error) : null}
        onCancel={() => {
          setReversing(false);
          reverse.reset();
        }}
        onSubmit={() =>
          reverse.mutate(
            { id, date: reverseDate, memo: reverseMemo.trim() || null },
            {
              onSuccess: async (reversal) => {
                queryClient.setQueryData(trpc.accounting.entries.get.queryKey({ id: reversal.id }), reversal);
                await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.get.queryKey({ id }) })]);
                setReversing(false);
                router.push(`/t/${slug}/accounting/entries/${reversal.id}`);
              },
            },
          )
        }
      >
        <TextField label="Date of the reversal" type="date" required value={reverseDate} onChange={(e) => setReverseDate(e.target.value)} />
        <TextField label="Memo" hint={`Empty: “Reversal of entry ${entry.number ?? ""}…”`} value={reverseMemo} maxLength={500} onChange={(e) => setReverseMemo(e.target.value)} />
      </ModalForm>
    </div>
  );
}
