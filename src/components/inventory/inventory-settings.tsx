"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useId, useState } from "react";
import { TextAreaField } from "@/components/crm/shared/form-parts";
import { TableSkeleton } from "@/components/records/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { splitRefusal, type FieldErrors } from "./form-errors";
import { NEGATIVE_POLICY_HINTS, NEGATIVE_POLICY_LABELS } from "./labels";
import { Badge, Section, TableFrame, TD, TH } from "./parts";
import type { Warehouse } from "./types";

/* Settings → Inventory (owners and admins): warehouses, the default one, the negative-stock policy, bins. */

type Policy = keyof typeof NEGATIVE_POLICY_LABELS;
type WarehouseValues = { code: string; name: string; address: string; negativePolicy: Policy };

function WarehouseDialog({ open, warehouse, onClose, onSaved }: { open: boolean; warehouse: Warehouse | null; onClose: () => void; onSaved: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.inventory.warehouses.create.mutationOptions());
  const update = useMutation(trpc.inventory.warehouses.update.mutationOptions());
  const initial: WarehouseValues = { code: warehouse?.code ?? "", name: warehouse?.name ?? "", address: warehouse?.address ?? "", negativePolicy: warehouse?.negativePolicy ?? "refuse" };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const policyId = useId();
  const set = <K extends keyof WarehouseValues>(key: K, value: WarehouseValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit() {
    setProblem(null);
    const input = { code: values.code, name: values.name, address: values.address.trim() || null, negativePolicy: values.negativePolicy };
    try {
      if (warehouse) await update.mutateAsync({ id: warehouse.id, ...input });
      else await create.mutateAsync(input);
      await queryClient.invalidateQueries(trpc.inventory.pathFilter());
      onSaved(warehouse ? `Saved ${values.name}.` : `Created ${values.name}.`);
    } catch (error) {
      const refusal = splitRefusal(error, ["code", "name", "address", "negativePolicy"]);
      setErrors(refusal.fields);
      setProblem(refusal.message);
    }
  }

  return (
    <ModalForm
      open={open}
      title={warehouse ? `Edit ${warehouse.name}` : "New warehouse"}
      submitLabel={warehouse ? "Save warehouse" : "Create warehouse"}
      pending={create.isPending || update.isPending}
      error={problem}
      size="lg"
      onSubmit={() => void submit()}
      onCancel={onClose}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField label="Code" autoComplete="off" spellCheck={false} autoFocus value={values.code} error={errors.code} hint="Short, like MAIN or WEST." onChange={(e) => set("code", e.target.value)} />
        <TextField label="Name" autoComplete="off" value={values.name} error={errors.name} onChange={(e) => set("name", e.target.value)} />
        <TextAreaField label="Address" className="sm:col-span-2" rows={2} value={values.address} error={errors.address} onChange={(e) => set("address", e.target.value)} />
      </div>
      <fieldset className="flex flex-col gap-2" aria-describedby={errors.negativePolicy ? `${policyId}-error` : undefined}>
        <legend className="mb-1 text-sm font-medium text-ink">When stock would go below zero</legend>
        {(Object.keys(NEGATIVE_POLICY_LABELS) as Policy[]).map((policy) => (
          <label key={policy} className="flex items-start gap-2 text-sm">
            <input type="radio" name={`${policyId}-policy`} className="mt-0.5 size-4" checked={values.negativePolicy === policy} onChange={() => set("negativePolicy", policy)} />
            <span>
              <span className="font-medium text-ink">{NEGATIVE_POLICY_LABELS[policy]}</span>
              <span className="block text-ink-muted">{NEGATIVE_POLICY_HINTS[policy]}</span>
            </span>
          </label>
        ))}
        {errors.negativePolicy && (
          <p id={`${policyId}-error`} role="alert" className="text-xs font-medium text-danger-700">
            {errors.negativePolicy}
          </p>
        )}
      </fieldset>
    </ModalForm>
  );
}

function Bins({ warehouse }: { warehouse: Warehouse }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bins = useQuery(trpc.inventory.warehouses.bins.queryOptions({ warehouseId: warehouse.id }));
  const create = useMutation(trpc.inventory.warehouses.createBin.mutationOptions());
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function add() {
    setError(null);
    try {
      await create.mutateAsync({ warehouseId: warehouse.id, code });
      setCode("");
      await queryClient.invalidateQueries(trpc.inventory.warehouses.bins.queryFilter({ warehouseId: warehouse.id }));
    } catch (e) {
      const refusal = splitRefusal(e, ["code"]);
      setError(refusal.fields.code ?? refusal.message);
    }
  }

  return (
    <div className="flex flex-col gap-3 rounded-lg border border-gray-200 bg-surface-muted p-3">
      <h3 className="text-sm font-semibold text-ink">Bins in {warehouse.name}</h3>
      {bins.isPending ? (
        <p className="text-sm text-ink-muted" role="status">
          Loading bins…
        </p>
      ) : bins.isError ? (
        <LoadError message={`Could not load the bins: ${readServerError(bins.error).message}`} retrying={bins.isFetching} onRetry={() => void bins.refetch()} />
      ) : bins.data.length === 0 ? (
        <p className="text-sm text-ink-muted">No bins: stock is kept per warehouse.</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5" aria-label={`Bins in ${warehouse.name}`}>
          {bins.data.map((b) => (
            <li key={b.id} className="rounded bg-white px-2 py-0.5 text-sm text-ink ring-1 ring-gray-200">
              {b.code}
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label={`Add a bin to ${warehouse.name}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextField label="New bin code" autoComplete="off" spellCheck={false} className="w-48" value={code} error={error ?? undefined} onChange={(e) => setCode(e.target.value)} />
        <Button type="submit" variant="secondary" pending={create.isPending}>
          Add bin
        </Button>
      </form>
    </div>
  );
}

export function InventorySettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions({ includeArchived: true }));
  const update = useMutation(trpc.inventory.warehouses.update.mutationOptions());
  const [dialog, setDialog] = useState<{ warehouse: Warehouse | null } | null>(null);
  const [binsOf, setBinsOf] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  async function change(warehouse: Warehouse, patch: { isDefault?: true; archived?: boolean }, done: string) {
    setNotice(null);
    try {
      await update.mutateAsync({ id: warehouse.id, ...patch });
      await queryClient.invalidateQueries(trpc.inventory.pathFilter());
      setNotice({ tone: "success", text: done });
    } catch (error) {
      setNotice({ tone: "error", text: readServerError(error).message });
    }
  }

  const rows = warehouses.data ?? [];
  const binsWarehouse = rows.find((w) => w.id === binsOf);

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h2 className="text-lg font-semibold text-ink">Inventory</h2>
        <p className="mt-1 text-sm text-ink-muted">Where stock is kept: warehouses, which one movement forms start with, whether stock may go below zero, and bins.</p>
      </div>
      <Section
        id="warehouses-heading"
        title="Warehouses"
        action={
          <Button type="button" onClick={() => setDialog({ warehouse: null })}>
            New warehouse
          </Button>
        }
      >
        {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
        {warehouses.isPending ? (
          <TableSkeleton rows={2} />
        ) : warehouses.isError ? (
          <LoadError message={`Could not load the warehouses: ${readServerError(warehouses.error).message}`} retrying={warehouses.isFetching} onRetry={() => void warehouses.refetch()} />
        ) : (
          <TableFrame caption="Warehouses">
            <thead className="bg-surface-muted">
              <tr>
                <th scope="col" className={TH}>Warehouse</th>
                <th scope="col" className={TH}>Address</th>
                <th scope="col" className={TH}>Below zero</th>
                <th scope="col" className={TH}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 bg-white">
              {rows.map((w) => (
                <tr key={w.id} className={clsx(w.archivedAt && "text-ink-muted")}>
                  <th scope="row" className={clsx(TD, "text-left font-medium")}>
                    <span className="flex flex-wrap items-center gap-1.5">
                      {w.name}
                      <span className="text-xs font-normal text-ink-faint">{w.code}</span>
                      {w.isDefault && <Badge tone="brand">Default</Badge>}
                      {w.archivedAt && <Badge>Archived</Badge>}
                    </span>
                  </th>
                  <td className={clsx(TD, "max-w-[16rem] whitespace-pre-line")}>{w.address ?? <span className="text-ink-faint">—</span>}</td>
                  <td className={clsx(TD, "whitespace-nowrap")}>{w.negativePolicy === "allow" ? "Allowed" : "Refused"}</td>
                  <td className={TD}>
                    <div className="flex flex-wrap gap-x-3 gap-y-1 text-sm font-medium text-brand-700">
                      <button type="button" className="hover:underline" onClick={() => setDialog({ warehouse: w })}>
                        Edit<span className="sr-only"> {w.name}</span>
                      </button>
                      {!w.isDefault && !w.archivedAt && (
                        <button type="button" className="hover:underline" disabled={update.isPending} onClick={() => void change(w, { isDefault: true }, `${w.name} is now the default warehouse.`)}>
                          Make default<span className="sr-only"> ({w.name})</span>
                        </button>
                      )}
                      {!w.isDefault && (
                        <button
                          type="button"
                          className="hover:underline"
                          disabled={update.isPending}
                          onClick={() => void change(w, { archived: !w.archivedAt }, w.archivedAt ? `${w.name} is back in the movement forms.` : `Archived ${w.name}.`)}
                        >
                          {w.archivedAt ? "Unarchive" : "Archive"}
                          <span className="sr-only"> {w.name}</span>
                        </button>
                      )}
                      <button type="button" className="hover:underline" aria-expanded={binsOf === w.id} onClick={() => setBinsOf(binsOf === w.id ? null : w.id)}>
                        Bins<span className="sr-only"> of {w.name}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
        )}
        {binsWarehouse && <Bins key={binsWarehouse.id} warehouse={binsWarehouse} />}
        <p className="text-xs text-ink-muted">Archiving hides a warehouse from movement forms; only an empty warehouse can be archived, and the default one cannot.</p>
      </Section>
      {dialog && (
        <WarehouseDialog
          key={dialog.warehouse?.id ?? "new"}
          open
          warehouse={dialog.warehouse}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            setNotice({ tone: "success", text: message });
          }}
        />
      )}
    </div>
  );
}
