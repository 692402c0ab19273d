import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { importQueryOptions } from "@/components/records/import-format";
import type { ImportApi, ImportConfig, ImportEntityConfig } from "@/components/records/import-types";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { ENTITY_LABEL } from "../shared/labels";

/*
 * CRM's CSV imports as a configuration of the records import wizard: contacts and
 * companies, the `crm.imports.*` procedures and the upload route POST /api/crm/imports.
 */

export type CrmImportEntity = RouterOutputs["crm"]["imports"]["get"]["entityType"];

/**
 * The upload limit of POST /api/crm/imports (IMPORT_MAX_BYTES in the server's
 * import-parse.ts, which cannot be bundled for the browser). The server refuses bigger
 * files anyway; this only spares the wait for an upload bound to fail.
 */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const crmApi: ImportApi<CrmImportEntity> = {
  useImport(id, options) {
    const trpc = useTRPC();
    return useQuery(trpc.crm.imports.get.queryOptions({ id }, importQueryOptions(options)));
  },
  useHistory(pageSize, options) {
    const trpc = useTRPC();
    return useInfiniteQuery(trpc.crm.imports.list.infiniteQueryOptions({ limit: pageSize }, { getNextPageParam: (page) => page.nextCursor, ...importQueryOptions(options) }));
  },
  useErrors(input, options) {
    const trpc = useTRPC();
    return useQuery(trpc.crm.imports.errors.queryOptions(input, importQueryOptions(options)));
  },
  usePreview(input, options) {
    const trpc = useTRPC();
    return useQuery(trpc.crm.imports.preview.queryOptions(input, importQueryOptions(options)));
  },
  useStart(callbacks) {
    const trpc = useTRPC();
    return useMutation(trpc.crm.imports.start.mutationOptions(callbacks));
  },
  useCancel(callbacks) {
    const trpc = useTRPC();
    return useMutation(trpc.crm.imports.cancel.mutationOptions(callbacks));
  },
  useCreateField(callbacks) {
    const trpc = useTRPC();
    const mutation = useMutation(trpc.crm.fields.create.mutationOptions(callbacks));
    return { ...mutation, mutate: (input) => mutation.mutate({ ...input, entityType: input.entityType as CrmImportEntity }), mutateAsync: (input) => mutation.mutateAsync({ ...input, entityType: input.entityType as CrmImportEntity }) };
  },
  useRefresh() {
    const trpc = useTRPC();
    const queryClient = useQueryClient();
    return useMemo(
      () => ({
        item: (id: string) => queryClient.invalidateQueries(trpc.crm.imports.get.queryFilter({ id })),
        history: () => queryClient.invalidateQueries(trpc.crm.imports.list.pathFilter()),
        errors: (id: string) => queryClient.invalidateQueries(trpc.crm.imports.errors.queryFilter({ id })),
      }),
      [queryClient, trpc],
    );
  },
};

const ENTITIES: Record<CrmImportEntity, ImportEntityConfig> = {
  contact: {
    ...ENTITY_LABEL.contact,
    listHref: (slug) => `/t/${slug}/crm/contacts`,
    missingFields: (mapped) => [
      ...(!mapped.has("firstName") && !mapped.has("fullName") ? ["Choose the column with the first name (or the full name)."] : []),
      ...(mapped.has("fullName") && (mapped.has("firstName") || mapped.has("lastName")) ? ["Map either the full name or first and last name, not both."] : []),
    ],
    duplicates: {
      heading: "Rows whose email is already on a contact",
      foundBy: "Duplicates are found by email address, then by phone, then by name and company; the preview says which one matched.",
      updateAlsoAdds: " New emails, phones and tags are added.",
    },
  },
  company: {
    ...ENTITY_LABEL.company,
    listHref: (slug) => `/t/${slug}/crm/companies`,
    missingFields: (mapped) => (mapped.has("name") ? [] : ["Choose the column with the company’s name."]),
    duplicates: {
      heading: "Rows whose domain is already on a company",
      foundBy: "Duplicates are found by the website domain.",
      updateAlsoAdds: " New tags are added.",
    },
  },
};

export const CRM_IMPORTS: ImportConfig<CrmImportEntity> = {
  entities: ENTITIES,
  uploadIntro:
    "Bring contacts or companies in from a spreadsheet or another CRM. You choose which column goes into which field and see a preview before anything is imported.",
  historyIntro: "CSV imports of contacts and companies, newest first, with what each one imported and the rows it refused.",
  importsHref: (slug) => `/t/${slug}/crm/imports`,
  uploadUrl: "/api/crm/imports",
  maxBytes: MAX_IMPORT_BYTES,
  customFieldPrefix: "custom.",
  api: crmApi,
  newFieldsForbidden: "Creating a field needs the permission to configure the CRM (admins and owners): ask one of them to add the field, or skip the column.",
};
