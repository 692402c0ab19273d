/**
 * The 50 queries and their judgments, written with the documents open. Grade 2: the document answers
 * the question. Grade 1: on topic and partly useful (a general rule behind the answer, a related
 * decision, the same device in another bundle). Near-duplicates that answer for another site, model,
 * country or agreement are left unjudged, i.e. not relevant.
 */
import type { SourceQuery } from "./types";

export const queries: SourceQuery[] = [
  // Near-duplicate distractors: the answer differs only in a site, model or agreement.
  { id: "q01", kind: "distractor", text: "Kestrel X300 warranty period", relevant: { "prod-kestrel-x300": 2, "com-warranty-claims": 1 } },
  // Keyword-like.
  { id: "q02", kind: "keyword", text: "per diem Tokyo meal allowance", relevant: { "fin-per-diem-tokyo": 2 } },
  { id: "q03", kind: "keyword", text: "SAML single sign-on setup with Okta", relevant: { "sup-sso-saml": 2, "sup-error-e6001": 1 } },
  { id: "q04", kind: "keyword", text: "error E2002 import file could not be read", relevant: { "sup-error-e2002": 2, "sup-import-contacts": 1 } },
  { id: "q05", kind: "keyword", text: "API returns HTTP 429 too many requests", relevant: { "sup-error-e5029": 2 } },
  { id: "q06", kind: "keyword", text: "purchase order approval thresholds", relevant: { "fin-purchase-approval": 2, "rel-4-7": 1 } },
  { id: "q07", kind: "distractor", text: "Rotterdam cycle count frequency", relevant: { "inv-rotterdam-cycle-count": 2 } },
  { id: "q08", kind: "keyword", text: "VAT reverse charge on services from an EU supplier", relevant: { "fin-vat-reverse-charge": 2, "sup-tax-rates": 1 } },
  { id: "q09", kind: "keyword", text: "Elternzeit", relevant: { "hr-parental-leave-de": 2 } },
  { id: "q10", kind: "keyword", text: "CCTV recordings retention", relevant: { "pol-retention-cctv": 2 } },
  { id: "q11", kind: "multi", text: "force majeure clause", relevant: { "ctr-msa-force-majeure": 2, "ctr-supply-force-majeure": 2, "ctr-logistics-force-majeure": 2 } },
  { id: "q12", kind: "keyword", text: "Orbis S40R operating temperature freezer", relevant: { "prod-orbis-s40r": 2, "prod-orbis-s40r-kit": 1 } },
  { id: "q13", kind: "keyword", text: "Brio C9 water connection installation", relevant: { "prod-brio-c9": 2 } },
  { id: "q14", kind: "keyword", text: "Osaka hub go-live", relevant: { "mtg-2026-04-osaka-launch": 2 } },
  { id: "q15", kind: "keyword", text: "upload CAMT.053 bank statement", relevant: { "sup-bank-reconciliation": 2, "rel-4-5": 2 } },
  // Paraphrased: few words in common with the documents that answer them.
  { id: "q16", kind: "paraphrase", text: "We just had a baby and I'm employed by the Dutch entity. How much time off can my partner and I take?", relevant: { "hr-parental-leave-nl": 2 } },
  { id: "q17", kind: "paraphrase", text: "A vendor e-mailed to say their account number changed. What should I do?", relevant: { "fin-bank-detail-change": 2, "fin-vendor-onboarding": 1, "pol-phishing": 1 } },
  { id: "q18", kind: "paraphrase", text: "How long do we hold on to the CVs of people we turned down?", relevant: { "pol-retention-applications": 2, "mtg-2026-06-data-retention": 1 } },
  { id: "q19", kind: "paraphrase", text: "Sitting all day hurts my lower spine; which seat should I ask for?", relevant: { "prod-linea-plus-chair": 2, "prod-linea-task-chair": 1, "prod-linea-24-7-chair": 1 } },
  { id: "q20", kind: "paraphrase", text: "Will the company pay for furniture for my spare-room workspace?", relevant: { "hr-home-office-allowance": 2, "fin-expense-claims": 1 } },
  { id: "q21", kind: "paraphrase", text: "What happened when refrigeration broke down at the French site?", relevant: { "mtg-2026-03-lyon-cold-store": 2, "inv-lyon-expiry": 1, "mtg-2026-11-insurance-renewal": 1 } },
  { id: "q22", kind: "paraphrase", text: "a user keeps getting kicked out and has to log back in", relevant: { "sup-error-e1001": 2 } },
  { id: "q23", kind: "paraphrase", text: "device to take bank cards at outdoor fairs where there is no cash register", relevant: { "prod-tillo-p3": 2 } },
  { id: "q24", kind: "paraphrase", text: "Can I bring a friend round the warehouse and take pictures?", relevant: { "pol-visitors": 2, "pol-social-media": 1 } },
  { id: "q25", kind: "paraphrase", text: "how much can I spend on food a day when visiting clients in Manhattan", relevant: { "fin-per-diem-new-york": 2, "pol-travel": 1 } },
  { id: "q26", kind: "paraphrase", text: "Who do I tell if I think my boss is cooking the books?", relevant: { "hr-whistleblowing": 2, "hr-code-of-conduct": 1 } },
  { id: "q27", kind: "paraphrase", text: "If we stop paying for the software, what happens to everything we stored in it?", relevant: { "sup-cancel-subscription": 2, "sup-export-data": 1 } },
  { id: "q28", kind: "paraphrase", text: "Is the hand truck that weighs pallets accurate enough to bill customers per kilo?", relevant: { "prod-vigor-pt25-scale": 2 } },
  { id: "q29", kind: "paraphrase", text: "a colleague keeps making nasty remarks about me in front of others", relevant: { "hr-harassment": 2, "hr-code-of-conduct": 1 } },
  { id: "q30", kind: "paraphrase", text: "If I order at 4 pm, when does it reach an office in Belgium?", relevant: { "com-delivery-terms": 2 } },
  { id: "q31", kind: "paraphrase", text: "Am I still paid while I'm summoned to sit on a trial jury?", relevant: { "hr-jury-duty": 2 } },
  { id: "q32", kind: "paraphrase", text: "how old does my notebook computer have to be before I get a fresh one", relevant: { "it-new-laptop": 2 } },
  { id: "q33", kind: "paraphrase", text: "I can't get in because the six-digit codes were on my old mobile", relevant: { "sup-2fa-lost-phone": 2, "sup-enable-2fa": 1, "mtg-2026-03-support-backlog": 1 } },
  { id: "q34", kind: "paraphrase", text: "What is the most the third-party warehouse operator owes us if our inventory is destroyed?", relevant: { "ctr-logistics-liability": 2, "ctr-logistics-insurance": 1, "mtg-2026-04-tender-logistics": 1 } },
  { id: "q35", kind: "paraphrase", text: "what happens to our workspace when the two-week test period runs out and we don't buy", relevant: { "com-trial-subscription": 2 } },
  { id: "q36", kind: "paraphrase", text: "What is the company doing about climate change?", relevant: { "pol-environment": 2 } },
  // Multi-document: the answer is spread over several documents.
  { id: "q37", kind: "multi", text: "Which of our warehouses can store chilled goods?", relevant: { "inv-rotterdam-expiry": 2, "inv-lyon-expiry": 2, "inv-osaka-expiry": 2, "inv-leeds-expiry": 1, "inv-austin-expiry": 1, "mtg-2026-03-lyon-cold-store": 1 } },
  { id: "q38", kind: "multi", text: "payment terms in each of our standard agreements", relevant: { "ctr-msa-payment": 2, "ctr-supply-payment": 2, "ctr-logistics-payment": 2, "fin-payment-runs": 1 } },
  { id: "q39", kind: "multi", text: "Who has to sign off on spending, depending on the amount?", relevant: { "fin-purchase-approval": 2, "fin-expense-claims": 1, "fin-capex-opex": 1, "fin-corporate-card": 1 } },
  { id: "q40", kind: "multi", text: "how long are the different kinds of records kept before deletion", relevant: { "pol-retention-invoices": 2, "pol-retention-payroll": 2, "pol-retention-personnel-files": 2, "pol-retention-applications": 2, "pol-retention-cctv": 2, "pol-retention-contracts": 2, "pol-retention-customer-data": 2, "pol-retention-access-logs": 2, "pol-retention-expense-receipts": 2, "pol-retention-email": 2 } },
  { id: "q41", kind: "multi", text: "all decisions this year on label printer prices", relevant: { "mtg-2026-01-pricing-review": 2, "mtg-2026-09-hardware-pricing": 2, "mtg-2026-07-q2-business-review": 1 } },
  { id: "q42", kind: "multi", text: "sick leave rules in Germany and France", relevant: { "hr-sick-leave-de": 2, "hr-sick-leave-fr": 2 } },
  { id: "q43", kind: "multi", text: "meetings where staff turnover in the warehouses came up", relevant: { "mtg-2026-02-hiring-plan": 2, "mtg-2026-07-q2-business-review": 2 } },
  { id: "q44", kind: "multi", text: "what did we decide about sign-in problems and the identity provider", relevant: { "mtg-2026-03-sso-incident": 2, "mtg-2026-03-support-backlog": 1 } },
  // More near-duplicate distractors.
  { id: "q45", kind: "distractor", text: "Leeds receiving cut-off time for deliveries", relevant: { "inv-leeds-receiving": 2 } },
  { id: "q46", kind: "distractor", text: "notice period to terminate the supply framework agreement for convenience", relevant: { "ctr-supply-termination": 2, "ctr-supply-term-renewal": 1 } },
  { id: "q47", kind: "distractor", text: "hotel cap per night in Sydney", relevant: { "fin-per-diem-sydney": 2 } },
  { id: "q48", kind: "distractor", text: "Altura standing desk big enough for three monitors", relevant: { "prod-altura-desk-180": 2 } },
  { id: "q49", kind: "distractor", text: "Austin hazardous materials receiving training", relevant: { "inv-austin-hazardous-goods": 2 } },
  { id: "q50", kind: "distractor", text: "governing law of the logistics services agreement", relevant: { "ctr-logistics-governing-law": 2 } },
];
