"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useTenantId } from "@/components/shell/tenant-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";

const ACCEPTED = ["image/png", "image/jpeg", "image/webp"];
const MAX_BYTES = 512 * 1024;

/**
 * A product's picture on its page: shown when there is one; members replace it (PNG, JPEG
 * or WebP up to 512 KB, checked again by content on the server) or remove it.
 */
export function ProductPicture({ productId, name, imageVersion, canEdit }: { productId: string; name: string; imageVersion: number | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tenantId = useTenantId();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const remove = useMutation(trpc.inventory.products.removeImage.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.inventory.products.get.queryKey({ id: productId }) });

  async function upload(file: File) {
    setError(null);
    if (!ACCEPTED.includes(file.type)) return setError("Choose a PNG, JPEG or WebP image.");
    if (file.size > MAX_BYTES) return setError(`The image is ${Math.ceil(file.size / 1024)} KB; the limit is 512 KB.`);
    if (!tenantId) return setError("Reload the page and try again.");
    setUploading(true);
    try {
      const body = new FormData();
      body.set("image", file);
      const response = await fetch(`/api/inventory/product-image?product=${productId}`, { method: "POST", body, headers: { "x-tenant-id": tenantId } });
      const result = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
      if (!response.ok) setError(result.message ?? result.error ?? "The picture could not be saved. Try again.");
      else await refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setUploading(false);
      if (input.current) input.current.value = "";
    }
  }

  if (imageVersion === null && !canEdit) return null;
  return (
    <div className="flex flex-col gap-2">
      {imageVersion !== null && tenantId && (
        // eslint-disable-next-line @next/next/no-img-element -- a tenant-gated route, not a static asset next/image could optimise
        <img src={`/api/inventory/product-image?tenant=${tenantId}&product=${productId}&v=${imageVersion}`} alt={`Picture of ${name}`} className="size-28 rounded-lg border border-gray-200 object-contain" />
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={inputId} className="text-sm font-medium text-ink">
            {imageVersion === null ? "Add a picture" : "Replace picture"}
          </label>
          <input
            ref={input}
            id={inputId}
            type="file"
            accept={ACCEPTED.join(",")}
            disabled={uploading}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void upload(file);
            }}
            className="max-w-56 text-xs text-ink file:mr-2 file:min-h-8 file:rounded-lg file:border file:border-gray-300 file:bg-white file:px-2 file:py-1 file:text-xs file:font-medium file:text-ink"
          />
          {imageVersion !== null && (
            <Button
              type="button"
              variant="ghost"
              pending={remove.isPending}
              onClick={() => {
                setError(null);
                remove.mutate({ id: productId }, { onSuccess: () => void refresh(), onError: (failure) => setError(readServerError(failure).message) });
              }}
            >
              Remove picture
            </Button>
          )}
          {uploading && (
            <span role="status" className="text-xs text-ink-muted">
              Uploading…
            </span>
          )}
        </div>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
