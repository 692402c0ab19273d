import { randomUUID } from "node:crypto";
import { getTableName } from "drizzle-orm";
import { HEAD_BYTES } from "../records/import/parse";
import { storageKeys } from "../storage/keys";
import type { FileTable } from "../storage/migrate";
import { userAvatars } from "./accounts/schema";
import { aiDocumentFiles } from "./ai/schema";
import { crmImportFiles, crmImports } from "./crm/schema";
import { inventoryImportFiles, inventoryImports } from "./inventory/schema";
import { tenantLogos } from "./orgs/schema";

/*
 * Every table whose rows hold a file (bytes in the row or an object key), for
 * `npm run storage:migrate` (src/server/storage/migrate.ts). A module that adds a file
 * table adds it here; the storage layer itself names no module.
 */

const importFiles = (files: typeof crmImportFiles, imports: typeof crmImports): FileTable => {
  const moduleName = getTableName(files).replace(/_import_files$/, "");
  return {
    label: `${moduleName} import files`,
    table: getTableName(files),
    bytesColumn: "content",
    idColumn: "import_id",
    scope: "tenant",
    keyOf: (tenantId, importId) => storageKeys.importFile(tenantId!, moduleName, importId),
    contentType: { fixed: "text/csv" },
    keepHeadBytes: HEAD_BYTES,
    // The file of an import being run is read in ranges from where it is: left alone until the run ends.
    skipWhere: `import_id in (select id from ${getTableName(imports)} where status = 'running')`,
    prefixOf: (tenantId) => `${storageKeys.tenantPrefix(tenantId!)}imports/${moduleName}/`,
  };
};

export const STORED_FILE_TABLES: FileTable[] = [
  {
    label: "organization logos",
    table: getTableName(tenantLogos),
    bytesColumn: "bytes",
    idColumn: "tenant_id",
    scope: "tenant",
    keyOf: (tenantId) => storageKeys.logo(tenantId!, randomUUID()),
    contentType: { column: "content_type" },
    prefixOf: (tenantId) => `${storageKeys.tenantPrefix(tenantId!)}logo/`,
  },
  {
    label: "avatars",
    table: getTableName(userAvatars),
    bytesColumn: "bytes",
    idColumn: "user_id",
    scope: "global",
    keyOf: (_tenantId, userId) => storageKeys.avatar(userId, randomUUID()),
    contentType: { column: "content_type" },
    prefixOf: () => "users/",
  },
  {
    label: "AI documents",
    table: getTableName(aiDocumentFiles),
    bytesColumn: "bytes",
    idColumn: "document_id",
    scope: "tenant",
    keyOf: (tenantId, documentId) => storageKeys.aiDocument(tenantId!, documentId),
    contentType: { fixed: "application/octet-stream" },
    prefixOf: (tenantId) => `${storageKeys.tenantPrefix(tenantId!)}ai-documents/`,
  },
  importFiles(crmImportFiles, crmImports),
  importFiles(inventoryImportFiles as typeof crmImportFiles, inventoryImports as typeof crmImports),
];
