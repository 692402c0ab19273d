"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { TextAreaField } from "@/components/crm/shared/form-parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatMajorAmount, minorDigits, parseMajorAmount } from "@/lib/money";
import { useTRPC } from "@/trpc/client";
import { splitRefusal, type FieldErrors } from "./form-errors";
import type { ProductDetail } from "./types";

/*
 * Create and edit a product. Prices are typed in major units ("12.50") and sent as whole
 * minor units; the server's field errors appear next to the fields. The currency and the
 * unit's decimals are fixed once the product exists.
 */

type Values = {
  sku: string;
  name: string;
  description: string;
  unit: string;
  unitDecimals: string;
  category: string;
  barcode: string;
  currency: string;
  salePrice: string;
  standardCost: string;
  taxCategory: string;
  active: boolean;
  lotTracked: boolean;
};

const FIELDS = ["sku", "name", "description", "unit", "unitDecimals", "category", "barcode", "currency", "salePrice", "standardCost", "taxCategory", "active", "lotTracked"] as const;
const RENAME = { salePriceMinor: "salePrice", standardCostMinor: "standardCost" };

function initialValues(product: ProductDetail | null, currency: string): Values {
  const money = (minor: bigint | null | undefined, cur: string) => (minor === null || minor === undefined ? "" : formatMajorAmount(minor, cur));
  return {
    sku: product?.sku ?? "",
    name: product?.name ?? "",
    description: product?.description ?? "",
    unit: product?.unit ?? "pcs",
    unitDecimals: String(product?.unitDecimals ?? 0),
    category: product?.category ?? "",
    barcode: product?.barcode ?? "",
    currency: product?.currency ?? currency,
    salePrice: money(product?.salePriceMinor, product?.currency ?? currency),
    standardCost: money(product?.standardCostMinor, product?.currency ?? currency),
    taxCategory: product?.taxCategory ?? "",
    active: product?.active ?? true,
    lotTracked: product?.lotTracked ?? false,
  };
}

/** A price field's minor units, or an error in the form's words. */
function minorOf(text: string, currency: string, label: string): { value: string | null } | { error: string } {
  if (!text.trim()) return { value: null };
  const minor = /^[A-Z]{3}$/.test(currency) ? parseMajorAmount(text, currency) : null;
  const digits = minorDigits(currency);
  if (minor === null) return { error: `${label}: enter an amount like ${digits ? `12.${"5".padEnd(digits, "0")}` : "1250"}${digits ? ` (at most ${digits} decimals)` : ""}.` };
  if (minor < 0n) return { error: `${label} cannot be negative.` };
  return { value: minor.toString() };
}

export function ProductForm({ slug, product, onDone, onCancel }: { slug: string; product: ProductDetail | null; onDone?: () => void; onCancel?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const org = useQuery(trpc.orgs.current.queryOptions());
  const categories = useQuery(trpc.inventory.products.categories.queryOptions());
  const baseCurrency = org.data?.baseCurrency ?? "USD";
  const [values, setValues] = useState<Values>(() => initialValues(product, baseCurrency));
  const [touchedCurrency, setTouchedCurrency] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation(trpc.inventory.products.create.mutationOptions());
  const update = useMutation(trpc.inventory.products.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const formRef = useRef<HTMLFormElement>(null);
  const listId = useId();
  // Until the organization has loaded (or the person typed one), the currency follows it.
  const currency = product ? product.currency : touchedCurrency ? values.currency : baseCurrency;

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const focusFirstError = (fields: FieldErrors) => {
    const first = FIELDS.find((f) => fields[f]);
    if (first) requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus());
  };

  async function submit() {
    setProblem(null);
    const upper = currency.trim().toUpperCase();
    const sale = minorOf(values.salePrice, upper, "The sale price");
    const cost = minorOf(values.standardCost, upper, "The standard cost");
    const local: FieldErrors = {};
    if ("error" in sale) local.salePrice = sale.error;
    if ("error" in cost) local.standardCost = cost.error;
    if (!product && !/^[A-Z]{3}$/.test(upper)) local.currency = "Use a 3-letter currency code, like USD.";
    if (Object.keys(local).length) {
      setErrors(local);
      setProblem("Check the highlighted fields.");
      focusFirstError(local);
      return;
    }
    const common = {
      sku: values.sku,
      name: values.name,
      description: values.description.trim() || null,
      unit: values.unit,
      category: values.category.trim() || null,
      barcode: values.barcode.trim() || null,
      salePriceMinor: "value" in sale ? sale.value : null,
      standardCostMinor: "value" in cost ? cost.value : null,
      taxCategory: values.taxCategory.trim() || null,
      active: values.active,
      lotTracked: values.lotTracked,
    };
    try {
      if (product) {
        await update.mutateAsync({ id: product.id, ...common });
        await queryClient.invalidateQueries(trpc.inventory.pathFilter());
        onDone?.();
      } else {
        const created = await create.mutateAsync({ ...common, unitDecimals: Number(values.unitDecimals), currency: upper });
        await queryClient.invalidateQueries(trpc.inventory.products.pathFilter());
        router.push(`/t/${slug}/inventory/products/${created.id}`);
      }
    } catch (error) {
      const refusal = splitRefusal(error, FIELDS, RENAME);
      setErrors(refusal.fields);
      setProblem(refusal.message ?? "Could not save: check the highlighted fields.");
      focusFirstError(refusal.fields);
    }
  }

  return (
    <form
      ref={formRef}
      noValidate
      aria-label={product ? `Edit ${product.name}` : "New product"}
      className="flex flex-col gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset disabled={pending} className="grid min-w-0 grid-cols-1 gap-5 sm:grid-cols-2">
        <TextField label="SKU" name="sku" autoComplete="off" spellCheck={false} required value={values.sku} error={errors.sku} hint="Your code for the product, unique, without spaces." onChange={(e) => set("sku", e.target.value)} />
        <TextField label="Name" name="name" autoComplete="off" required value={values.name} error={errors.name} onChange={(e) => set("name", e.target.value)} />
        <TextAreaField label="Description" name="description" className="sm:col-span-2" rows={3} value={values.description} error={errors.description} onChange={(e) => set("description", e.target.value)} />
        <TextField label="Unit" name="unit" autoComplete="off" value={values.unit} error={errors.unit} hint="How it is counted: pcs, kg, m…" onChange={(e) => set("unit", e.target.value)} />
        <SelectField
          label="Unit decimals"
          name="unitDecimals"
          value={values.unitDecimals}
          disabled={Boolean(product)}
          error={errors.unitDecimals}
          hint={product ? "Fixed once the product exists." : "0 for whole units; up to 6 (e.g. 3 for kg to the gram)."}
          onChange={(e) => set("unitDecimals", e.target.value)}
        >
          {[0, 1, 2, 3, 4, 5, 6].map((n) => (
            <option key={n} value={n}>
              {n === 0 ? "0 (whole units)" : n}
            </option>
          ))}
        </SelectField>
        <TextField label="Category" name="category" autoComplete="off" list={listId} value={values.category} error={errors.category} onChange={(e) => set("category", e.target.value)} />
        <datalist id={listId}>
          {(categories.data ?? []).map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <TextField label="Barcode" name="barcode" autoComplete="off" spellCheck={false} value={values.barcode} error={errors.barcode} hint="EAN, UPC or your own code; a scanner can type it." onChange={(e) => set("barcode", e.target.value)} />
        <TextField
          label="Currency"
          name="currency"
          autoComplete="off"
          maxLength={3}
          value={currency}
          disabled={Boolean(product)}
          error={errors.currency}
          hint={product ? "Fixed once the product exists." : "Prices and stock values are kept in it."}
          onChange={(e) => {
            setTouchedCurrency(true);
            set("currency", e.target.value.toUpperCase());
          }}
        />
        <TextField label={`Sale price (${currency})`} name="salePrice" inputMode="decimal" autoComplete="off" placeholder="12.50" value={values.salePrice} error={errors.salePrice} onChange={(e) => set("salePrice", e.target.value)} />
        <TextField
          label={`Standard cost (${currency})`}
          name="standardCost"
          inputMode="decimal"
          autoComplete="off"
          placeholder="8.00"
          value={values.standardCost}
          error={errors.standardCost}
          hint="A reference price; stock is valued at the moving average of what you received."
          onChange={(e) => set("standardCost", e.target.value)}
        />
        <TextField label="Tax category" name="taxCategory" autoComplete="off" value={values.taxCategory} error={errors.taxCategory} onChange={(e) => set("taxCategory", e.target.value)} />
        <div className="flex flex-col gap-3 sm:col-span-2">
          <label className="inline-flex items-center gap-2 text-sm text-ink">
            <input type="checkbox" name="active" className="size-4 rounded border-gray-300" checked={values.active} onChange={(e) => set("active", e.target.checked)} />
            Active (inactive products stay in the list and keep their stock, but are not reordered)
          </label>
          <div className="flex flex-col gap-1">
            <label className="inline-flex items-center gap-2 text-sm text-ink">
              <input
                type="checkbox"
                name="lotTracked"
                className="size-4 rounded border-gray-300"
                checked={values.lotTracked}
                aria-describedby={errors.lotTracked ? `${listId}-lot-error` : undefined}
                onChange={(e) => set("lotTracked", e.target.checked)}
              />
              Tracked by lot (each receipt names its lot and expiry; can only change before the first movement)
            </label>
            {errors.lotTracked && (
              <p id={`${listId}-lot-error`} role="alert" className="text-xs font-medium text-danger-700">
                {errors.lotTracked}
              </p>
            )}
          </div>
        </div>
      </fieldset>
      {problem && <Alert>{problem}</Alert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {product ? "Save product" : "Create product"}
        </Button>
      </div>
    </form>
  );
}
