"use client";

import clsx from "clsx";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ModalForm } from "@/components/ui/modal";
import { TextField } from "@/components/ui/field";
import { TextAreaField } from "../shared/form-parts";
import { useDebounced } from "@/components/records/hooks";
import { DEAL_STATUS_BADGE, DEAL_STATUS_LABEL, type DealStatus, type MoneyTotal } from "./deal-types";
import { useFormat } from "@/components/format/format-provider";

/* Small pieces the board, the list and the deal page share. */

export function DealStatusBadge({ status, className }: { status: DealStatus; className?: string }) {
  return (
    <span className={clsx("inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", DEAL_STATUS_BADGE[status], className)}>
      {DEAL_STATUS_LABEL[status]}
    </span>
  );
}

/** Total and weighted value per currency (currencies are never added together). */
export function MoneyTotals({ totals, className }: { totals: MoneyTotal[]; className?: string }) {
  const format = useFormat();
  if (!totals.length) return <p className={clsx("text-xs text-ink-faint", className)}>No value</p>;
  return (
    <ul className={clsx("flex flex-col gap-0.5 text-xs", className)}>
      {totals.map((t) => (
        <li key={t.currency} className="flex flex-wrap items-baseline gap-x-1.5">
          <span className="font-semibold text-ink">{format.money(t.amountMinor, t.currency)}</span>
          <span className="text-ink-muted">
            weighted <span className="font-medium text-ink">{format.money(t.weightedMinor, t.currency)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Board | List switch (two links: each view has its own address). */
export function DealsViewToggle({ base, current, boardSearch = "" }: { base: string; current: "board" | "list"; boardSearch?: string }) {
  const item = (view: "board" | "list", label: string, href: string) => (
    <Link
      href={href}
      aria-current={current === view ? "page" : undefined}
      className={clsx(
        "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium",
        current === view ? "bg-white text-ink shadow-sm ring-1 ring-gray-200" : "text-ink-muted hover:text-ink",
      )}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Deals view" className="inline-flex rounded-lg bg-surface-sunken p-1">
      {item("board", "Board", `${base}/deals${boardSearch}`)}
      {item("list", "List", `${base}/deals/list`)}
    </nav>
  );
}

export function DealBreadcrumb({ base, current }: { base: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <ol className="flex min-w-0 items-center gap-1.5 text-ink-muted">
        <li>
          <Link href={`${base}/deals`} className="hover:text-ink hover:underline">
            Deals
          </Link>
        </li>
        <li aria-hidden>/</li>
        <li className="min-w-0 truncate font-medium text-ink" aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}

type LostReasonProps = {
  open: boolean;
  dealTitle: string;
  /** The lost stage the deal goes to; null when it is marked lost where it stands. */
  stageName: string | null;
  pending?: boolean;
  /** The server's refusal. */
  error?: string;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
};

/** Asks why a deal was lost before it is moved into a lost stage (the server requires a reason). */
export function LostReasonDialog({ open, dealTitle, stageName, pending = false, error, onSubmit, onCancel }: LostReasonProps) {
  const [reason, setReason] = useState("");
  const [localError, setLocalError] = useState<string | undefined>();

  useEffect(() => {
    if (!open) return;
    setReason("");
    setLocalError(undefined);
  }, [open]);

  return (
    <ModalForm
      open={open}
      title="Why was this deal lost?"
      description={
        <>
          <strong className="font-medium text-ink">{dealTitle}</strong> {stageName ? <>moves to “{stageName}” and </> : null}is marked lost. The reason is kept on the deal
          and in reports.
        </>
      }
      submitLabel="Mark as lost"
      tone="danger"
      pending={pending}
      onCancel={onCancel}
      onSubmit={() => {
        const text = reason.trim();
        if (!text) return setLocalError("Say why the deal was lost.");
        if (text.length > 500) return setLocalError("A lost reason can be at most 500 characters.");
        setLocalError(undefined);
        onSubmit(text);
      }}
    >
      <TextAreaField
        label="Lost reason"
        rows={3}
        autoFocus
        value={reason}
        maxLength={600}
        placeholder="e.g. Chose a competitor, no budget this year"
        error={localError ?? error}
        disabled={pending}
        onChange={(e) => setReason(e.target.value)}
      />
    </ModalForm>
  );
}

/** A text filter that applies after a pause (at once on Enter) and follows outside changes (Back, "Clear filters"). */
export function DebouncedText({
  value,
  onCommit,
  ...rest
}: { value: string; onCommit: (value: string) => void; label: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & { hint?: string }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const debounced = useDebounced(text, 350);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (debounced.trim() !== shown) commit.current(debounced.trim());
    // Only a settled change of the text commits; `shown` follows the outside value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <TextField
      {...rest}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && text.trim() !== shown) onCommit(text.trim());
      }}
    />
  );
}
