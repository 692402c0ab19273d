/**
 * Clauses of three standard agreements. The same clause exists in each agreement with different
 * numbers and parties, so a question about one agreement has the other two as distractors.
 */
import { paragraphs, type SourceDoc } from "./types";

interface Agreement {
  key: string;
  name: string;
  us: string;
  them: string;
  liabilityCap: string;
  paymentDays: number;
  termination: string;
  renewal: string;
  law: string;
  sla: string;
  confidentialityYears: number;
  insurance: string;
}

const agreements: Agreement[] = [
  {
    key: "msa",
    name: "Master Subscription Agreement",
    us: "the Provider",
    them: "the Customer",
    liabilityCap: "the fees paid or payable by the Customer in the twelve months before the event giving rise to the claim",
    paymentDays: 30,
    termination: "The Customer may terminate for convenience at the end of any subscription term by giving notice at least 30 days before renewal. Neither party may terminate for convenience during a subscription term.",
    renewal: "Subscriptions renew automatically for successive terms equal to the initial term unless either party gives notice of non-renewal at least 30 days before the end of the current term. Renewal prices may increase by no more than 7% over the previous term.",
    law: "This Agreement is governed by the laws of the Netherlands. The courts of Amsterdam have exclusive jurisdiction.",
    sla: "The Provider makes the service available 99.9% of each calendar month, excluding announced maintenance of up to four hours a month. If availability falls below that level, the Customer receives a service credit of 10% of the monthly fee for each 0.5% below target, up to 50%.",
    confidentialityYears: 5,
    insurance: "The Provider maintains professional indemnity and cyber insurance of at least EUR 5 million per claim.",
  },
  {
    key: "supply",
    name: "Supply Framework Agreement",
    us: "the Buyer",
    them: "the Supplier",
    liabilityCap: "150% of the value of the purchase orders placed in the contract year in which the claim arises, except for product liability, which is not capped",
    paymentDays: 60,
    termination: "The Buyer may terminate this framework for convenience on 90 days' written notice. Purchase orders already accepted remain binding and are delivered under the terms of this Agreement.",
    renewal: "This framework runs for three years from signature and then continues for periods of one year unless either party gives six months' notice. Prices are reviewed annually against the producer price index.",
    law: "This Agreement is governed by the laws of England and Wales. Disputes are first escalated to senior management and then referred to arbitration in London under the LCIA rules.",
    sla: "The Supplier delivers at least 98% of order lines complete and on time each month. For each full percentage point below target, the Supplier credits 1% of that month's invoiced value, and two consecutive months below 95% allow the Buyer to terminate for cause.",
    confidentialityYears: 3,
    insurance: "The Supplier maintains product liability insurance of at least EUR 10 million and public liability insurance of at least EUR 5 million.",
  },
  {
    key: "logistics",
    name: "Logistics Services Agreement",
    us: "the Client",
    them: "the Logistics Provider",
    liabilityCap: "EUR 500,000 per year in total, and for loss of or damage to goods in storage, the lower of their cost price and EUR 10 per kilogram",
    paymentDays: 45,
    termination: "Either party may terminate for convenience on six months' written notice, given no earlier than twelve months after the start of operations. On termination the Logistics Provider assists the transfer of stock to the Client's new provider at the agreed rates.",
    renewal: "The Agreement has an initial term of three years and renews for one year at a time unless either party gives nine months' notice.",
    law: "This Agreement is governed by French law. Disputes fall under the jurisdiction of the Commercial Court of Lyon.",
    sla: "The Logistics Provider ships 99.5% of orders received before the daily cut-off on the same day and keeps stock record accuracy of at least 99.8% by location. Each missed monthly target reduces the month's handling fees by 3%.",
    confidentialityYears: 5,
    insurance: "The Logistics Provider insures the stored goods against fire, flood and theft for their replacement value, naming the Client as loss payee.",
  },
];

type Clause = { key: string; title: string; text: (agreement: Agreement) => string };

const clauses: Clause[] = [
  {
    key: "liability",
    title: "Limitation of liability",
    text: (a) =>
      paragraphs(
        `Each party's total liability under this ${a.name} is limited to ${a.liabilityCap}.`,
        "Neither party is liable for loss of profit, revenue, goodwill or data, or for indirect or consequential loss, even if it was foreseeable.",
        "Nothing in this Agreement limits liability for death or personal injury caused by negligence, for fraud, or for any liability that cannot be limited by law.",
      ),
  },
  {
    key: "payment",
    title: "Fees and payment",
    text: (a) =>
      paragraphs(
        `Invoices under this ${a.name} are payable within ${a.paymentDays} days of the invoice date, by bank transfer to the account stated on the invoice. All amounts are exclusive of VAT, which is added at the applicable rate.`,
        `If an amount is not paid when due, interest accrues at the statutory rate for commercial transactions from the due date until payment. A party disputing an invoice in good faith notifies the other within 15 days and pays the undisputed part.`,
      ),
  },
  {
    key: "termination",
    title: "Termination",
    text: (a) =>
      paragraphs(
        a.termination,
        `Either party may terminate this ${a.name} with immediate effect if the other commits a material breach that it fails to remedy within 30 days of written notice, or becomes insolvent.`,
        "Clauses on confidentiality, liability and governing law survive termination.",
      ),
  },
  {
    key: "term-renewal",
    title: "Term and renewal",
    text: (a) => paragraphs(`This clause sets out the duration of the ${a.name}.`, a.renewal, "Notices under this clause must be given in writing to the contact named in the order form; e-mail is sufficient if its receipt is confirmed."),
  },
  {
    key: "governing-law",
    title: "Governing law and disputes",
    text: (a) =>
      paragraphs(
        a.law,
        `Before starting proceedings under this ${a.name}, the party raising a dispute sends a written summary to the other. Representatives with authority to settle meet within 20 business days to try to resolve it.`,
        "Either party may seek urgent interim relief from a competent court at any time.",
      ),
  },
  {
    key: "service-levels",
    title: "Service levels",
    text: (a) => paragraphs(a.sla, `Credits under this ${a.name} are the sole financial remedy for missing the service levels, without limiting the right to terminate for material breach. Reports on the service levels are shared monthly.`),
  },
  {
    key: "confidentiality",
    title: "Confidentiality",
    text: (a) =>
      paragraphs(
        `Each party keeps the other's confidential information secret and uses it only to perform this ${a.name}. Confidential information may be shared with employees, advisers and subcontractors who need it and are bound by equivalent duties.`,
        `These obligations last for ${a.confidentialityYears} years after the end of the Agreement, and without time limit for trade secrets.`,
        "Information that is public, already known to the recipient, or independently developed is not confidential. Disclosure required by law is allowed after notice to the other party where permitted.",
      ),
  },
  {
    key: "insurance",
    title: "Insurance",
    text: (a) =>
      paragraphs(
        a.insurance,
        `Policies are held with reputable insurers for the whole duration of this ${a.name} and for two years after it ends. A certificate of insurance is provided on request, and ${a.them} informs ${a.us} of any cancellation or material change.`,
      ),
  },
  {
    key: "force-majeure",
    title: "Force majeure",
    text: (a) =>
      paragraphs(
        `Neither party is liable for delay or failure to perform this ${a.name} caused by events beyond its reasonable control, such as natural disasters, war, epidemics, government action or the failure of public networks. Strikes of a party's own staff are not such events.`,
        "The affected party notifies the other promptly and does what it reasonably can to limit the effects. If the event lasts more than 60 days, either party may terminate the affected orders without liability.",
      ),
  },
  {
    key: "data-protection",
    title: "Data protection",
    text: (a) =>
      paragraphs(
        `Where ${a.them} processes personal data on behalf of ${a.us} under this ${a.name}, the data processing addendum applies and forms part of the Agreement.`,
        "The processor acts only on documented instructions, keeps the data secure, uses subprocessors only with prior notice, helps with data subject requests, and reports a personal data breach without undue delay and at the latest within 48 hours of becoming aware of it.",
        "At the end of the services the processor deletes or returns the personal data, at the controller's choice.",
      ),
  },
];

export function contractDocs(): SourceDoc[] {
  return agreements.flatMap((agreement) =>
    clauses.map((clause) => ({
      id: `ctr-${agreement.key}-${clause.key}`,
      title: `${agreement.name}: ${clause.title}`,
      text: clause.text(agreement),
    })),
  );
}
