"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { compareDecimal, isNegative, isZero, majorToMinorText, minorToMajorText, sumDecimal } from "@/components/inventory/amounts";
import { TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { ACCOUNT_TYPE_LABELS, ACCOUNT_TYPE_ORDER } from "./labels";
import { splitServerErrors, useMoney } from "./parts";
import type { Account, Entry } from "./types";

/*
 * A draft's form: date, memo and its lines. Each line takes an account and a debit or a
 * credit in major units ("100.00"), sent as minor-unit text ("10000") in the account's
 * currency (the organization's when the account takes any). The totals per currency say
 * whether it balances; the server checks again when it is posted.
 */

/** `currency`: kept from a saved line on an account that takes any currency (so editing never changes it). */
type LineValues = { key: number; accountId: string; debit: string; credit: string; description: string; currency?: string };

const CELL_INPUT = "w-full min-w-0 rounded-lg border bg-white px-2 py-1.5 text-sm text-ink shadow-sm";

function lineCurrency(line: LineValues, accounts: Map<string, Account>, baseCurrency: string): string {
  return accounts.get(line.accountId)?.currency ?? line.currency ?? baseCurrency;
}

/** "" → null (empty), a valid amount → its minor-unit text, otherwise undefined (invalid). */
function toMinor(major: string, currency: string): string | null | undefined {
  if (!major.trim()) return null;
  const minor = majorToMinorText(major, currency);
  if (minor === null || isNegative(minor)) return undefined;
  return minor;
}

export function EntryForm({ slug, entry, onDone }: { slug: string; entry: Entry | null; onDone?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { money, format } = useMoney();
  const org = useQuery(trpc.orgs.current.queryOptions());
  const accountsQuery = useQuery(trpc.accounting.accounts.list.queryOptions());
  const nextKey = useRef(entry ? entry.lines.length + 1 : 3);
  const [date, setDate] = useState(entry?.date ?? format.dayKey(new Date()));
  const [memo, setMemo] = useState(entry?.memo ?? "");
  const [lines, setLines] = useState<LineValues[]>(() =>
    entry
      ? entry.lines.map((l, i) => ({
          key: i,
          accountId: l.accountId,
          debit: isZero(l.debit) ? "" : minorToMajorText(l.debit, l.currency),
          credit: isZero(l.credit) ? "" : minorToMajorText(l.credit, l.currency),
          description: l.description ?? "",
          currency: l.currency,
        }))
      : [
          { key: 1, accountId: "", debit: "", credit: "", description: "" },
          { key: 2, accountId: "", debit: "", credit: "", description: "" },
        ],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.accounting.entries.createDraft.mutationOptions());
  const update = useMutation(trpc.accounting.entries.updateDraft.mutationOptions());
  const pending = create.isPending || update.isPending;
  const formId = useId();

  if (org.isError || accountsQuery.isError) {
    const error = org.error ?? accountsQuery.error;
    return (
      <LoadError
        message={`Could not open the form: ${readServerError(error).message}`}
        retrying={org.isFetching || accountsQuery.isFetching}
        onRetry={() => {
          void org.refetch();
          void accountsQuery.refetch();
        }}
      />
    );
  }
  if (org.isPending || accountsQuery.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Opening the form…
      </p>
    );
  }

  const baseCurrency = org.data.baseCurrency;
  const accounts = new Map(accountsQuery.data.map((a) => [a.id, a]));
  const usable = accountsQuery.data.filter((a) => a.active || lines.some((l) => l.accountId === a.id));

  const setLine = (key: number, changes: Partial<LineValues>) => {
    setLines((all) => all.map((l) => (l.key === key ? { ...l, ...changes } : l)));
    const index = lines.findIndex((l) => l.key === key);
    setErrors((e) => {
      const copy = { ...e };
      for (const field of Object.keys(changes)) delete copy[`lines.${index}.${field === "credit" ? "debit" : field}`];
      delete copy[`lines.${index}.credit`];
      return copy;
    });
  };

  // Totals per currency, from the amounts that read as amounts.
  const totals = new Map<string, { debit: string[]; credit: string[] }>();
  for (const line of lines) {
    if (!line.accountId && !line.debit && !line.credit) continue;
    const currency = lineCurrency(line, accounts, baseCurrency);
    const t = totals.get(currency) ?? { debit: [], credit: [] };
    const debit = toMinor(line.debit, currency);
    const credit = toMinor(line.credit, currency);
    if (debit) t.debit.push(debit);
    if (credit) t.credit.push(credit);
    totals.set(currency, t);
  }
  const summary = [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => {
      const debit = sumDecimal(t.debit.length ? t.debit : ["0"]);
      const credit = sumDecimal(t.credit.length ? t.credit : ["0"]);
      return { currency, debit, credit, difference: sumDecimal([debit, `-${credit}`]), balanced: compareDecimal(debit, credit) === 0 && !isZero(debit) };
    });

  const submit = () => {
    const problems: Record<string, string> = {};
    const payloadLines = lines.map((line, i) => {
      const currency = lineCurrency(line, accounts, baseCurrency);
      const debit = toMinor(line.debit, currency);
      const credit = toMinor(line.credit, currency);
      if (debit === undefined) problems[`lines.${i}.debit`] = `Enter the debit like 100.00 (${currency}).`;
      if (credit === undefined) problems[`lines.${i}.credit`] = `Enter the credit like 100.00 (${currency}).`;
      return {
        accountId: line.accountId,
        ...(debit ? { debit } : {}),
        ...(credit ? { credit } : {}),
        ...(accounts.get(line.accountId)?.currency ? {} : { currency }),
        description: line.description.trim() || null,
      };
    });
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length) return;
    const onError = (error: unknown) => {
      const { shown, rest, message } = splitServerErrors(error, (field) =>
        field === "date" || field === "memo" || /^lines\.\d+\.(accountId|debit|credit|currency|description)$/.test(field) ? field.replace(/\.currency$/, ".accountId") : null,
      );
      setErrors(shown);
      setFormError(rest.length ? rest.join(" ") : Object.keys(shown).length ? null : message);
    };
    const body = { date, memo, lines: payloadLines };
    if (entry) {
      update.mutate(
        { id: entry.id, ...body },
        {
          onSuccess: async (saved) => {
            queryClient.setQueryData(trpc.accounting.entries.get.queryKey({ id: entry.id }), saved);
            await queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.list.queryKey() });
            onDone?.();
          },
          onError,
        },
      );
    } else {
      create.mutate(body, {
        onSuccess: async (saved) => {
          queryClient.setQueryData(trpc.accounting.entries.get.queryKey({ id: saved.id }), saved);
          await queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.list.queryKey() });
          router.push(`/t/${slug}/accounting/entries/${saved.id}`);
        },
        onError,
      });
    }
  };

  return (
    <form
      id={formId}
      noValidate
      aria-label={entry ? "Edit the draft" : "New journal entry"}
      className="flex flex-col gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <TextField label="Date" type="date" required value={date} error={errors.date} onChange={(e) => setDate(e.target.value)} />
        <TextField label="Memo" value={memo} maxLength={500} error={errors.memo} placeholder="What happened" onChange={(e) => setMemo(e.target.value)} />
      </div>
      <div className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
        <table className="min-w-full divide-y divide-gray-200 text-sm">
          <caption className="sr-only">Lines of the entry</caption>
          <thead className="bg-surface-muted">
            <tr>
              <th scope="col" className={TH}>Account</th>
              <th scope="col" className={TH_NUM}>Debit</th>
              <th scope="col" className={TH_NUM}>Credit</th>
              <th scope="col" className={TH}>Description</th>
              <th scope="col" className={TH}>
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white">
            {lines.map((line, i) => {
              const n = i + 1;
              const currency = lineCurrency(line, accounts, baseCurrency);
              const accountError = errors[`lines.${i}.accountId`];
              const debitError = errors[`lines.${i}.debit`];
              const creditError = errors[`lines.${i}.credit`];
              const lineError = [accountError, debitError, creditError].filter(Boolean).join(" ");
              const errorId = `${formId}-line-${line.key}-error`;
              return (
                <tr key={line.key}>
                  <td className={clsx(TD, "min-w-56")}>
                    <select
                      aria-label={`Line ${n} account`}
                      aria-invalid={accountError ? true : undefined}
                      aria-describedby={lineError ? errorId : undefined}
                      className={clsx(CELL_INPUT, accountError ? "border-danger-600" : "border-gray-300")}
                      value={line.accountId}
                      onChange={(e) => setLine(line.key, { accountId: e.target.value, currency: undefined })}
                    >
                      <option value="">Choose an account…</option>
                      {ACCOUNT_TYPE_ORDER.map((type) => {
                        const group = usable.filter((a) => a.type === type);
                        return group.length ? (
                          <optgroup key={type} label={ACCOUNT_TYPE_LABELS[type]}>
                            {group.map((a) => (
                              <option key={a.id} value={a.id}>
                                {a.code} {a.name}
                                {a.currency ? ` (${a.currency})` : ""}
                                {a.active ? "" : " (inactive)"}
                              </option>
                            ))}
                          </optgroup>
                        ) : null;
                      })}
                    </select>
                    {lineError && (
                      <p id={errorId} role="alert" className="mt-1 text-xs font-medium text-danger-700">
                        {lineError}
                      </p>
                    )}
                  </td>
                  <td className={clsx(TD_NUM, "min-w-32")}>
                    <input
                      aria-label={`Line ${n} debit (${currency})`}
                      inputMode="decimal"
                      aria-invalid={debitError ? true : undefined}
                      className={clsx(CELL_INPUT, "text-right", debitError ? "border-danger-600" : "border-gray-300")}
                      value={line.debit}
                      onChange={(e) => setLine(line.key, { debit: e.target.value })}
                    />
                  </td>
                  <td className={clsx(TD_NUM, "min-w-32")}>
                    <input
                      aria-label={`Line ${n} credit (${currency})`}
                      inputMode="decimal"
                      aria-invalid={creditError ? true : undefined}
                      className={clsx(CELL_INPUT, "text-right", creditError ? "border-danger-600" : "border-gray-300")}
                      value={line.credit}
                      onChange={(e) => setLine(line.key, { credit: e.target.value })}
                    />
                  </td>
                  <td className={clsx(TD, "min-w-48")}>
                    <input
                      aria-label={`Line ${n} description`}
                      maxLength={500}
                      className={clsx(CELL_INPUT, "border-gray-300")}
                      value={line.description}
                      onChange={(e) => setLine(line.key, { description: e.target.value })}
                    />
                  </td>
                  <td className={TD}>
                    <Button
                      type="button"
                      variant="ghost"
                      className="px-2 py-1"
                      disabled={lines.length <= 2}
                      aria-label={`Remove line ${n}`}
                      onClick={() => {
                        setLines((all) => all.filter((l) => l.key !== line.key));
                        setErrors({});
                      }}
                    >
                      ✕
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            const key = nextKey.current++;
            setLines((all) => [...all, { key, accountId: "", debit: "", credit: "", description: "" }]);
          }}
        >
          Add a line
        </Button>
        <div aria-live="polite" className="flex flex-col gap-1 text-sm">
          {summary.length === 0 ? (
            <p className="text-ink-muted">Enter the lines: the totals show here.</p>
          ) : (
            summary.map((s) => (
              <p key={s.currency} data-testid={`totals-${s.currency}`} className={clsx("tabular-nums", s.balanced ? "text-success-700" : "text-danger-700")}>
                {s.currency}: debits {money(s.debit, s.currency)}, credits {money(s.credit, s.currency)} —{" "}
                <strong>{s.balanced ? "balances" : isZero(s.difference) ? "enter amounts" : `off by ${money(s.difference.replace(/^-/, ""), s.currency)}`}</strong>
              </p>
            ))
          )}
        </div>
      </div>
      {formError && <Alert>{formError}</Alert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {onDone && (
          <Button type="button" variant="secondary" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {entry ? "Save the draft" : "Save as draft"}
        </Button>
      </div>
    </form>
  );
}
