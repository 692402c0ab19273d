import { defineModule } from "../define";
import { accountingAiTools } from "./ai-tools";
import { accountingLifecycle } from "./lifecycle";
import { accountingNav } from "./nav";
import { DOCUMENT_EMAIL_EVENT, documentEmailJob } from "./documents/email";
import { ITEM_POSTED } from "./events";

/** Accounting: the chart of accounts and an inalterable double-entry journal with invoices, bills, payments and their reports. */
export const accountingModule = defineModule({
  id: "accounting",
  jobs: [documentEmailJob],
  events: [DOCUMENT_EMAIL_EVENT, ITEM_POSTED],
  lifecycle: accountingLifecycle,
  aiTools: accountingAiTools,
  nav: accountingNav,
});
