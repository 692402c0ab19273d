"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Section } from "@/components/inventory/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DocumentSettingsForm } from "./document-settings";
import { refusalText, useMoney } from "./parts";
import { TaxRateSettings } from "./tax-rate-settings";

/*
 * Settings → Accounting (owners and admins): tax rates and the invoice settings, the lock
 * dates the database enforces when an entry is posted, closing a fiscal year, and the
 * journal's integrity check.
 */

type LockValues = { lockDate: string; memberLockDate: string; taxLockDate: string };

const LOCKS: { key: keyof LockValues; label: string; hint: string }[] = [
  { key: "lockDate", label: "Lock date for everyone", hint: "Nothing can be posted on or before this day, by anyone: a closed period." },
  { key: "memberLockDate", label: "Lock date for members", hint: "Members cannot post on or before this day; owners and admins still can. Never earlier than the lock for everyone." },
  { key: "taxLockDate", label: "Tax lock date", hint: "No entry that touches a tax account can be posted on or before this day (a filed tax return)." },
];

function LockDates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locks = useQuery(trpc.accounting.settings.lockDates.queryOptions());
  const save = useMutation(trpc.accounting.settings.setLockDates.mutationOptions());
  const [values, setValues] = useState<LockValues | null>(null);
  const [saved, setSaved] = useState(false);

  if (locks.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Loading the lock dates…
      </p>
    );
  }
  if (locks.isError) return <LoadError message={`Could not load the lock dates: ${readServerError(locks.error).message}`} retrying={locks.isFetching} onRetry={() => void locks.refetch()} />;
  const current: LockValues = values ?? { lockDate: locks.data.lockDate ?? "", memberLockDate: locks.data.memberLockDate ?? "", taxLockDate: locks.data.taxLockDate ?? "" };
  const fieldErrors = save.error ? readServerError(save.error).fieldErrors : {};
  const shownError = save.error && !LOCKS.some((l) => fieldErrors[l.key]?.length) ? refusalText(save.error) : null;

  return (
    <form
      noValidate
      aria-label="Lock dates"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate(
          { lockDate: current.lockDate || null, memberLockDate: current.memberLockDate || null, taxLockDate: current.taxLockDate || null },
          {
            onSuccess: (data) => {
              queryClient.setQueryData(trpc.accounting.settings.lockDates.queryKey(), data);
              setValues(null);
              setSaved(true);
            },
          },
        );
      }}
    >
      <div className="grid gap-4 sm:grid-cols-3">
        {LOCKS.map((lock) => (
          <TextField
            key={lock.key}
            label={lock.label}
            type="date"
            hint={lock.hint}
            value={current[lock.key]}
            error={fieldErrors[lock.key]?.[0]}
            onChange={(e) => {
              setSaved(false);
              setValues({ ...current, [lock.key]: e.target.value });
            }}
          />
        ))}
      </div>
      <p className="text-sm text-ink-muted">Empty: no lock. The database applies them when an entry is posted; entries already posted are never changed.</p>
      {shownError && <Alert>{shownError}</Alert>}
      {saved && <Alert tone="success">The lock dates are saved.</Alert>}
      <div>
        <Button type="submit" pending={save.isPending}>
          Save the lock dates
        </Button>
      </div>
    </form>
  );
}

function CloseYear({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const close = useMutation(trpc.accounting.entries.closeYear.mutationOptions());
  const [yearEnd, setYearEnd] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<{ id: string; number: number | null } | null>(null);
  const { format } = useMoney();
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-ink-muted">
        Closing a year posts one entry dated its last day that brings every income and expense account to zero and puts the year&apos;s result on retained earnings. Once per year end; the profit and loss of that year is unchanged.
      </p>
      <form
        noValidate
        aria-label="Close a fiscal year"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          close.reset();
          setConfirming(true);
        }}
      >
        <TextField label="Year end" type="date" required value={yearEnd} onChange={(e) => setYearEnd(e.target.value)} />
        <Button type="submit" variant="secondary" disabled={!yearEnd}>
          Close fiscal year
        </Button>
      </form>
      {done && (
        <Alert tone="success">
          The year is closed by{" "}
          <Link href={`/t/${slug}/accounting/entries/${done.id}`} className="font-medium underline">
            entry {done.number}
          </Link>
          .
        </Alert>
      )}
      <ModalForm
        open={confirming}
        title={yearEnd ? `Close the year ending ${format.day(yearEnd)}?` : "Close the year?"}
        description="A posted closing entry cannot be changed; it can only be reversed."
        submitLabel="Close the year"
        pending={close.isPending}
        error={close.error ? refusalText(close.error) : null}
        onCancel={() => setConfirming(false)}
        onSubmit={() =>
          close.mutate(
            { yearEnd },
            {
              onSuccess: async (entry) => {
                setDone({ id: entry.id, number: entry.number });
                setConfirming(false);
                await Promise.all([
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.list.queryKey() }),
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.reports.pathKey() }),
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.settings.verify.queryKey() }),
                ]);
              },
            },
          )
        }
      />
    </div>
  );
}

function Integrity({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const verify = useQuery(trpc.accounting.settings.verify.queryOptions());
  return (
    <div className="flex flex-col items-start gap-3">
      {verify.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Checking the journal…
        </p>
      ) : verify.isError ? (
        <LoadError message={`Could not check the journal: ${readServerError(verify.error).message}`} retrying={verify.isFetching} onRetry={() => void verify.refetch()} />
      ) : verify.data.intact ? (
        <Alert tone="success">{verify.data.verified === 0 ? "No posted entries yet: nothing to check." : `Entries 1–${verify.data.verified} verified, chain intact.`}</Alert>
      ) : (
        <Alert>
          The chain is broken at{" "}
          <Link href={`/t/${slug}/accounting/entries/${verify.data.firstBroken.id}`} className="font-medium underline">
            entry {verify.data.firstBroken.number}
          </Link>
          : {verify.data.firstBroken.reason}.{verify.data.verified > 0 ? ` Entries 1–${verify.data.verified} verified.` : ""}
        </Alert>
      )}
      <Button type="button" variant="secondary" pending={verify.isFetching && !verify.isPending} onClick={() => void verify.refetch()}>
        Check again
      </Button>
    </div>
  );
}

export function AccountingSettings({ slug }: { slug: string }) {
  return (
    <div className="flex flex-col gap-6">
      <Section id="tax-rates-heading" title="Tax rates" description="The rates invoice and bill lines can carry; each books its tax to the sales tax payable account.">
        <TaxRateSettings />
      </Section>
      <Section id="invoice-settings-heading" title="Invoices" description="How line amounts are rounded, when invoices fall due, and what every invoice shows.">
        <DocumentSettingsForm />
      </Section>
      <Section id="lock-dates-heading" title="Lock dates" description="Protect closed periods from new postings.">
        <LockDates />
      </Section>
      <Section id="close-year-heading" title="Fiscal year">
        <CloseYear slug={slug} />
      </Section>
      <Section id="integrity-heading" title="Integrity check" description="Every posted entry is chained to the one before by a hash; the check recomputes them all in number order.">
        <Integrity slug={slug} />
      </Section>
    </div>
  );
}
