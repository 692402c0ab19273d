import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { importQueryOptions } from "@/components/records/import-format";
import type { ImportApi, ImportConfig } from "@/components/records/import-types";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

/*
 * Inventory's CSV imports of products as a configuration of the records import wizard:
 * the `inventory.imports.*` procedures and the upload route POST /api/inventory/imports.
 */

export type InventoryImportEntity = RouterOutputs["inventory"]["imports"]["get"]["entityType"];

/**
 * The upload limit of POST /api/inventory/imports (IMPORT_MAX_BYTES in the server's
 * records/import/parse.ts, which cannot be bundled for the browser). The server refuses
 * bigger files anyway; this only spares the wait for an upload bound to fail.
 */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const inventoryApi: ImportApi<InventoryImportEntity> = {
  useImport(id, options) {
    const trpc = useTRPC();
    return useQuery(trpc.inventory.imports.get.queryOptions({ id }, importQueryOptions(options)));
  },
  useHistory(pageSize, options) {
    const trpc = useTRPC();
    return useInfiniteQuery(
      trpc.inventory.imports.list.infiniteQueryOptions({ limit: pageSize }, { getNextPageParam: (page) => page.nextCursor, ...importQueryOptions(options) }),
    );
  },
  useErrors(input, options) {
    const trpc = useTRPC();
    return useQuery(trpc.inventory.imports.errors.queryOptions(input, importQueryOptions(options)));
  },
  usePreview(input, options) {
    const trpc = useTRPC();
    return useQuery(trpc.inventory.imports.preview.queryOptions(input, importQueryOptions(options)));
  },
  useStart(callbacks) {
    const trpc = useTRPC();
    const queryClient = useQueryClient();
    // A started import changes the product list and its categories.
    return useMutation(
      trpc.inventory.imports.start.mutationOptions({
        ...callbacks,
        onSuccess: async () => {
          await queryClient.invalidateQueries(trpc.inventory.products.pathFilter());
          await callbacks.onSuccess?.();
        },
      }),
    );
  },
  useCancel(callbacks) {
    const trpc = useTRPC();
    return useMutation(trpc.inventory.imports.cancel.mutationOptions(callbacks));
  },
  useRefresh() {
    const trpc = useTRPC();
    const queryClient = useQueryClient();
    return useMemo(
      () => ({
        item: (id: string) => queryClient.invalidateQueries(trpc.inventory.imports.get.queryFilter({ id })),
        history: () => queryClient.invalidateQueries(trpc.inventory.imports.list.pathFilter()),
        errors: (id: string) => queryClient.invalidateQueries(trpc.inventory.imports.errors.queryFilter({ id })),
      }),
      [queryClient, trpc],
    );
  },
};

export const INVENTORY_IMPORTS: ImportConfig<InventoryImportEntity> = {
  entities: {
    product: {
      one: "product",
      many: "products",
      title: "Products",
      listHref: (slug) => `/t/${slug}/inventory`,
      missingFields: (mapped) => (mapped.has("sku") ? [] : ["Choose the column with the SKU."]),
      duplicates: {
        heading: "Rows whose SKU is already on a product",
        foundBy: "Duplicates are found by SKU, whatever its case. An import never changes a product’s currency; a row whose SKU belongs to a product in the trash is refused.",
        updateAlsoAdds: "",
      },
    },
  },
  uploadIntro:
    "Bring products in from a spreadsheet or another system. Prices may be written as in your spreadsheet (12.50 or 12,50). You choose which column goes into which field and see a preview before anything is imported. Stock is not imported: receive it on each product.",
  historyIntro: "CSV imports of products, newest first, with what each one imported and the rows it refused.",
  importsHref: (slug) => `/t/${slug}/inventory/imports`,
  uploadUrl: "/api/inventory/imports",
  maxBytes: MAX_IMPORT_BYTES,
  customFieldPrefix: "custom.",
  api: inventoryApi,
};
