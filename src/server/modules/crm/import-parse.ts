// Kept for the upload route (src/app/api/crm/imports/route.ts) until it imports from src/server/records/import/parse.
export { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE } from "../../records/import/parse";
