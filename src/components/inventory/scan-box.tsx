"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";

/**
 * A barcode scanner types the code and presses Enter: the product whose barcode or SKU is
 * exactly that opens (a single match of the search opens too). Works with a keyboard as well.
 */
export function ScanBox({ slug, className }: { slug: string; className?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function find() {
    const text = code.trim();
    if (!text || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const page = await queryClient.fetchQuery(trpc.inventory.products.list.queryOptions({ filters: { q: text }, sort: { field: "sku", direction: "asc" }, limit: 20 }));
      const key = text.toLowerCase();
      const exact = page.items.filter((p) => p.barcode?.toLowerCase() === key || p.sku.toLowerCase() === key);
      const match = exact.length === 1 ? exact[0] : exact.length === 0 && page.items.length === 1 ? page.items[0] : undefined;
      if (match) {
        setCode("");
        router.push(`/t/${slug}/inventory/products/${match.id}`);
        return;
      }
      setMessage(
        exact.length > 1
          ? `${exact.length} products have the code ${text}: search the list to choose one.`
          : page.items.length > 1
            ? `No product has exactly the barcode or SKU ${text}; ${page.items.length} products match it in the list's search.`
            : `No product has the barcode or SKU ${text}.`,
      );
    } catch (error) {
      setMessage(`Could not look up ${text}: ${readServerError(error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      role="search"
      aria-label="Find a product by barcode or SKU"
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        void find();
      }}
    >
      <TextField
        label="Scan a barcode or SKU"
        autoComplete="off"
        spellCheck={false}
        inputMode="text"
        value={code}
        aria-busy={busy || undefined}
        hint="Scan, or type the code and press Enter: the product opens."
        error={message ?? undefined}
        onChange={(e) => {
          setCode(e.target.value);
          setMessage(null);
        }}
      />
    </form>
  );
}
