/*
 * Object keys. A tenant's files live under `tenant/{tenantId}/`, a user's avatar (users
 * are global, not per tenant) under `users/{userId}/`. Every id here comes from the
 * database row the file belongs to (its tenant_id, its own id), never from client input;
 * the tables' CHECK constraints hold the prefix to the row's tenant or user.
 *
 * Logos and avatars are replaced in place from the user's point of view, but each upload
 * gets its own key (`…/logo/{uploadId}`): the new object is written before the row
 * switches to it, so a failed replacement never destroys the picture still in use.
 */

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MODULE = /^[a-z][a-z0-9_]{0,39}$/;

function id(value: string, what: string): string {
  if (!ID.test(value)) throw new Error(`Storage key: ${what} must be a uuid, got "${value}".`);
  return value.toLowerCase();
}

export const storageKeys = {
  tenantPrefix: (tenantId: string) => `tenant/${id(tenantId, "tenant id")}/`,
  logo: (tenantId: string, uploadId: string) => `tenant/${id(tenantId, "tenant id")}/logo/${id(uploadId, "upload id")}`,
  aiDocument: (tenantId: string, documentId: string) => `tenant/${id(tenantId, "tenant id")}/ai-documents/${id(documentId, "document id")}`,
  importFile: (tenantId: string, module: string, importId: string) => {
    if (!MODULE.test(module)) throw new Error(`Storage key: "${module}" is not a module name.`);
    return `tenant/${id(tenantId, "tenant id")}/imports/${module}/${id(importId, "import id")}`;
  },
  avatar: (userId: string, uploadId: string) => `users/${id(userId, "user id")}/avatar/${id(uploadId, "upload id")}`,
};
