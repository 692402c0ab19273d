import type { InfiniteData, keepPreviousData, UseInfiniteQueryResult, UseQueryResult } from "@tanstack/react-query";

/*
 * What the import wizard needs from a module: the shape of an import as its procedures
 * return it, and the configuration that names the module's records, links and
 * procedures. The wizard itself (./import-wizard.tsx) names no module.
 */

/** Where an import is: "draft" is uploaded but not mapped yet. */
export type ImportState = "draft" | "queued" | "running" | "done" | "failed";

/** One import as the history lists it. */
export type ImportSummary<E extends string = string> = {
  id: string;
  entityType: E;
  fileName: string;
  state: ImportState;
  totalBytes: number;
  processedBytes: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
  failure: string | null;
  createdBy: { id: string; name: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A value a choice field accepts. */
export type ImportChoice = { value: string; label: string };

/** A field a column can go into; `repeatable` fields take several columns (emails, tags); a "choice" field has a list of values. */
export type ImportTarget = { key: string; label: string; repeatable: boolean; kind?: "text" | "choice" | "date" | "boolean"; choices?: ImportChoice[] };

/** A column mapped to a choice field: its distinct values, how many rows have each, and what each becomes (null: not an allowed value). */
export type ImportColumnValues = {
  header: string;
  field: { key: string; label: string };
  choices: ImportChoice[];
  values: { value: string; rows: number; mappedTo: string | null; recognised: string | null }[];
  complete: boolean;
};

export type DateOrder = "dmy" | "mdy";

/** The types a field created from the wizard can have. */
export type NewFieldType = "text" | "number" | "date" | "checkbox" | "single_select" | "multi_select";

/** The type and options the server guesses for a new field from a column's values. */
export type NewFieldGuess = { type: NewFieldType; options: string[] };

/** A new field to create for a column: its label, type and (select types) options. */
export type NewFieldInput = { entityType: string; label: string; type: NewFieldType; options: string[] };

/** What the mapping step shows of a draft's file. */
export type ImportDraft = {
  headers: string[];
  sampleRows: string[][];
  targets: ImportTarget[];
  suggestedMapping: Record<string, string>;
  /** By header: the type and options a new field for that column would get. */
  newFieldGuesses?: Record<string, NewFieldGuess>;
};

/** One import; a draft carries its file's head for its uploader and admins (null for others). */
export type ImportDetail<E extends string = string> = ImportSummary<E> & { draft: ImportDraft | null };

export type ImportRowAction = "create" | "update" | "skip" | "error";

/** The first rows checked with a mapping, as the import would treat them. */
export type ImportPreview = {
  headers: string[];
  rows: { rowNumber: number; action: ImportRowAction; reason: string | null; cells: Record<string, string> }[];
  /** Rows found to be duplicates, and by which rule ("the phone +1 555…"). */
  matches?: { rowNumber: number; matchedBy: string }[];
  values?: ImportColumnValues[];
  /** Date columns, and those whose dates read both ways (the import needs a date order). */
  dates?: { headers: string[]; ambiguous: string[]; example: string | null };
};

/** A page of refused rows, keyset on the row number. */
export type ImportErrorsPage = { items: { rowNumber: number; reason: string }[]; nextAfterRow: number | null };

export type ImportHistoryPage<E extends string> = { items: ImportSummary<E>[]; nextCursor?: string | null };

export type OnDuplicate = "skip" | "update";

/** The column → field mapping ("" leaves a column out) and what to do with duplicates. */
export type ImportMappingInput = {
  id: string;
  mapping: Record<string, string>;
  onDuplicate: OnDuplicate;
  /** Column → (value in the file → allowed value, or "" to leave it empty). */
  valueMapping?: Record<string, Record<string, string>>;
  dateOrder?: DateOrder;
};

/** A write as TanStack's useMutation returns it (only what the wizard reads). */
export type ImportMutation<Variables, Result = unknown> = {
  mutate: (variables: Variables) => void;
  mutateAsync: (variables: Variables) => Promise<Result>;
  reset: () => void;
  isPending: boolean;
  isError: boolean;
  error: unknown;
};

export type MutationCallbacks = { onSuccess?: () => unknown; onError?: () => void };

/**
 * How the wizard wants a query run (TanStack options that do not depend on the
 * procedure): `poll` says how often to refetch given the latest data (false: not).
 */
export type ImportQueryOptions<T> = {
  enabled?: boolean;
  retry?: boolean;
  staleTime?: number;
  gcTime?: number;
  refetchIntervalInBackground?: boolean;
  placeholderData?: typeof keepPreviousData;
  poll?: (data: T | undefined) => number | false;
};

/**
 * A module's import procedures as hooks (module-level functions, so the same hook runs on
 * every render), as SavedViews takes a store: the wizard chooses the options (polling,
 * caching) and what to refresh when; the module chooses the procedures that answer and
 * passes the options through.
 */
export type ImportApi<E extends string> = {
  /** One import, with its draft's file head for its uploader and admins. */
  useImport: (id: string, options: ImportQueryOptions<ImportDetail<E>>) => UseQueryResult<ImportDetail<E>, unknown>;
  /** The history, newest first, `pageSize` at a time (keyset pages following `nextCursor`). */
  useHistory: (pageSize: number, options: ImportQueryOptions<InfiniteData<ImportHistoryPage<E>>>) => UseInfiniteQueryResult<InfiniteData<ImportHistoryPage<E>>, unknown>;
  /** One page of the rows an import refused. */
  useErrors: (input: { id: string; afterRow: number | null; limit: number }, options: ImportQueryOptions<ImportErrorsPage>) => UseQueryResult<ImportErrorsPage, unknown>;
  /** The preview of a draft with a mapping (writes nothing). */
  usePreview: (input: ImportMappingInput, options: ImportQueryOptions<ImportPreview>) => UseQueryResult<ImportPreview, unknown>;
  useStart: (callbacks: MutationCallbacks) => ImportMutation<ImportMappingInput>;
  /** Stops a queued or running import, or discards a draft. */
  useCancel: (callbacks: MutationCallbacks) => ImportMutation<{ id: string }>;
  /** Creates a field for a column that matches none (the module's own field service and permission); absent: the wizard offers no new fields. */
  useCreateField?: (callbacks: MutationCallbacks) => ImportMutation<NewFieldInput, { key: string }>;
  /** Marks cached import data stale (shown queries refetch); each resolves once they have. */
  useRefresh: () => { item: (id: string) => Promise<void>; history: () => Promise<void>; errors: (id: string) => Promise<void> };
};

/** One kind of record a module imports, in the words and links its pages use. */
export type ImportEntityConfig = {
  /** "contact", "contacts", "Contacts". */
  one: string;
  many: string;
  title: string;
  /** Where the imported records are listed ("Go to contacts"). */
  listHref: (slug: string) => string;
  /** The fields a mapping must fill, as problems for the ones it leaves out (the server checks again). */
  missingFields: (mappedKeys: ReadonlySet<string>) => string[];
  /** How duplicates are recognized, for the "what happens to duplicates" step. */
  duplicates: {
    /** "Rows whose email is already on a contact". */
    heading: string;
    /** "Duplicates are found by email address." */
    foundBy: string;
    /** What an update adds besides overwriting filled cells, with a leading space, or "". */
    updateAlsoAdds: string;
  };
};

export type ImportConfig<E extends string> = {
  /** The kinds of record offered, in the order the upload step offers them. */
  entities: Record<E, ImportEntityConfig>;
  /** The upload step's introduction. */
  uploadIntro: string;
  /** The history page's introduction. */
  historyIntro: string;
  /** The import pages: history at this path, `/new?entity=` the upload, `/<id>` one import. */
  importsHref: (slug: string) => string;
  /** The upload route: a multipart POST of `entityType` and `file` answering 201 `{ id }`. */
  uploadUrl: string;
  /** The upload route's size limit (the server refuses bigger files anyway). */
  maxBytes: number;
  /** Target keys of custom fields start with this (they get their own group in the field menu). */
  customFieldPrefix: string;
  api: ImportApi<E>;
  /** Why a member who may import may not create fields ("Creating fields needs …"), shown beside the offer. */
  newFieldsForbidden?: string;
};

/** Who is looking at the import pages, in capabilities. */
export type ImportViewer = {
  userId: string;
  /** May upload, map, start and stop imports. */
  canImport: boolean;
  /** May continue or stop anyone's import, not only their own. */
  canManageAll: boolean;
  /** May create a field for a column that matches none (with the module's `useCreateField`). */
  canCreateFields?: boolean;
};
