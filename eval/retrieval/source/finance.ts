/** Finance procedures: hand-written pages, plus one travel allowance page per city (near-duplicates). */
import { paragraphs, type SourceDoc } from "./types";

interface City {
  key: string;
  name: string;
  currency: string;
  meals: number;
  hotelCap: number;
  note: string;
}

const cities: City[] = [
  { key: "london", name: "London", currency: "GBP", meals: 60, hotelCap: 220, note: "Use the Underground or Elizabeth line from Heathrow; taxis from the airport are not reimbursed unless you arrive after 23:00." },
  { key: "paris", name: "Paris", currency: "EUR", meals: 65, hotelCap: 210, note: "The city tourist tax is charged on top of the room rate and is reimbursed in full." },
  { key: "new-york", name: "New York", currency: "USD", meals: 85, hotelCap: 320, note: "Tips up to 20% on meals are included in the daily amount, not claimed separately." },
  { key: "tokyo", name: "Tokyo", currency: "JPY", meals: 9000, hotelCap: 28000, note: "Many restaurants accept cash only; keep the paper receipt (ryōshūsho) with the company name written on it." },
  { key: "berlin", name: "Berlin", currency: "EUR", meals: 45, hotelCap: 160, note: "When breakfast is included in the room rate, deduct 20% of the daily amount as German tax rules require." },
  { key: "singapore", name: "Singapore", currency: "SGD", meals: 95, hotelCap: 330, note: "Goods and services tax appears on hotel bills; keep the tax invoice so it can be reclaimed." },
  { key: "sao-paulo", name: "São Paulo", currency: "BRL", meals: 280, hotelCap: 900, note: "Book taxis through the approved app only; street taxis are not reimbursed for safety reasons." },
  { key: "madrid", name: "Madrid", currency: "EUR", meals: 50, hotelCap: 170, note: "Dinner is often served after 21:00; a late dinner on the day you fly home still counts towards that day." },
  { key: "dubai", name: "Dubai", currency: "AED", meals: 260, hotelCap: 900, note: "Alcohol is never reimbursed, whatever the occasion." },
  { key: "sydney", name: "Sydney", currency: "AUD", meals: 110, hotelCap: 330, note: "Flights over nine hours may be booked in premium economy with the travel desk's approval." },
];

const perDiem = (city: City): SourceDoc => ({
  id: `fin-per-diem-${city.key}`,
  title: `Travel allowances: ${city.name}`,
  text: paragraphs(
    `For business trips to ${city.name}, the daily meal allowance is ${city.currency} ${city.meals.toLocaleString("en-GB")} per full day, and ${city.currency} ${Math.round(city.meals * 0.6).toLocaleString("en-GB")} on the days you travel out and back. The allowance is paid with your next expense claim; you do not need meal receipts for it.`,
    `Hotels are booked through the travel desk up to ${city.currency} ${city.hotelCap.toLocaleString("en-GB")} per night including taxes. A higher rate needs your budget holder's approval in the booking tool before you book.`,
    city.note,
  ),
});

const pages: SourceDoc[] = [
  {
    id: "fin-expense-claims",
    title: "Submitting expense claims",
    text: paragraphs(
      "Claim out-of-pocket business expenses in the expenses app within 30 days of the expense. Photograph every receipt; the app reads the amount, date and VAT. Receipts over EUR 150 must also be kept in paper form for the auditors until the end of the following year.",
      "Your manager approves the claim; claims over EUR 1,000 are also approved by the finance controller. Approved claims are paid with the next payroll run if approved by the 20th of the month.",
      "Claims submitted more than 90 days after the expense are rejected unless your director approves the exception.",
    ),
  },
  {
    id: "fin-corporate-card",
    title: "Corporate credit cards",
    text: paragraphs(
      "Staff who travel more than four times a year, and budget holders, may hold a corporate card. The standard monthly limit is EUR 5,000; a higher limit needs the CFO's approval.",
      "Card transactions appear in the expenses app the day after they post. Match each one with a receipt and a cost centre by the 5th of the following month. Unmatched transactions older than 60 days lead to the card being suspended.",
      "The card is for business use only. If a personal purchase is made by mistake, mark it as personal in the app and it will be deducted from your salary. Report a lost or stolen card to the bank's 24-hour line first, then to finance.",
    ),
  },
  {
    id: "fin-purchase-approval",
    title: "Purchase order approval thresholds",
    text: paragraphs(
      "Every purchase of goods or services over EUR 500 needs a purchase order raised before the supplier is engaged. Purchase orders are approved in the procurement system according to their total value, including all years of a multi-year contract.",
      "Up to EUR 5,000: the budget holder. EUR 5,000 to 25,000: the department head. EUR 25,000 to 100,000: the CFO. Above EUR 100,000: the CEO and CFO together, with three competing quotes attached.",
      "Splitting a purchase into several orders to stay under a threshold is a breach of this procedure. Invoices that arrive without a matching purchase order are returned to the supplier.",
    ),
  },
  {
    id: "fin-vendor-onboarding",
    title: "Adding a new supplier",
    text: paragraphs(
      "Before a first order, a new supplier is created in the supplier master by the procurement team. Ask the supplier to fill in the supplier form: legal name, registered address, VAT number, bank details on headed paper, and a contact for remittances.",
      "Procurement checks the VAT number in the official register and the company against the sanctions list. Bank details are confirmed by a phone call to a number found independently, never the one on the form, because changed bank details are the most common invoice fraud.",
      "Suppliers handling personal data also sign our data processing agreement before the first order.",
    ),
  },
  {
    id: "fin-bank-detail-change",
    title: "When a supplier asks to change its bank account",
    text: paragraphs(
      "Requests to change a supplier's bank account arrive by e-mail and are a favourite trick of fraudsters who have taken over a supplier's mailbox. Do not change anything from the e-mail itself.",
      "Forward the request to procurement. They call the supplier on the phone number already held in the supplier master, not one given in the e-mail, and confirm the new account with someone they know. The change is entered by one person and approved by a second.",
      "The first payment to the new account is limited to EUR 1 as a test, confirmed by the supplier, before the balance is paid.",
    ),
  },
  {
    id: "fin-month-end-close",
    title: "Month-end close calendar",
    text: paragraphs(
      "The books close on the fifth working day of each month. Day 1: cut-off for purchase invoices and expense claims; goods received but not invoiced are accrued. Day 2: payroll journals and bank reconciliations. Day 3: revenue recognition and deferred income review.",
      "Day 4: intercompany balances are agreed with the other entities and foreign currency balances are revalued at the closing rate. Day 5: the management accounts are reviewed by the controller and sent to budget holders.",
      "Journals posted after day 5 go into the next month unless the controller reopens the period.",
    ),
  },
  {
    id: "fin-fx-revaluation",
    title: "Foreign currency revaluation",
    text: paragraphs(
      "Open receivables, payables and bank balances in currencies other than the entity's own are revalued at month end at the closing rate published by the central bank on the last working day.",
      "The difference is booked to unrealised exchange gains or losses and reversed on the first day of the next month. When the invoice is paid, the difference between the invoice rate and the payment rate is a realised gain or loss.",
      "Inventory and fixed assets are not revalued: they stay at the historical rate of the day they were bought.",
    ),
  },
  {
    id: "fin-vat-reverse-charge",
    title: "VAT on services bought from other EU countries",
    text: paragraphs(
      "When we buy services from a supplier in another EU member state, the supplier's invoice carries no VAT and the note \"reverse charge\". We account for the VAT ourselves: the same amount is entered as output and input VAT, so nothing is paid, but both must appear on the return.",
      "Check that the invoice shows our VAT number; without it the supplier should have charged its own VAT, and the invoice is sent back.",
      "Goods bought from other EU countries follow the intra-community acquisition rules instead; see the note on acquisitions.",
    ),
  },
  {
    id: "fin-petty-cash",
    title: "Petty cash at sites",
    text: paragraphs(
      "Each warehouse and office keeps a petty cash float of up to EUR 300 (or the local equivalent) in a locked box, held by one named custodian. It is for small urgent purchases such as postage, milk or a replacement key, never for salaries or suppliers who can be invoiced.",
      "Each payment needs a receipt and a voucher signed by the person who took the money. The custodian reconciles the box weekly and asks finance to top it up with the vouchers attached.",
      "Any shortage is reported the same day to the site manager.",
    ),
  },
  {
    id: "fin-capex-opex",
    title: "Capital or operating expense?",
    text: paragraphs(
      "An item is capitalised as a fixed asset when it costs EUR 1,500 or more per unit and will be used for more than one year. Laptops, forklifts and racking are capitalised; software subscriptions, repairs and training are operating costs.",
      "Capital purchases need a capex request in addition to the purchase order, approved at the quarterly capex review unless urgent. Assets are depreciated straight-line: IT equipment over three years, vehicles over five, racking and fit-out over ten.",
      "A repair that extends an asset's life by more than a year may be capitalised; ask the fixed asset accountant.",
    ),
  },
  {
    id: "fin-customer-credit",
    title: "Credit limits for customers",
    text: paragraphs(
      "New business customers get a credit limit based on the credit agency's rating: up to EUR 10,000 for a good rating, EUR 2,500 for an average one, and prepayment only for a poor or missing rating.",
      "Sales may ask for a higher limit with the customer's latest accounts attached; the credit controller decides within two working days. Orders that would take a customer over its limit are held automatically until paid or approved.",
      "Limits are reviewed every year and whenever a customer pays more than 30 days late twice in a row.",
    ),
  },
  {
    id: "fin-dunning",
    title: "Chasing overdue invoices",
    text: paragraphs(
      "The system sends a friendly reminder 3 days after an invoice falls due, a second reminder at 14 days, and a final notice at 30 days that mentions statutory late-payment interest.",
      "At 45 days the account manager calls the customer and new orders are put on hold. At 60 days the credit controller may pass the debt to our collection agency after the finance director agrees.",
      "Disputed invoices are taken out of the reminder cycle while the dispute is open, so the customer is not chased for an amount we are still checking.",
    ),
  },
  {
    id: "fin-bad-debt-write-off",
    title: "Writing off bad debts",
    text: paragraphs(
      "A receivable is written off when the customer is insolvent, when the collection agency closes the file as unrecoverable, or when the cost of pursuing it exceeds the amount.",
      "Write-offs up to EUR 1,000 are approved by the credit controller, up to EUR 10,000 by the finance director, and above that by the CFO. The VAT on the written-off invoice can usually be reclaimed; attach the insolvency notice or agency letter.",
      "A provision of 50% is booked for invoices more than 90 days overdue, even before a write-off is decided.",
    ),
  },
  {
    id: "fin-invoice-dispute",
    title: "Handling a customer's invoice dispute",
    text: paragraphs(
      "When a customer disputes an invoice, log the dispute on the invoice in the accounting system with the reason: wrong price, wrong quantity, goods damaged, not delivered, or duplicate.",
      "The account manager has ten working days to resolve it. If the customer is right, issue a credit note for the disputed part only, never cancel the whole invoice. If the customer is wrong, send the proof of delivery or the signed price agreement.",
      "The undisputed part of the invoice stays due on its original date.",
    ),
  },
  {
    id: "fin-payment-runs",
    title: "Supplier payment runs",
    text: paragraphs(
      "Suppliers are paid in two runs a week, on Tuesday and Friday. An invoice is included when it is approved, matched to the purchase order and goods receipt, and due within the next seven days.",
      "The payment file is prepared by accounts payable and released in the bank portal by two authorised signatories. Urgent one-off payments outside the runs need the finance director's approval and a written reason.",
      "Our standard payment term is 30 days from the invoice date; early-payment discounts are taken when they exceed 1%.",
    ),
  },
  {
    id: "fin-budget-process",
    title: "Annual budget process",
    text: paragraphs(
      "Budget holders receive their templates in September with the last twelve months of actual spending. Headcount plans are agreed with HR first, because salaries drive most of the budget.",
      "Drafts are due mid-October, reviewed with the department head, and consolidated by finance. The executive team challenges the total in November and the board approves it in December.",
      "During the year, moving budget between cost centres of the same department needs only the department head; anything else is a reforecast and goes to the CFO.",
    ),
  },
  {
    id: "fin-intercompany",
    title: "Invoicing between group companies",
    text: paragraphs(
      "When one group company supplies goods or services to another, for example the Rotterdam entity shipping stock to the Lyon entity, it issues an intercompany invoice at the transfer price set by group finance each year.",
      "Intercompany invoices are issued by the 25th of the month so that both companies book them in the same period, and are settled monthly through the group's netting run instead of individual payments.",
      "Differences between the two sides are investigated before the close; the entity that booked in error corrects it.",
    ),
  },
  {
    id: "fin-grni-accrual",
    title: "Goods received but not invoiced",
    text: paragraphs(
      "At month end, goods and services received but not yet invoiced by the supplier are accrued so that the cost appears in the right month. The accrual is calculated automatically from goods receipts matched to purchase orders without an invoice.",
      "Budget holders review the list for their cost centres on day 1 of the close and remove lines that will never be invoiced, such as cancelled orders received in error. The accrual reverses on the first day of the next month.",
    ),
  },
  {
    id: "fin-mileage",
    title: "Using your own car for business",
    text: paragraphs(
      "Business journeys in your own car are reimbursed per kilometre at the tax-free rate of the country where you are employed. Claim the distance in the expenses app with the start and end address; the app calculates the route.",
      "Your commute to your normal place of work is not a business journey. Your own insurance must cover business use; the company does not pay for damage to private cars.",
      "Parking and tolls on business journeys are claimed separately with receipts.",
    ),
  },
];

export function financeDocs(): SourceDoc[] {
  return [...pages, ...cities.map(perDiem)];
}
