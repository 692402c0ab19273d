"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { refusalText } from "./parts";
import type { DocumentSettings as Settings } from "./types";

/* Settings → Accounting → Invoices: rounding, payment terms, the sender's address and the footer of every invoice and bill. */

type Values = { rounding: Settings["rounding"]; paymentTermsDays: string; address: string; footer: string };

const ROUNDING_HINTS: Record<Settings["rounding"], string> = {
  half_up: "A half cent rounds away from zero: 0.125 → 0.13 (the usual rule on invoices).",
  half_even: "A half cent rounds to the even cent: 0.125 → 0.12, 0.135 → 0.14 (banker's rounding: no drift over many lines).",
};

export function DocumentSettingsForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.accounting.settings.documents.queryOptions());
  const save = useMutation(trpc.accounting.settings.setDocuments.mutationOptions());
  const [values, setValues] = useState<Values | null>(null);
  const [saved, setSaved] = useState(false);

  if (settings.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Loading the invoice settings…
      </p>
    );
  }
  if (settings.isError) return <LoadError message={`Could not load the invoice settings: ${readServerError(settings.error).message}`} retrying={settings.isFetching} onRetry={() => void settings.refetch()} />;
  const current: Values = values ?? {
    rounding: settings.data.rounding,
    paymentTermsDays: String(settings.data.paymentTermsDays),
    address: settings.data.address ?? "",
    footer: settings.data.footer ?? "",
  };
  const fieldErrors = save.error ? readServerError(save.error).fieldErrors : {};
  const shownError = save.error && !["rounding", "paymentTermsDays", "address", "footer"].some((f) => fieldErrors[f]?.length) ? refusalText(save.error) : null;
  const set = (changes: Partial<Values>) => {
    setSaved(false);
    setValues({ ...current, ...changes });
  };

  return (
    <form
      noValidate
      aria-label="Invoice settings"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const days = Number(current.paymentTermsDays);
        save.mutate(
          { rounding: current.rounding, paymentTermsDays: /^\d+$/.test(current.paymentTermsDays.trim()) ? days : -1, address: current.address.trim() || null, footer: current.footer.trim() || null },
          {
            onSuccess: (data) => {
              queryClient.setQueryData(trpc.accounting.settings.documents.queryKey(), data);
              setValues(null);
              setSaved(true);
            },
          },
        );
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Rounding" value={current.rounding} hint={ROUNDING_HINTS[current.rounding]} error={fieldErrors.rounding?.[0]} onChange={(e) => set({ rounding: e.target.value as Values["rounding"] })}>
          <option value="half_up">Half up</option>
          <option value="half_even">Half to even</option>
        </SelectField>
        <TextField
          label="Payment terms (days)"
          inputMode="numeric"
          value={current.paymentTermsDays}
          hint="The due date of a new invoice when none is given: its issue date plus these days (0: on receipt)."
          error={fieldErrors.paymentTermsDays?.[0]}
          onChange={(e) => set({ paymentTermsDays: e.target.value })}
        />
      </div>
      <label className="flex flex-col gap-1.5 text-sm font-medium text-ink">
        Sender address
        <textarea rows={3} maxLength={500} className="rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm font-normal shadow-sm" value={current.address} onChange={(e) => set({ address: e.target.value })} />
        {fieldErrors.address?.[0] && <span className="text-xs text-danger-700">{fieldErrors.address[0]}</span>}
      </label>
      <label className="flex flex-col gap-1.5 text-sm font-medium text-ink">
        Footer
        <textarea rows={2} maxLength={500} placeholder="Bank details, registration number…" className="rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm font-normal shadow-sm" value={current.footer} onChange={(e) => set({ footer: e.target.value })} />
        {fieldErrors.footer?.[0] && <span className="text-xs text-danger-700">{fieldErrors.footer[0]}</span>}
      </label>
      <p className="text-sm text-ink-muted">The rounding applies to documents saved from now on; saved ones keep their amounts.</p>
      {shownError && <Alert>{shownError}</Alert>}
      {saved && <Alert tone="success">The invoice settings are saved.</Alert>}
      <div>
        <Button type="submit" pending={save.isPending}>
          Save the invoice settings
        </Button>
      </div>
    </form>
  );
}
