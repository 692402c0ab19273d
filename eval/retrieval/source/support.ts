/** Help-centre articles for a business platform's customers: how-tos, troubleshooting, and one page per error code. */
import { paragraphs, type SourceDoc } from "./types";

interface ErrorCode {
  code: string;
  message: string;
  where: string;
  cause: string;
  fix: string;
}

const errorCodes: ErrorCode[] = [
  { code: "E1001", message: "Session expired", where: "any page", cause: "You were inactive for longer than your organisation's session timeout (8 hours by default), or an administrator ended all sessions.", fix: "Sign in again. Unsaved changes in an open form are lost, so save drafts before long breaks." },
  { code: "E1204", message: "Invoice number already used", where: "saving an invoice", cause: "Another invoice in the same numbering series already has this number, usually because a number was typed by hand.", fix: "Leave the number field empty to get the next free number, or check the series under Settings → Accounting → Numbering." },
  { code: "E1310", message: "Period is locked", where: "posting a journal entry or invoice", cause: "The accounting period of the entry's date has been closed by your finance team.", fix: "Date the entry in an open period, or ask a user with the Accountant role to reopen the period." },
  { code: "E2002", message: "Import file could not be read", where: "importing contacts, products or stock", cause: "The file is not UTF-8 encoded, uses a separator other than comma or semicolon, or is an Excel file renamed to .csv.", fix: "Save the sheet as \"CSV UTF-8\" from your spreadsheet program and import again." },
  { code: "E2015", message: "Column not recognised", where: "the import preview", cause: "A header in the file does not match a field, for example \"E-mail address\" instead of \"email\".", fix: "Map the column to a field in the preview, or rename the header; the template under Import → Download template has the exact names." },
  { code: "E3100", message: "Not enough stock", where: "confirming a sales order or shipment", cause: "The quantity exceeds the available stock at the chosen warehouse; reserved and in-transit stock is not available.", fix: "Ship a partial quantity, choose another warehouse, or allow backorders for the product." },
  { code: "E3120", message: "Location is blocked for counting", where: "picking or moving stock", cause: "A cycle count is in progress on the location, and stock there is frozen until the count is posted.", fix: "Wait for the count to be posted or ask the warehouse lead to cancel it." },
  { code: "E4003", message: "Seat limit reached", where: "inviting a user", cause: "Your subscription has as many active users as its plan allows.", fix: "Deactivate a user who no longer needs access, or upgrade the plan under Settings → Billing." },
  { code: "E4010", message: "Payment method declined", where: "renewing or upgrading a subscription", cause: "Your bank refused the charge: an expired card, insufficient funds, or a fraud check that needs your confirmation.", fix: "Update the card under Settings → Billing → Payment method; we retry automatically three times over seven days." },
  { code: "E5029", message: "Too many requests", where: "the API (HTTP 429)", cause: "Your integration sent more than 600 requests a minute for your organisation.", fix: "Back off and retry after the number of seconds in the Retry-After header, and batch updates where the API allows it." },
  { code: "E5044", message: "Webhook endpoint unreachable", where: "the webhook delivery log", cause: "Your endpoint did not answer with a 2xx status within 10 seconds, or its TLS certificate is invalid.", fix: "Check the endpoint is public and answers quickly; deliveries are retried for 72 hours with increasing delays, then the endpoint is paused." },
  { code: "E6001", message: "Single sign-on assertion rejected", where: "signing in through SSO", cause: "The identity provider's SAML response is signed with a certificate that no longer matches the one uploaded, or the clocks differ by more than five minutes.", fix: "Upload the identity provider's current signing certificate under Settings → Security → Single sign-on." },
];

const errorPage = (error: ErrorCode): SourceDoc => ({
  id: `sup-error-${error.code.toLowerCase()}`,
  title: `Error ${error.code}: ${error.message}`,
  text: paragraphs(
    `You may see the message "${error.message}" (code ${error.code}) when ${error.where === "any page" ? "using any page" : error.where}.`,
    `Why it happens: ${error.cause}`,
    `What to do: ${error.fix}`,
    "If the message persists, contact support with the code, the time it appeared and what you were doing.",
  ),
});

const articles: SourceDoc[] = [
  {
    id: "sup-reset-password",
    title: "Resetting your password",
    text: paragraphs(
      "On the sign-in page, choose \"Forgot password\" and enter the e-mail address of your account. We send a link that is valid for one hour; requesting a new link cancels the previous one.",
      "Your new password must have at least 12 characters and must not appear in lists of leaked passwords. If your organisation signs in through single sign-on, reset the password with your company's identity provider instead.",
      "No e-mail? Check the spam folder, and ask your administrator whether your address is spelled correctly on your user profile.",
    ),
  },
  {
    id: "sup-2fa-lost-phone",
    title: "Lost access to your authenticator app",
    text: paragraphs(
      "If you changed phones or lost the one with your authenticator app, sign in with one of the ten recovery codes you saved when you set up two-step verification. Each code works once.",
      "Without recovery codes, an administrator of your organisation can reset your two-step verification from the Members page; you then set it up again at your next sign-in.",
      "If you are the only administrator, contact support from your account's e-mail address. For your security, we verify your identity with a video call before removing the protection, which can take two working days.",
    ),
  },
  {
    id: "sup-enable-2fa",
    title: "Turning on two-step verification",
    text: paragraphs(
      "Open your profile, choose Security and then \"Set up two-step verification\". Scan the QR code with an authenticator app such as Google Authenticator, Microsoft Authenticator or 1Password, and enter the six-digit code it shows.",
      "Save the recovery codes in a safe place: they are the only way back in if you lose the phone.",
      "Administrators can require two-step verification for everyone in the organisation under Settings → Security. Members without it are asked to set it up at their next sign-in.",
    ),
  },
  {
    id: "sup-sso-saml",
    title: "Setting up single sign-on with SAML",
    text: paragraphs(
      "Single sign-on is available on the Business and Enterprise plans. In your identity provider (Okta, Microsoft Entra ID, Google Workspace or any SAML 2.0 provider), create an application with the ACS URL and entity ID shown under Settings → Security → Single sign-on.",
      "Upload the provider's metadata file or paste its sign-on URL and signing certificate. Map the e-mail attribute; first and last name are optional.",
      "Test with one user before enforcing SSO for everyone. Keep one administrator able to sign in with a password in case the identity provider is unavailable.",
    ),
  },
  {
    id: "sup-invite-users",
    title: "Inviting colleagues to your organisation",
    text: paragraphs(
      "Administrators invite people from Settings → Members → Invite. Enter one or more e-mail addresses and choose a role: Viewer, Member, Manager or Administrator. The invitation is valid for seven days.",
      "Invited people appear as pending until they accept. Pending invitations do not count towards your plan's user limit.",
      "To change someone's role later, open their row on the Members page. An organisation always keeps at least one Administrator.",
    ),
  },
  {
    id: "sup-roles-permissions",
    title: "What each role can do",
    text: paragraphs(
      "Viewers can see records but not change them. Members create and edit contacts, deals, orders and stock movements. Managers can also approve orders, delete records and see reports. Administrators manage members, billing, integrations and security settings.",
      "The Accountant role can be added to any other role. It allows posting journal entries and closing or reopening accounting periods.",
      "Roles apply to the whole organisation; there are no per-record permissions.",
    ),
  },
  {
    id: "sup-change-plan",
    title: "Upgrading or downgrading your plan",
    text: paragraphs(
      "Administrators change the plan under Settings → Billing. An upgrade takes effect at once and you pay the prorated difference for the rest of the billing period.",
      "A downgrade takes effect at the end of the current period. If you use more than the smaller plan allows, for example more users or warehouses, reduce your usage first; the page tells you what is over the limit.",
      "Switching from monthly to annual billing gives two months free and starts a new annual period today.",
    ),
  },
  {
    id: "sup-cancel-subscription",
    title: "Cancelling your subscription",
    text: paragraphs(
      "An administrator can cancel under Settings → Billing → Cancel subscription. You keep full access until the end of the period you have paid for; we do not refund partial periods.",
      "After the period ends your organisation becomes read-only for 30 days, so you can still export everything. After that, the data is deleted permanently within a further 30 days.",
      "If you change your mind during the read-only period, reactivate from the same page and nothing is lost.",
    ),
  },
  {
    id: "sup-export-data",
    title: "Exporting all your data",
    text: paragraphs(
      "Administrators can download a complete export of the organisation from Settings → Data → Export. The archive contains one CSV file per record type (contacts, companies, deals, products, orders, stock movements, journal entries) and the attached files.",
      "Large exports are prepared in the background; you receive an e-mail with a download link that stays valid for seven days.",
      "Lists can also be exported one at a time from the list's menu, with the current filters applied.",
    ),
  },
  {
    id: "sup-import-contacts",
    title: "Importing contacts from a spreadsheet",
    text: paragraphs(
      "Go to CRM → Contacts → Import and upload a CSV file. The first row must contain column headers. In the preview, map each column to a contact field; unmapped columns are ignored.",
      "Rows whose e-mail address already exists update that contact instead of creating a duplicate. You can choose whether empty cells clear the existing value or leave it unchanged.",
      "An import of up to 50,000 rows runs in the background; you get a summary with the number of created, updated and rejected rows, and a file of the rejected rows with the reason for each.",
    ),
  },
  {
    id: "sup-merge-duplicates",
    title: "Merging duplicate contacts",
    text: paragraphs(
      "When two contacts describe the same person, select both in the list and choose Merge. Pick which value to keep for each field that differs; activities, deals and files of both are moved to the surviving contact.",
      "A merge cannot be undone. The duplicates report under CRM → Tools lists contacts with the same e-mail or the same name and phone number, so you can review them in one place.",
    ),
  },
  {
    id: "sup-invoice-pdf-layout",
    title: "Customising the invoice PDF",
    text: paragraphs(
      "Under Settings → Accounting → Documents you can upload your logo, choose the accent colour, and add a footer with your bank details and registration numbers. The preview updates as you type.",
      "Legal notes that must appear on every invoice, such as a reverse charge mention, can be set per customer on the customer's record.",
      "The layout itself is fixed so that invoices stay compliant in every country we support.",
    ),
  },
  {
    id: "sup-invoice-email-not-received",
    title: "A customer did not receive an invoice e-mail",
    text: paragraphs(
      "Open the invoice and check the activity panel: it shows when the e-mail was sent and whether the recipient's server accepted it. A bounced message shows the reason, such as a mistyped address or a full mailbox.",
      "Ask the customer to look in the spam folder and to allow messages from our sending address. For customers who never receive our e-mails, download the PDF and send it from your own mailbox.",
      "You can resend the invoice from its menu; the customer receives the same document, not a new invoice.",
    ),
  },
  {
    id: "sup-credit-note",
    title: "Correcting a sent invoice",
    text: paragraphs(
      "A sent invoice cannot be edited, because invoice numbers must stay gapless and unchanged. To correct it, open the invoice and choose \"Create credit note\". Credit the whole invoice or only some lines.",
      "Then issue a new, correct invoice if needed. Both documents are sent to the customer and linked to each other in the accounting records.",
      "Drafts, which have no number yet, can be edited freely.",
    ),
  },
  {
    id: "sup-recurring-invoices",
    title: "Recurring invoices",
    text: paragraphs(
      "For subscriptions and rents you bill every month, create a recurring invoice template: choose the customer, the lines, the frequency (monthly, quarterly or yearly) and the start date.",
      "Each period the platform creates the invoice as a draft or sends it directly, as you choose. Price changes made to the template apply from the next invoice.",
      "Pause a template to skip periods, for example while a customer's service is suspended.",
    ),
  },
  {
    id: "sup-bank-reconciliation",
    title: "Matching bank transactions",
    text: paragraphs(
      "Connect your bank account under Accounting → Banks, or upload a statement file (CAMT.053, MT940 or CSV). New transactions appear in the reconciliation view.",
      "The platform suggests a match when the amount and reference fit an open invoice or bill. Accept the suggestion, or search for the right document; one payment can be matched to several invoices.",
      "Transactions without a document, such as bank fees, can be posted directly to an account with a rule that applies to future transactions too.",
    ),
  },
  {
    id: "sup-low-stock-alerts",
    title: "Getting alerts when stock runs low",
    text: paragraphs(
      "On each product, set a reorder point per warehouse. When the available quantity falls below it, the product appears on the Replenishment page and the people who follow the product receive a notification.",
      "The Replenishment page suggests an order quantity to reach the maximum level you set, grouped by preferred supplier, so you can create purchase orders in one click.",
      "Reserved stock for confirmed orders is subtracted from the available quantity before the check.",
    ),
  },
  {
    id: "sup-stock-adjustment",
    title: "Adjusting stock after a count",
    text: paragraphs(
      "When the shelf quantity differs from the system, record a stock adjustment from the product's stock tab or from a count session. Enter the counted quantity; the platform computes the difference.",
      "Every adjustment needs a reason (damage, loss, found, count correction) and is kept in the stock movements history with the user and time.",
      "Adjustments change the stock value and post to the inventory adjustment account if accounting is enabled.",
    ),
  },
  {
    id: "sup-barcode-scanning",
    title: "Using a barcode scanner with the app",
    text: paragraphs(
      "Any USB or Bluetooth scanner that acts as a keyboard works in the web app. Put the cursor in the search or quantity field and scan; the scanner types the code followed by Enter.",
      "On the picking screen, scanning a product adds one unit; scanning the location label first confirms you are at the right shelf. Set products' barcodes (EAN, UPC or your own) on the product form.",
      "If scans appear as strange characters, the scanner's keyboard layout does not match your computer's; scan the layout barcode from the scanner's manual.",
    ),
  },
  {
    id: "sup-multi-warehouse",
    title: "Working with several warehouses",
    text: paragraphs(
      "Each warehouse has its own stock levels, locations and reorder points. Sales orders are fulfilled from the customer's default warehouse unless you choose another on the order.",
      "Move goods between warehouses with a transfer: the stock leaves the origin when shipped and is available at the destination once received.",
      "The number of warehouses depends on your plan; see Settings → Billing for your limit.",
    ),
  },
  {
    id: "sup-api-keys",
    title: "Creating an API key",
    text: paragraphs(
      "Administrators create API keys under Settings → Integrations → API keys. Give each key a name that says which integration uses it, and choose read-only or read-write access.",
      "The key is shown once. Store it in your integration's secret store; if it is lost, create a new one and revoke the old key.",
      "Requests authenticate with the header \"Authorization: Bearer\" followed by the key. Each key is limited to the organisation that created it.",
    ),
  },
  {
    id: "sup-webhooks",
    title: "Receiving webhooks",
    text: paragraphs(
      "Webhooks tell your system about changes as they happen: new orders, paid invoices, stock below reorder point and more. Add an endpoint URL under Settings → Integrations → Webhooks and select the events.",
      "Every delivery is signed with your endpoint's secret in the \"Signature\" header; verify it before trusting the body. Deliveries may arrive more than once or out of order, so use the event id to ignore repeats.",
      "The delivery log shows each attempt with its response code for 30 days.",
    ),
  },
  {
    id: "sup-audit-log",
    title: "Seeing who changed what",
    text: paragraphs(
      "The audit log under Settings → Security lists sign-ins, role changes, exports, deletions and changes to settings, with the user, time and IP address. Administrators can filter it by person or by kind of event and export it.",
      "Entries are kept for one year on the Business plan and three years on Enterprise. They cannot be edited or deleted, not even by administrators.",
    ),
  },
  {
    id: "sup-delete-account",
    title: "Deleting your personal account",
    text: paragraphs(
      "You can delete your own account from Profile → Delete account. If you are the last administrator of an organisation, appoint another administrator or cancel the organisation first.",
      "Deleting your account removes your profile and sign-in details. Records you created in an organisation, such as invoices and notes, stay with the organisation and show your name as a former member.",
    ),
  },
  {
    id: "sup-mobile-app",
    title: "Using the mobile app",
    text: paragraphs(
      "The mobile app for iOS and Android gives access to contacts, deals, tasks, stock lookup and picking. Sign in with the same account; single sign-on and two-step verification work as on the web.",
      "Picking and counting work offline: scans are stored on the phone and sent when the connection returns. Accounting and settings are available only on the web.",
    ),
  },
  {
    id: "sup-data-location",
    title: "Where your data is stored",
    text: paragraphs(
      "Organisations created in Europe are hosted in data centres in Frankfurt with backups in Amsterdam; organisations created elsewhere are hosted in Virginia with backups in Oregon. The region is chosen when the organisation is created and cannot be changed later.",
      "Data is encrypted in transit and at rest. Backups are taken every hour and kept for 35 days.",
      "Our subprocessors and their locations are listed on the trust page, together with our certifications.",
    ),
  },
  {
    id: "sup-notifications-settings",
    title: "Choosing which notifications you receive",
    text: paragraphs(
      "Open Profile → Notifications to choose, per kind of event, whether you are told in the app, by e-mail, or not at all. Mentions and tasks assigned to you are on by default.",
      "A daily digest groups everything from the previous day into one e-mail at 07:00 in your time zone instead of separate messages.",
      "Administrators cannot change your personal choices, but security notices are always sent.",
    ),
  },
  {
    id: "sup-deal-pipeline",
    title: "Customising the sales pipeline",
    text: paragraphs(
      "Under CRM → Settings → Pipelines you can rename, reorder and add stages, and set the win probability of each stage used in the forecast.",
      "Deals in a stage you delete are moved to the stage you choose. You can keep several pipelines, for example new business and renewals, each with its own stages.",
      "Drag a deal card between columns on the board to change its stage; the change is recorded in the deal's history.",
    ),
  },
  {
    id: "sup-tax-rates",
    title: "Setting up VAT and sales tax rates",
    text: paragraphs(
      "Tax rates are set under Settings → Accounting → Taxes. Each rate has a name, a percentage and the accounts it posts to. Standard rates for your country are created with the organisation.",
      "Assign a default rate to each product; a customer's tax settings can override it, for example for exempt customers or reverse charge within the EU.",
      "When a rate changes by law, create a new rate with the start date rather than editing the old one, so past invoices stay correct.",
    ),
  },
  {
    id: "sup-second-entity",
    title: "Adding another company to your account",
    text: paragraphs(
      "Groups with several legal entities create one organisation per entity, each with its own books, numbering series and tax settings. Administrators switch between them with the organisation menu at the top left.",
      "Users can be members of several organisations with different roles. Products and contacts are not shared automatically; use export and import to copy them when setting up a new entity.",
      "Each organisation has its own subscription; groups with more than three organisations can ask sales for a group price.",
    ),
  },
  {
    id: "sup-document-language",
    title: "Sending invoices in your customer's language",
    text: paragraphs(
      "Invoices, credit notes, quotes and delivery notes can be printed in English, Dutch, German, French, Spanish or Japanese. Set the language on the customer's record; new documents for that customer use it.",
      "Product descriptions are printed as entered. To show translated descriptions, add them on the product form under Translations.",
      "The language of the app itself is a personal setting under Profile.",
    ),
  },
  {
    id: "sup-time-zone",
    title: "Dates and time zones",
    text: paragraphs(
      "Each organisation has a time zone, set under Settings → General. It decides which day an invoice, a stock movement or a journal entry belongs to, so choose the zone where your books are kept.",
      "Each user also has a personal time zone for displaying times in the app and in notifications. Scheduled tasks such as recurring invoices run at 06:00 in the organisation's time zone.",
    ),
  },
  {
    id: "sup-pick-lists",
    title: "Printing pick lists",
    text: paragraphs(
      "From Inventory → Shipments, select the shipments to prepare and choose Print pick list. The list is sorted by location so the picker walks each aisle once, and shows a barcode per line for scanning.",
      "Combine several shipments into one batch list for small orders, or print one list per shipment for large ones. Printed lists are marked so the same shipment is not picked twice; reprints say REPRINT in the header.",
    ),
  },
];

export function supportDocs(): SourceDoc[] {
  return [...articles, ...errorCodes.map(errorPage)];
}
