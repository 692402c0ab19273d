"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useTRPC } from "@/trpc/client";
import { compareDecimal, isNegative } from "./amounts";
import { splitRefusal, type FieldErrors } from "./form-errors";
import { Badge, LowStockBadge, Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "./parts";
import { useAmounts } from "./use-amounts";
import type { ProductDetail, StockRow } from "./types";

/* A product's stock per warehouse (with its reorder rules) and per lot. */

/** At or below the reorder point (available ≤ point), as the server's low-stock list decides. */
export function isLow(row: StockRow): boolean {
  return row.reorderPoint !== null && compareDecimal(row.available, row.reorderPoint) <= 0;
}

function ReorderRuleForm({ product, row, onClose }: { product: ProductDetail; row: StockRow; onClose: (message?: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const set = useMutation(trpc.inventory.stock.setReorderRule.mutationOptions());
  const [point, setPoint] = useState(row.reorderPoint ?? "");
  const [quantity, setQuantity] = useState(row.reorderQuantity ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function save(remove: boolean) {
    setProblem(null);
    try {
      await set.mutateAsync({ productId: product.id, warehouseId: row.warehouseId, reorderPoint: remove ? null : point.trim(), reorderQuantity: remove ? null : quantity.trim() });
      await queryClient.invalidateQueries(trpc.inventory.pathFilter());
      onClose(remove ? `Removed the reorder rule in ${row.warehouseName}.` : `Saved the reorder rule in ${row.warehouseName}.`);
    } catch (error) {
      const refusal = splitRefusal(error, ["reorderPoint", "reorderQuantity"]);
      setErrors(refusal.fields);
      setProblem(refusal.message);
    }
  }

  return (
    <form
      aria-label={`Reorder rule in ${row.warehouseName}`}
      noValidate
      className="flex flex-col gap-3 rounded-lg border border-gray-200 bg-surface-muted p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField
          label={`Reorder point (${product.unit})`}
          inputMode="decimal"
          autoFocus
          value={point}
          error={errors.reorderPoint}
          hint="Low stock when available falls to this."
          onChange={(e) => setPoint(e.target.value)}
        />
        <TextField label={`Reorder quantity (${product.unit})`} inputMode="decimal" value={quantity} error={errors.reorderQuantity} hint="How much to order then." onChange={(e) => setQuantity(e.target.value)} />
      </div>
      {problem && <Alert>{problem}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={set.isPending}>
          Save rule
        </Button>
        {row.reorderPoint !== null && (
          <Button type="button" variant="secondary" disabled={set.isPending} onClick={() => void save(true)}>
            Remove rule
          </Button>
        )}
        <Button type="button" variant="ghost" disabled={set.isPending} onClick={() => onClose()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function StockByWarehouse({ product, canConfigure }: { product: ProductDetail; canConfigure: boolean }) {
  const amounts = useAmounts();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const money = (text: string) => amounts.money(text, product.currency);
  const editingRow = product.stock.find((s) => s.warehouseId === editing);

  return (
    <Section id="stock-by-warehouse-heading" title="Stock by warehouse" description="Available is on hand less what is reserved for draft documents. Value is at the moving average cost.">
      {notice && <Alert tone="success">{notice}</Alert>}
      <TableFrame caption={`Stock of ${product.name} by warehouse`}>
        <thead className="bg-surface-muted">
          <tr>
            <th scope="col" className={TH}>Warehouse</th>
            <th scope="col" className={TH_NUM}>On hand</th>
            <th scope="col" className={TH_NUM}>Reserved</th>
            <th scope="col" className={TH_NUM}>Available</th>
            <th scope="col" className={TH_NUM}>Average cost</th>
            <th scope="col" className={TH_NUM}>Value</th>
            <th scope="col" className={TH}>Reorder at / qty</th>
            {canConfigure && (
              <th scope="col" className={TH}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {product.stock.map((row) => (
            <tr key={row.warehouseId}>
              <th scope="row" className={clsx(TD, "text-left font-medium text-ink")}>
                <span className="flex flex-wrap items-center gap-1.5">
                  {row.warehouseName}
                  <span className="text-xs font-normal text-ink-faint">{row.warehouseCode}</span>
                  {isLow(row) && <LowStockBadge />}
                </span>
              </th>
              <td className={clsx(TD_NUM, isNegative(row.onHand) && "text-danger-700")}>{amounts.withUnit(row.onHand, product.unit)}</td>
              <td className={TD_NUM}>{amounts.quantity(row.reserved)}</td>
              <td className={clsx(TD_NUM, isNegative(row.available) && "text-danger-700")}>{amounts.quantity(row.available)}</td>
              <td className={TD_NUM}>{money(row.averageCost)}</td>
              <td className={TD_NUM}>{money(row.value)}</td>
              <td className={clsx(TD, "whitespace-nowrap")}>
                {row.reorderPoint === null ? <span className="text-ink-faint">No rule</span> : `${amounts.quantity(row.reorderPoint)} / ${amounts.quantity(row.reorderQuantity ?? "0")}`}
              </td>
              {canConfigure && (
                <td className={TD}>
                  <button
                    type="button"
                    className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline"
                    aria-expanded={editing === row.warehouseId}
                    onClick={() => {
                      setNotice(null);
                      setEditing(editing === row.warehouseId ? null : row.warehouseId);
                    }}
                  >
                    Set reorder rule<span className="sr-only"> in {row.warehouseName}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </TableFrame>
      {canConfigure && editingRow && (
        <ReorderRuleForm
          key={editingRow.warehouseId}
          product={product}
          row={editingRow}
          onClose={(message) => {
            setEditing(null);
            if (message) setNotice(message);
          }}
        />
      )}
    </Section>
  );
}

export function StockByLot({ product }: { product: ProductDetail }) {
  const amounts = useAmounts();
  const warehouse = (id: string) => product.stock.find((s) => s.warehouseId === id)?.warehouseName ?? "—";
  return (
    <Section id="stock-by-lot-heading" title="Stock by lot" description="First-expiring lots ship first; expired lots are skipped unless chosen.">
      {product.lots.length === 0 ? (
        <p className="text-sm text-ink-muted">No lot on hand.</p>
      ) : (
        <TableFrame caption={`Lots of ${product.name} on hand`}>
          <thead className="bg-surface-muted">
            <tr>
              <th scope="col" className={TH}>Lot</th>
              <th scope="col" className={TH}>Warehouse</th>
              <th scope="col" className={TH}>Expires</th>
              <th scope="col" className={TH_NUM}>On hand</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white">
            {product.lots.map((lot) => (
              <tr key={`${lot.lotId}-${lot.warehouseId}`}>
                <th scope="row" className={clsx(TD, "text-left font-medium text-ink")}>
                  {lot.number}
                </th>
                <td className={TD}>{warehouse(lot.warehouseId)}</td>
                <td className={clsx(TD, "whitespace-nowrap")}>
                  {lot.expiresOn ? amounts.format.day(lot.expiresOn) : <span className="text-ink-faint">No expiry</span>} {lot.expired && <Badge tone="red">Expired</Badge>}
                </td>
                <td className={TD_NUM}>{amounts.withUnit(lot.onHand, product.unit)}</td>
              </tr>
            ))}
          </tbody>
        </TableFrame>
      )}
    </Section>
  );
}
