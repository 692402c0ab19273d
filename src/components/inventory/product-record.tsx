"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { DetailList } from "@/components/crm/shared/parts";
import { RecordSkeleton } from "@/components/crm/shared/record-parts";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { sumDecimal } from "./amounts";
import { MovementDialog, MOVEMENT_ACTIONS, type MovementKind } from "./movement-forms";
import { MovementHistory } from "./movement-history";
import { OnHandChart } from "./on-hand-chart";
import { Badge, LowStockBadge, Section } from "./parts";
import { ProductForm } from "./product-form";
import { ProductPicture } from "./product-picture";
import { isLow, StockByLot, StockByWarehouse } from "./stock-tables";
import { useAmounts } from "./use-amounts";

/* /t/[slug]/inventory/products/[id]: a product, its stock, its movements and the forms that move it. */

export function ProductNotAvailable({ listHref, reason }: { listHref: string; reason?: string }) {
  return (
    <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <div>
        <h1 className="text-lg font-semibold text-ink">This product is not available</h1>
        <p className="mt-1 text-sm text-ink-muted">{reason ?? "This product does not exist, or it was deleted."}</p>
      </div>
      <ButtonLink href={listHref} variant="secondary">
        Back to products
      </ButtonLink>
    </section>
  );
}

/** The products/not-found.tsx page (not-found gets no params: the list is two levels up). */
export function ProductNotFound() {
  const pathname = usePathname();
  const listHref = pathname.replace(/\/products\/[^/]*$/, "") || "/";
  return <ProductNotAvailable listHref={listHref} />;
}

/** Delete with a confirmation (the product moves to the trash); back to the list afterwards. */
function DeleteProductButton({ id, name, listHref }: { id: string; name: string; listHref: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation(trpc.inventory.products.delete.mutationOptions());

  const confirm = async () => {
    setError(null);
    try {
      await remove.mutateAsync({ id });
      setOpen(false);
      // Leave first: the product's own query would otherwise refetch and fail.
      router.push(listHref);
      await Promise.all([
        queryClient.invalidateQueries(trpc.inventory.products.list.pathFilter()),
        queryClient.invalidateQueries(trpc.inventory.trash.pathFilter()),
        queryClient.invalidateQueries(trpc.inventory.stock.lowStock.pathFilter()),
        queryClient.invalidateQueries(trpc.inventory.stock.valuation.pathFilter()),
      ]);
    } catch (e) {
      setOpen(false);
      setError(readServerError(e).message);
    }
  };

  return (
    <>
      <Button type="button" variant="ghost" className="text-danger-700! hover:bg-danger-50!" onClick={() => setOpen(true)}>
        Delete
      </Button>
      {error && (
        <div className="basis-full">
          <Alert>Could not delete the product: {error}</Alert>
        </div>
      )}
      <ConfirmDialog open={open} title="Delete this product?" confirmLabel="Delete product" pending={remove.isPending} onConfirm={() => void confirm()} onCancel={() => setOpen(false)}>
        <p>
          <strong className="font-medium text-ink">{name}</strong> moves to the trash: it leaves the product list, search and stock reports, and no stock can
          be moved for it. Its stock levels and movement history are kept.
        </p>
        <p className="mt-2">You can restore it from Inventory → Trash for 30 days. The deletion is recorded in the audit log.</p>
      </ConfirmDialog>
    </>
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-gray-200 bg-surface-muted px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums text-ink">{value}</dd>
    </div>
  );
}

export function ProductRecord({ slug, id, role }: { slug: string; id: string; role: MemberRole }) {
  const trpc = useTRPC();
  const amounts = useAmounts();
  const base = `/t/${slug}/inventory`;
  const canEdit = roleAtLeast(role, INVENTORY.edit);
  const canConfigure = roleAtLeast(role, INVENTORY.configure);
  const product = useQuery(trpc.inventory.products.get.queryOptions({ id }, { retry: false }));
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const [editing, setEditing] = useState(false);
  const [movement, setMovement] = useState<MovementKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (product.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading product…
        </span>
        <RecordSkeleton />
      </>
    );
  }
  if (product.isError) {
    const code = (product.error as { data?: { code?: string } } | null)?.data?.code;
    const { message } = readServerError(product.error);
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") return <ProductNotAvailable listHref={base} reason={code === "NOT_FOUND" ? message : undefined} />;
    return <LoadError message={`Could not load the product: ${message}`} retrying={product.isFetching} onRetry={() => void product.refetch()} />;
  }
  const p = product.data;
  const onHand = sumDecimal(p.stock.map((s) => s.onHand));
  const available = sumDecimal(p.stock.map((s) => s.available));
  const value = sumDecimal(p.stock.map((s) => s.value));
  const low = p.stock.some(isLow);
  const money = (minor: bigint | null) => (minor === null ? null : amounts.format.money(minor, p.currency));

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex min-w-0 items-center gap-1.5 text-ink-muted">
          <li>
            <Link href={base} className="hover:text-ink hover:underline">
              Products
            </Link>
          </li>
          <li aria-hidden>/</li>
          <li className="min-w-0 truncate font-medium text-ink" aria-current="page">
            {p.name}
          </li>
        </ol>
      </nav>

      <header className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="flex min-w-0 flex-col gap-3 sm:flex-row sm:items-start">
          <ProductPicture productId={p.id} name={p.name} imageVersion={p.imageVersion} canEdit={canEdit} />
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold text-ink">{p.name}</h1>
            <p className="mt-1 text-sm text-ink-muted">
              SKU <span className="font-medium text-ink">{p.sku}</span>
              {p.barcode && (
                <>
                  {" · "}Barcode <span className="font-medium text-ink">{p.barcode}</span>
                </>
              )}
              {p.category && ` · ${p.category}`}
            </p>
            <div className="mt-2 flex flex-wrap gap-1.5">
              {p.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
              {p.lotTracked && <Badge tone="brand">Tracked by lot</Badge>}
              {low && <LowStockBadge />}
            </div>
          </div>
          </div>
          {canEdit && !editing && (
            <div className="flex shrink-0 flex-wrap gap-2">
              {MOVEMENT_ACTIONS.map((action) => (
                <Button
                  key={action.kind}
                  type="button"
                  variant={action.kind === "receive" ? "primary" : "secondary"}
                  disabled={!warehouses.data || (action.kind === "transfer" && warehouses.data.filter((w) => !w.archivedAt).length < 2)}
                  title={action.kind === "transfer" && warehouses.data && warehouses.data.filter((w) => !w.archivedAt).length < 2 ? "Add a second warehouse in Settings → Inventory to transfer" : undefined}
                  onClick={() => {
                    setNotice(null);
                    setMovement(action.kind);
                  }}
                >
                  {action.label}
                </Button>
              ))}
              <Button type="button" variant="ghost" onClick={() => setEditing(true)}>
                Edit product
              </Button>
              <DeleteProductButton id={p.id} name={`${p.name} (${p.sku})`} listHref={base} />
            </div>
          )}
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="On hand" value={amounts.withUnit(onHand, p.unit)} />
          <Stat label="Available" value={amounts.withUnit(available, p.unit)} />
          <Stat label="Value" value={amounts.money(value, p.currency)} />
          <Stat label="Sale price" value={money(p.salePriceMinor) ?? "—"} />
        </dl>
      </header>

      {notice && <Alert tone="success">{notice}</Alert>}

      {editing ? (
        <Section id="edit-product-heading" title="Edit product">
          <ProductForm
            slug={slug}
            product={p}
            onDone={() => {
              setEditing(false);
              setNotice("Saved the product.");
            }}
            onCancel={() => setEditing(false)}
          />
        </Section>
      ) : null}

      {warehouses.data && (
        <MovementDialog
          kind={movement}
          product={p}
          warehouses={warehouses.data}
          onClose={() => setMovement(null)}
          onDone={(message) => {
            setMovement(null);
            setNotice(message);
          }}
        />
      )}

      <StockByWarehouse product={p} canConfigure={canConfigure} />
      {p.lotTracked && <StockByLot product={p} />}
      <OnHandChart productId={p.id} unit={p.unit} />
      <MovementHistory product={p} />

      <Section id="product-details-heading" title="Details">
        <DetailList
          rows={[
            { label: "Description", value: p.description ? <span className="whitespace-pre-line">{p.description}</span> : null },
            { label: "Unit", value: `${p.unit}${p.unitDecimals ? ` (up to ${p.unitDecimals} decimals)` : " (whole units)"}` },
            { label: "Category", value: p.category },
            { label: "Currency", value: p.currency },
            { label: "Sale price", value: money(p.salePriceMinor) },
            { label: "Standard cost", value: money(p.standardCostMinor) },
            { label: "Tax category", value: p.taxCategory },
            { label: "Created", value: amounts.format.dateTime(p.createdAt) },
            { label: "Updated", value: amounts.format.dateTime(p.updatedAt) },
          ]}
        />
      </Section>
    </div>
  );
}
