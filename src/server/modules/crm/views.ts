import { savedViews } from "../../records/views";
import { companyListInput } from "./companies/companies";
import { contactListInput } from "./contacts/contacts";
import { dealListInput } from "./deals/deals-list";
import { crmSavedViews } from "./schema";

/* CRM's saved views (src/server/records/views.ts): a view's query is the list input of its entity. */
export const { createViewInput, updateViewInput, listViews, createView, updateView, deleteView } = savedViews({
  table: crmSavedViews,
  listInputs: { company: companyListInput, contact: contactListInput, deal: dealListInput },
  audit: "crm.view",
});
