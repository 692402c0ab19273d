import { defineModule } from "../define";
import { accountingLifecycle } from "./lifecycle";
import { accountingNav } from "./nav";

/** Accounting: the chart of accounts and an inalterable double-entry journal (reports, invoices and bills build on it). */
export const accountingModule = defineModule({
  id: "accounting",
  lifecycle: accountingLifecycle,
  nav: accountingNav,
});
