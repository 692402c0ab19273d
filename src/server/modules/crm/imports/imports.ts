import { defineImports } from "../../../records/import/engine";
import { companyImportAdapter } from "../companies/import";
import { contactImportAdapter } from "../contacts/import";
import { crmImportErrors, crmImportFiles, crmImportStatus, crmImports } from "../schema";
import { defineEvent } from "../../../jobs/events";
import type { ImportRequested } from "../../../records/import/engine";
import { CRM } from "../permissions";
import { IMPORT_FINISHED } from "../events";

/*
 * CRM's CSV imports of contacts and companies, on the records import engine
 * (src/server/records/import): the upload route stores a draft, the procedures map,
 * preview and start it, and crmImportJob (../jobs.ts) runs it.
 */

export const CRM_IMPORT_EVENT = defineEvent<ImportRequested>("crm/import.requested");

export type ImportEntity = "contact" | "company";

export const {
  createImportInput,
  importListInput,
  importErrorsInput,
  importMappingInput,
  createImport,
  uploadImport,
  getImport,
  listImports,
  listImportErrors,
  previewImport,
  startImport,
  cancelImport,
  runImport,
  failImport,
} = defineImports<ImportEntity>({
  tables: { status: crmImportStatus, imports: crmImports, files: crmImportFiles, errors: crmImportErrors },
  adapters: { contact: contactImportAdapter, company: companyImportAdapter },
  entityTypeMessage: "Choose what the file holds: contacts or companies.",
  event: CRM_IMPORT_EVENT,
  finishedEvent: IMPORT_FINISHED,
  audit: "crm.import",
  roles: { import: CRM.edit, manageAll: CRM.manageOthers },
});

export { IMPORT_BATCH_ROWS, type RunOptions, type RunResult } from "../../../records/import/run";
export type { ImportState, ImportSummary } from "../../../records/import/store";
