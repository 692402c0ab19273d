// Kept for the upload route (src/app/api/crm/imports/route.ts) until it imports from ./imports/imports.
export { createImport } from "./imports/imports";
