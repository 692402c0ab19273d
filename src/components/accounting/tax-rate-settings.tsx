"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { Badge, TableFrame, TD, TH } from "@/components/inventory/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { refusalText } from "./parts";
import type { TaxRate } from "./types";

/*
 * Settings → Accounting → Tax rates: add one (name, rate %, included in the price or added
 * to it), rename, deactivate and reactivate. A rate and its inclusiveness never change
 * (documents keep what they were computed with): add a new rate instead.
 */

function AddRate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.accounting.taxRates.create.mutationOptions());
  const [name, setName] = useState("");
  const [rate, setRate] = useState("");
  const [inclusive, setInclusive] = useState("false");
  const [added, setAdded] = useState<string | null>(null);
  const fieldErrors = create.error ? readServerError(create.error).fieldErrors : {};
  const other = create.error && !fieldErrors.name?.length && !fieldErrors.ratePercent?.length ? refusalText(create.error) : null;
  return (
    <form
      noValidate
      aria-label="Add a tax rate"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        setAdded(null);
        create.mutate(
          { name, ratePercent: rate, inclusive: inclusive === "true" },
          {
            onSuccess: async (created) => {
              setAdded(created.name);
              setName("");
              setRate("");
              await queryClient.invalidateQueries({ queryKey: trpc.accounting.taxRates.list.queryKey() });
            },
          },
        );
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem_14rem_auto] sm:items-end">
        <TextField label="Name" value={name} maxLength={100} placeholder="VAT 20%" error={fieldErrors.name?.[0]} onChange={(e) => setName(e.target.value)} />
        <TextField label="Rate %" inputMode="decimal" value={rate} placeholder="20" error={fieldErrors.ratePercent?.[0]} onChange={(e) => setRate(e.target.value)} />
        <SelectField label="Price" value={inclusive} onChange={(e) => setInclusive(e.target.value)}>
          <option value="false">Tax added to the price</option>
          <option value="true">Tax included in the price</option>
        </SelectField>
        <Button type="submit" pending={create.isPending}>
          Add the rate
        </Button>
      </div>
      {other && <Alert>{other}</Alert>}
      {added && <Alert tone="success">{added} is added.</Alert>}
    </form>
  );
}

function RateRow({ rate, onRename }: { rate: TaxRate; onRename: (rate: TaxRate) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.accounting.taxRates.update.mutationOptions());
  return (
    <tr className={clsx(!rate.active && "text-ink-faint")}>
      <td className={TD}>
        {rate.name} {!rate.active && <Badge>Inactive</Badge>}
        {update.error && <p className="mt-1 text-xs font-medium text-danger-700">{refusalText(update.error)}</p>}
      </td>
      <td className={clsx(TD, "tabular-nums")}>{rate.ratePercent.replace(/\.?0+$/, "")} %</td>
      <td className={TD}>{rate.inclusive ? "Included in the price" : "Added to the price"}</td>
      <td className={clsx(TD, "whitespace-nowrap text-right")}>
        <Button type="button" variant="ghost" className="px-2 py-1" aria-label={`Rename ${rate.name}`} onClick={() => onRename(rate)}>
          Rename
        </Button>
        <Button
          type="button"
          variant="ghost"
          className="px-2 py-1"
          pending={update.isPending}
          aria-label={`${rate.active ? "Deactivate" : "Reactivate"} ${rate.name}`}
          onClick={() =>
            update.mutate({ id: rate.id, active: !rate.active }, { onSuccess: async () => void (await queryClient.invalidateQueries({ queryKey: trpc.accounting.taxRates.list.queryKey() })) })
          }
        >
          {rate.active ? "Deactivate" : "Reactivate"}
        </Button>
      </td>
    </tr>
  );
}

export function TaxRateSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rates = useQuery(trpc.accounting.taxRates.list.queryOptions());
  const rename = useMutation(trpc.accounting.taxRates.update.mutationOptions());
  const [renaming, setRenaming] = useState<TaxRate | null>(null);
  const [newName, setNewName] = useState("");

  return (
    <div className="flex flex-col gap-5">
      {rates.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Loading the tax rates…
        </p>
      ) : rates.isError ? (
        <LoadError message={`Could not load the tax rates: ${readServerError(rates.error).message}`} retrying={rates.isFetching} onRetry={() => void rates.refetch()} />
      ) : rates.data.length === 0 ? (
        <p className="text-sm text-ink-muted">No tax rates yet: add the first one below.</p>
      ) : (
        <TableFrame caption="Tax rates">
          <thead className="bg-surface-muted">
            <tr>
              <th scope="col" className={TH}>Name</th>
              <th scope="col" className={TH}>Rate</th>
              <th scope="col" className={TH}>Price</th>
              <th scope="col" className={TH}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white">
            {rates.data.map((rate) => (
              <RateRow
                key={rate.id}
                rate={rate}
                onRename={(r) => {
                  rename.reset();
                  setNewName(r.name);
                  setRenaming(r);
                }}
              />
            ))}
          </tbody>
        </TableFrame>
      )}
      <AddRate />
      <ModalForm
        open={renaming !== null}
        title={`Rename ${renaming?.name ?? "the tax rate"}`}
        description="Documents already issued keep their numbers and amounts; they show the new name."
        submitLabel="Rename"
        pending={rename.isPending}
        error={rename.error ? refusalText(rename.error) : null}
        onCancel={() => setRenaming(null)}
        onSubmit={() =>
          renaming &&
          rename.mutate(
            { id: renaming.id, name: newName },
            {
              onSuccess: async () => {
                setRenaming(null);
                await queryClient.invalidateQueries({ queryKey: trpc.accounting.taxRates.list.queryKey() });
              },
            },
          )
        }
      >
        <TextField label="Name" required value={newName} maxLength={100} onChange={(e) => setNewName(e.target.value)} />
      </ModalForm>
    </div>
  );
}
