"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { TextField, SelectField } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal";
import { ADJUSTMENT_REASON_LABELS } from "@/server/modules/inventory/validation";
import { useTRPC } from "@/trpc/client";
import { majorToMinorText } from "./amounts";
import { effectiveAtFor, splitRefusal, type FieldErrors } from "./form-errors";
import { useAmounts } from "./use-amounts";
import type { ProductDetail, Warehouse } from "./types";

/*
 * The four stock movements of a product page, each in a dialog: receive, ship, adjust and
 * transfer. Unit costs are typed in major units ("12.50") and sent as minor units ("1250").
 * The server decides (never oversell, lots, the negative-stock policy) and its refusal is
 * shown as it words it, next to the field it names.
 */

export type MovementKind = "receive" | "ship" | "adjust" | "transfer";

export const MOVEMENT_ACTIONS: { kind: MovementKind; label: string }[] = [
  { kind: "receive", label: "Receive" },
  { kind: "ship", label: "Ship" },
  { kind: "adjust", label: "Adjust" },
  { kind: "transfer", label: "Transfer" },
];

type Values = {
  warehouseId: string;
  toWarehouseId: string;
  quantity: string;
  unitCost: string;
  day: string;
  lotNumber: string;
  lotExpiresOn: string;
  lotId: string;
  reason: string;
  referenceId: string;
};

const RENAME: Record<string, string> = {
  "lot.number": "lotNumber",
  "lot.expiresOn": "lotExpiresOn",
  effectiveAt: "day",
  fromWarehouseId: "warehouseId",
};

const TITLES: Record<MovementKind, string> = { receive: "Receive stock", ship: "Ship stock", adjust: "Adjust stock", transfer: "Transfer stock" };
const SUBMIT: Record<MovementKind, string> = { receive: "Receive", ship: "Ship", adjust: "Adjust", transfer: "Transfer" };

function dayOf(format: { dayKey: (d: Date) => string }): string {
  return format.dayKey(new Date());
}

export function MovementDialog({
  kind,
  product,
  warehouses,
  onClose,
  onDone,
}: {
  kind: MovementKind | null;
  product: ProductDetail;
  warehouses: Warehouse[];
  onClose: () => void;
  /** Called after the server accepted it, with a sentence saying what happened. */
  onDone: (message: string) => void;
}) {
  return (
    <>
      {MOVEMENT_ACTIONS.map((action) => (
        <MovementForm key={action.kind} kind={action.kind} open={kind === action.kind} product={product} warehouses={warehouses} onClose={onClose} onDone={onDone} />
      ))}
    </>
  );
}

function MovementForm({
  kind,
  open,
  product,
  warehouses,
  onClose,
  onDone,
}: {
  kind: MovementKind;
  open: boolean;
  product: ProductDetail;
  warehouses: Warehouse[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const amounts = useAmounts();
  const today = dayOf(amounts.format);
  const active = warehouses.filter((w) => !w.archivedAt);
  const first = active.find((w) => w.isDefault) ?? active[0];
  const initial: Values = {
    warehouseId: first?.id ?? "",
    toWarehouseId: active.find((w) => w.id !== first?.id)?.id ?? "",
    quantity: "",
    unitCost: "",
    day: "",
    lotNumber: "",
    lotExpiresOn: "",
    lotId: "",
    reason: "count",
    referenceId: "",
  };
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const receive = useMutation(trpc.inventory.stock.receive.mutationOptions());
  const ship = useMutation(trpc.inventory.stock.ship.mutationOptions());
  const adjust = useMutation(trpc.inventory.stock.adjust.mutationOptions());
  const transfer = useMutation(trpc.inventory.stock.transfer.mutationOptions());
  const pending = receive.isPending || ship.isPending || adjust.isPending || transfer.isPending;

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const close = () => {
    setValues(initial);
    setErrors({});
    setProblem(null);
    onClose();
  };

  const positiveAdjustment = kind === "adjust" && !values.quantity.trim().startsWith("-");
  const newLot = product.lotTracked && (kind === "receive" || positiveAdjustment);
  const chooseLot = product.lotTracked && !newLot;
  const lotsHere = product.lots.filter((l) => l.warehouseId === values.warehouseId);
  const warehouseName = (id: string) => warehouses.find((w) => w.id === id)?.name ?? "the warehouse";
  const shown = ["warehouseId", "toWarehouseId", "quantity", "unitCost", "day", "lotNumber", "lotExpiresOn", "lotId", "reason", "referenceId"];

  async function submit() {
    setProblem(null);
    const local: FieldErrors = {};
    let unitCost: string | undefined;
    if (values.unitCost.trim()) {
      const minor = majorToMinorText(values.unitCost, product.currency);
      if (minor === null) local.unitCost = `Enter the unit cost in ${product.currency}, like 12.50.`;
      else unitCost = minor;
    } else if (kind === "receive") {
      local.unitCost = `Enter the unit cost in ${product.currency}, like 12.50.`;
    }
    if (values.day && values.day > today) local.day = "A movement cannot be dated in the future.";
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    const effectiveAt = effectiveAtFor(values.day, today, amounts.format.timeZone);
    const reference = { referenceId: values.referenceId.trim() || null };
    const lot = newLot ? { number: values.lotNumber, expiresOn: values.lotExpiresOn || null } : undefined;
    const lotId = chooseLot && values.lotId ? values.lotId : undefined;
    const quantity = values.quantity.trim();
    const what = (q: string) => amounts.withUnit(q.replace(/^[+-]/, ""), product.unit);
    // Cleared before the dialog closes: it may be opened again while the page refreshes.
    const done = (message: string) => {
      setValues(initial);
      setErrors({});
      onDone(message);
    };
    try {
      if (kind === "receive") {
        await receive.mutateAsync({ productId: product.id, warehouseId: values.warehouseId, quantity, unitCost: unitCost ?? "", effectiveAt, lot, ...reference });
        done(`Received ${what(quantity)} into ${warehouseName(values.warehouseId)}.`);
      } else if (kind === "ship") {
        await ship.mutateAsync({ productId: product.id, warehouseId: values.warehouseId, quantity, effectiveAt, lotId, ...reference });
        done(`Shipped ${what(quantity)} from ${warehouseName(values.warehouseId)}.`);
      } else if (kind === "adjust") {
        await adjust.mutateAsync({
          productId: product.id,
          warehouseId: values.warehouseId,
          quantity,
          reason: values.reason as keyof typeof ADJUSTMENT_REASON_LABELS,
          unitCost,
          effectiveAt,
          lot,
          lotId,
          ...reference,
        });
        done(`Adjusted ${product.name} by ${quantity.startsWith("-") ? "−" : "+"}${what(quantity)} in ${warehouseName(values.warehouseId)}.`);
      } else {
        await transfer.mutateAsync({ productId: product.id, fromWarehouseId: values.warehouseId, toWarehouseId: values.toWarehouseId, quantity, effectiveAt, lotId, ...reference });
        done(`Transferred ${what(quantity)} from ${warehouseName(values.warehouseId)} to ${warehouseName(values.toWarehouseId)}.`);
      }
    } catch (error) {
      const refusal = splitRefusal(error, shown, RENAME);
      setErrors(refusal.fields);
      setProblem(refusal.message);
      return;
    }
    await queryClient.invalidateQueries(trpc.inventory.pathFilter());
  }

  const warehouseOptions = active.map((w) => (
    <option key={w.id} value={w.id}>
      {w.name} ({w.code})
    </option>
  ));

  return (
    <ModalForm
      open={open}
      title={`${TITLES[kind]}: ${product.name}`}
      description={
        kind === "receive"
          ? "Adds stock at a unit cost; the average cost is recomputed."
          : kind === "ship"
            ? "Takes stock out at the current average cost."
            : kind === "adjust"
              ? "Corrects the count: a positive quantity adds stock, a negative one removes it."
              : "Moves stock between two warehouses at the source's average cost."
      }
      submitLabel={SUBMIT[kind]}
      pending={pending}
      error={problem}
      size="lg"
      onSubmit={() => void submit()}
      onCancel={close}
    >
      <ScanField key={open ? "open" : "closed"} product={product} onUnit={() => set("quantity", addOne(values.quantity))} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField label={kind === "transfer" ? "From warehouse" : "Warehouse"} value={values.warehouseId} error={errors.warehouseId} onChange={(e) => set("warehouseId", e.target.value)}>
          {warehouseOptions}
        </SelectField>
        {kind === "transfer" && (
          <SelectField label="To warehouse" value={values.toWarehouseId} error={errors.toWarehouseId} onChange={(e) => set("toWarehouseId", e.target.value)}>
            <option value="">Choose…</option>
            {warehouseOptions}
          </SelectField>
        )}
        <TextField
          label={kind === "adjust" ? `Quantity (${product.unit}, + or −)` : `Quantity (${product.unit})`}
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          placeholder={kind === "adjust" ? "-2 or 3" : "10"}
          value={values.quantity}
          error={errors.quantity}
          onChange={(e) => set("quantity", e.target.value)}
        />
        {kind === "adjust" && (
          <SelectField label="Reason" value={values.reason} error={errors.reason} onChange={(e) => set("reason", e.target.value)}>
            {Object.entries(ADJUSTMENT_REASON_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
        )}
        {(kind === "receive" || (kind === "adjust" && positiveAdjustment)) && (
          <TextField
            label={`Unit cost (${product.currency})`}
            inputMode="decimal"
            autoComplete="off"
            placeholder="12.50"
            value={values.unitCost}
            error={errors.unitCost}
            hint={kind === "adjust" ? "Optional: found stock is valued at the current average cost unless you enter one." : undefined}
            onChange={(e) => set("unitCost", e.target.value)}
          />
        )}
        <TextField
          label="Date"
          type="date"
          max={today}
          value={values.day}
          error={errors.day}
          hint="Leave empty for now. A past day is booked at the end of that day, and later shipments are re-costed."
          onChange={(e) => set("day", e.target.value)}
        />
        {newLot && (
          <>
            <TextField label="Lot number" autoComplete="off" value={values.lotNumber} error={errors.lotNumber} onChange={(e) => set("lotNumber", e.target.value)} />
            <TextField label="Lot expiry" type="date" value={values.lotExpiresOn} error={errors.lotExpiresOn} hint="Optional." onChange={(e) => set("lotExpiresOn", e.target.value)} />
          </>
        )}
        {chooseLot && (
          <SelectField
            label="Lot"
            value={values.lotId}
            error={errors.lotId}
            hint={kind === "adjust" ? "The lot the stock is removed from." : "Automatic: first-expiring first, expired lots skipped."}
            onChange={(e) => set("lotId", e.target.value)}
          >
            <option value="">{kind === "adjust" ? "Choose a lot…" : "Automatic (first expiring first)"}</option>
            {lotsHere.map((l) => (
              <option key={l.lotId} value={l.lotId}>
                {l.number} · {amounts.withUnit(l.onHand, product.unit)}
                {l.expiresOn ? ` · expires ${amounts.format.day(l.expiresOn)}` : ""}
                {l.expired ? " (expired)" : ""}
              </option>
            ))}
          </SelectField>
        )}
        <TextField label="Reference" autoComplete="off" placeholder="PO-1001" value={values.referenceId} error={errors.referenceId} hint="Optional: an order or document number." onChange={(e) => set("referenceId", e.target.value)} />
      </div>
    </ModalForm>
  );
}

/** The quantity plus one unit (a scan counts one): "" → "1", "4" → "5", "-2" → "-1". */
function addOne(quantity: string): string {
  const current = Number(quantity.trim() || "0");
  return Number.isFinite(current) ? String(Math.round((current + 1) * 1e6) / 1e6) : quantity;
}

/**
 * A barcode scanner types the code and presses Enter: each scan of this product's barcode
 * (or SKU) counts one more unit, so a pile can be received or counted by scanning it.
 * Another code is refused here, before anything is sent: the wrong item in hand.
 */
function ScanField({ product, onUnit }: { product: ProductDetail; onUnit: () => void }) {
  const [code, setCode] = useState("");
  const [scans, setScans] = useState(0);
  const [error, setError] = useState<string | undefined>();
  const matches = (text: string) => {
    const wanted = text.trim().toLowerCase();
    return wanted !== "" && (wanted === product.barcode?.toLowerCase() || wanted === product.sku.toLowerCase());
  };
  return (
    <div className="mb-4">
      <TextField
        label="Scan (optional)"
        autoComplete="off"
        value={code}
        error={error}
        hint={scans ? `${scans} scanned: each scan adds 1 ${product.unit} to the quantity.` : `Scan ${product.barcode ? "the barcode" : "the SKU"} of each item to count it, or type the quantity below.`}
        onChange={(e) => {
          setCode(e.target.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault(); // a scanner's Enter must not submit the form
          if (!code.trim()) return;
          if (!matches(code)) {
            setError(`${code.trim()} is not the barcode or SKU of ${product.name}.`);
            return;
          }
          setScans((n) => n + 1);
          setCode("");
          onUnit();
        }}
      />
    </div>
  );
}
