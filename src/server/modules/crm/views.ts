import type { TenantTx } from "../../db/tenant";
import { savedViews } from "../../records/views";
import { companyListInput } from "./companies/companies";
import { contactListInput } from "./contacts/contacts";
import { listCustomFields } from "./custom-fields";
import { dealListInput } from "./deals/deals-list";
import { crmSavedViews, type CrmEntityType } from "./schema";
import { CRM_LIST_COLUMNS, customColumnKey } from "./validation";

/** The columns a CRM list can show: its own, then its entity's active custom fields. */
const listColumns = (entityType: CrmEntityType) => async (tx: TenantTx) => [
  ...CRM_LIST_COLUMNS[entityType],
  ...(await listCustomFields(tx, entityType)).map((field) => customColumnKey(field.key)),
];

/* CRM's saved views (src/server/records/views.ts): a view's query is the list input of its entity, plus its columns. */
export const { createViewInput, updateViewInput, listViews, createView, updateView, deleteView } = savedViews({
  table: crmSavedViews,
  listInputs: { company: companyListInput, contact: contactListInput, deal: dealListInput },
  columns: { company: listColumns("company"), contact: listColumns("contact"), deal: listColumns("deal") },
  audit: "crm.view",
});
