/*
 * What other modules may use of inventory (accounting posts bills and invoices through
 * these, never through the tables). Each runs in the caller's tenant transaction, so a
 * stock movement and the journal entry that books it commit or fail together.
 *
 *  - receiveStock: a bill's received lines (quantity, unit cost in minor units, reference
 *    { referenceType: "accounting.bill", referenceId }); returns the movement's value.
 *  - shipStock: an invoice's shipped lines; each returned movement carries the unit cost
 *    and value it was costed at (cost of goods sold), plus any value-only entries.
 *  - reserveStock / releaseReservations: a draft invoice holds stock (available = on hand −
 *    reserved) until it is posted or dropped.
 *  - stockValuation: the inventory account's balance to reconcile against.
 *
 * A backdated movement may revalue later outflows: PostedMovement.adjustments lists the
 * value-only entries it booked (kind, value, cost segment), to post as COGS corrections.
 */
export { receiveStock, releaseReservations, reserveStock, shipStock, type StockResult } from "./stock/stock";
export { stockValuation } from "./stock/reads";
export type { PostedMovement } from "./stock/ledger";
export { movementsOf, productsForDocuments, warehouseForDocument, type DocumentMovement, type ProductForDocument } from "./documents-api";
