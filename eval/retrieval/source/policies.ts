/** Company policies: security, facilities, travel and conduct pages, plus one retention rule per record type. */
import { paragraphs, type SourceDoc } from "./types";

interface RetentionRule {
  key: string;
  name: string;
  records: string;
  period: string;
  reason: string;
  owner: string;
  disposal: string;
}

const retention: RetentionRule[] = [
  { key: "invoices", name: "invoices and ledgers", records: "sales and purchase invoices, credit notes and the ledgers they are posted to", period: "ten years after the end of the financial year", reason: "tax and commercial law require it, and the tax authority may audit up to that point", owner: "the finance controller", disposal: "deleted from the archive by an annual job; paper copies are shredded by the certified contractor" },
  { key: "payroll", name: "payroll records", records: "payslips, salary calculations and payroll tax filings", period: "seven years after the end of the tax year", reason: "payroll tax and social security audits", owner: "the payroll manager", disposal: "deleted from the payroll system and the HR archive" },
  { key: "personnel-files", name: "personnel files of former employees", records: "personnel files of former employees: contract, changes, appraisals and leaving documents", period: "two years after the employee leaves", reason: "defending employment claims, which become time-barred by then in most countries where we operate", owner: "HR", disposal: "deleted, except the employment dates and final salary, which are kept for references and pension questions" },
  { key: "applications", name: "applications from candidates not hired", records: "applications, CVs and interview notes of candidates who were not hired", period: "six months after the position is filled", reason: "answering complaints about the selection; longer only with the candidate's consent for the talent pool", owner: "recruitment", disposal: "deleted automatically by the applicant tracking system" },
  { key: "cctv", name: "CCTV recordings", records: "CCTV recordings at warehouses and offices", period: "28 days", reason: "investigating theft, damage and incidents; a recording linked to an incident is kept until the matter is closed", owner: "the site manager", disposal: "overwritten automatically by the recorder" },
  { key: "contracts", name: "signed contracts", records: "signed customer and supplier contracts and their amendments", period: "seven years after the contract ends", reason: "claims under contract law", owner: "legal", disposal: "deleted from the contract repository after legal confirms no dispute is open" },
  { key: "customer-data", name: "CRM data about inactive contacts", records: "CRM data about contacts at customers and prospects who are no longer active", period: "three years after the last interaction", reason: "we have no further legitimate interest in marketing to them after that", owner: "the head of sales operations", disposal: "anonymised, so figures for past deals stay correct without personal data" },
  { key: "access-logs", name: "access logs and audit trails", records: "system access logs and audit trails of business applications", period: "one year", reason: "detecting and investigating security incidents", owner: "IT security", disposal: "deleted by the log platform's retention setting" },
  { key: "expense-receipts", name: "expense claims and receipts", records: "expense claims and their receipts, paper and scanned", period: "ten years after the end of the financial year, like other accounting records", reason: "receipts support the VAT reclaimed and the deduction of the expense for tax", owner: "the finance controller", disposal: "deleted from the expenses app; paper receipts are shredded after the scan has been checked by the auditors" },
  { key: "email", name: "e-mail", records: "e-mail in company mailboxes", period: "five years, after which messages are deleted unless filed as a business record elsewhere", reason: "mailboxes are not the system of record, and keeping mail forever multiplies the risk in a breach", owner: "IT", disposal: "deleted by the mail platform's retention policy; mailboxes of leavers are kept for 90 days and then deleted" },
];

const retentionPage = (rule: RetentionRule): SourceDoc => ({
  id: `pol-retention-${rule.key}`,
  title: `Retention schedule: ${rule.name}`,
  text: paragraphs(
    `Under the records retention policy, ${rule.records} are kept for ${rule.period}. Why this period: ${rule.reason}.`,
    `The record owner is ${rule.owner}, who answers questions about this category and approves any exception. When the period ends, the records are ${rule.disposal}.`,
    "A legal hold suspends deletion: if legal has told you that records are relevant to a dispute or an investigation, keep them until the hold is lifted, whatever this schedule says.",
  ),
});

const pages: SourceDoc[] = [
  {
    id: "pol-information-security",
    title: "Information security policy (summary)",
    text: paragraphs(
      "This summary explains what the information security policy asks of every employee and contractor. The full policy, approved by the management board, is on the intranet and is reviewed every year by the information security officer.",
      "Why it matters. Our customers trust us with their orders, prices, stock and accounting records. A single breach can stop our warehouses, cost us customers, and lead to fines under data protection law. Most breaches start with a person, not a machine: a reused password, a convincing e-mail, a laptop left in a car.",
      "What we ask. Protect your accounts with the password manager and two-step verification. Keep company information on company systems and share it only with people who need it, according to its classification. Lock devices when you step away, and never disable security software. Report anything suspicious straight away; fast reporting matters more than being sure.",
      "What the company does. IT keeps systems patched, encrypts laptops and backups, reviews access every quarter, tests our defences with outside specialists every year, and trains everyone at joining and every year after.",
      "Breaches of the policy are handled under the disciplinary procedure; honest mistakes that are reported promptly are not.",
    ),
  },
  {
    id: "pol-acceptable-use",
    title: "Acceptable use of IT equipment",
    text: paragraphs(
      "Company laptops, phones and accounts are provided for work. Occasional personal use, such as checking the news at lunch, is fine as long as it does not affect your work, cost the company money, or break the law.",
      "Do not install software that IT has not approved, disable the security agent, or connect personal storage devices. Do not use company accounts to sign up for services that are not approved, including AI chat tools with customer data.",
      "IT may inspect company devices and accounts to investigate security incidents or misuse, with HR's involvement.",
    ),
  },
  {
    id: "pol-passwords",
    title: "Passwords and sign-in",
    text: paragraphs(
      "Use the company password manager for every work account. Passwords are at least 14 characters, unique per service, and generated by the manager; a passphrase of four or more random words is fine for the manager itself.",
      "Two-step verification is required on email, the password manager, the VPN and every system that offers it. Never approve a sign-in prompt you did not start: report it to IT security.",
      "Passwords are never shared, not even with IT. IT will never ask for yours.",
    ),
  },
  {
    id: "pol-phishing",
    title: "Suspicious e-mails",
    text: paragraphs(
      "Phishing messages try to make you click a link, open an attachment, or send money or credentials. Typical signs are urgency, an unusual request from a senior person, a sender address that is slightly wrong, or a change of bank details.",
      "Do not reply or click. Use the \"Report phishing\" button in the mail client, which sends the message to IT security and removes it from your inbox.",
      "If you already clicked or entered a password, report it at once and change the password. Nobody is blamed for reporting quickly.",
    ),
  },
  {
    id: "pol-incident-response",
    title: "Reporting a security incident",
    text: paragraphs(
      "A security incident is anything that may put company or customer data at risk: a lost laptop, a misdirected e-mail with personal data, malware, a suspicious sign-in, or data shared with the wrong customer.",
      "Report it immediately to the IT security on-call number or the #security-incidents channel, day or night. Do not try to investigate or clean up yourself, as that may destroy evidence.",
      "IT security decides with the data protection officer whether the incident must be notified to the supervisory authority within 72 hours and to the people affected.",
    ),
  },
  {
    id: "pol-byod",
    title: "Using your own phone for work",
    text: paragraphs(
      "You may read work e-mail, calendar and chat on your own phone if it runs a supported operating system version, has a screen lock, and is enrolled in the company's app management.",
      "Work apps are kept in a separate work profile. IT can wipe the work profile if the phone is lost or when you leave, but cannot see or erase your personal apps, photos or messages.",
      "Customer data must not be copied from work apps into personal ones.",
    ),
  },
  {
    id: "pol-clean-desk",
    title: "Clean desk and clear screen",
    text: paragraphs(
      "At the end of the day, put papers with customer, employee or financial information in a locked drawer and take nothing confidential home on paper. Printouts are collected from the printer at once; the printers release jobs only when you badge in.",
      "Lock your screen whenever you step away (Windows key + L, or Control + Command + Q on a Mac). Screens lock automatically after five minutes.",
      "Confidential paper goes in the locked grey shredding bins, never in the normal waste.",
    ),
  },
  {
    id: "pol-visitors",
    title: "Visitors at offices and warehouses",
    text: paragraphs(
      "Register visitors in the visitor system the day before; they sign in at reception, receive a visitor badge and are accompanied at all times by their host.",
      "In warehouses, visitors wear a high-visibility vest and safety shoes supplied at reception, and stay within the marked walkways. Photography in the warehouse requires the site manager's permission.",
      "Contractors doing work on site also complete the contractor safety induction and receive a work permit for hot work or work at height.",
    ),
  },
  {
    id: "pol-travel",
    title: "Business travel policy",
    text: paragraphs(
      "All business travel is booked through the travel desk or the booking tool, so that we know where people are in an emergency and get our negotiated rates. Trips need the budget holder's approval before booking.",
      "Take the train for journeys under four hours. Flights are economy class; premium economy is allowed for flights over nine hours with approval. Hotels stay within the city's cap, listed on the travel allowances page for each city.",
      "Travel insurance covers all business trips automatically; the policy number is in the booking confirmation.",
    ),
  },
  {
    id: "pol-gifts",
    title: "Gifts and hospitality",
    text: paragraphs(
      "You may accept or offer gifts and hospitality only when they are modest, occasional and cannot be seen as influencing a business decision. The limit is EUR 75 per gift; anything above needs your manager's approval and an entry in the gifts register.",
      "Never accept cash or vouchers, and never offer anything to a public official without legal's approval. During a tender, accept nothing at all from bidders.",
      "If refusing a gift would offend, accept it on behalf of the company and hand it to HR, who raffle such gifts for charity.",
    ),
  },
  {
    id: "pol-anti-bribery",
    title: "Anti-bribery and corruption",
    text: paragraphs(
      "We do not offer, pay, request or accept bribes, directly or through agents, in any country, whatever local custom may be. Facilitation payments to speed up routine government actions, such as customs clearance, are also forbidden.",
      "Agents, distributors and customs brokers acting for us are checked before they are appointed and sign our anti-bribery terms.",
      "If someone asks you for a bribe, refuse and report it to legal. If you are in danger, pay, and report it afterwards: your safety comes first.",
    ),
  },
  {
    id: "pol-social-media",
    title: "Social media",
    text: paragraphs(
      "You are welcome to share company news from our official accounts. When you talk about your work online, make clear that the views are your own and do not share confidential information, customer names without permission, or photos taken inside warehouses.",
      "Only the communications team speaks for the company. Refer journalists and comments that need an official answer to them.",
      "Respectful disagreement is fine; harassment of colleagues online is treated like harassment at work.",
    ),
  },
  {
    id: "pol-data-classification",
    title: "Classifying information",
    text: paragraphs(
      "Public information may be shared with anyone. Internal information is for employees and contractors. Confidential information, such as customer lists, prices, contracts and personal data, is shared only with the people who need it. Restricted information, such as salaries, health data and unpublished results, is limited to named people.",
      "Label documents Confidential or Restricted in the header. Confidential and Restricted files are sent only through the company's sharing tools, never attached to e-mails to outside addresses without encryption.",
    ),
  },
  {
    id: "pol-access-review",
    title: "Access reviews",
    text: paragraphs(
      "Every quarter, managers review who has access to the systems their team owns and remove access that is no longer needed. Access to finance systems and administrator rights anywhere is reviewed monthly.",
      "When someone changes role, their old access is removed within five working days of the move. When someone leaves, all access ends on the last day.",
      "The reviews are recorded in the access management tool, because auditors test them every year.",
    ),
  },
  {
    id: "pol-equal-opportunity",
    title: "Equal opportunities",
    text: paragraphs(
      "Recruitment, pay, promotion and training decisions are based on ability, performance and the needs of the role. We publish our gender pay gap every year in the countries that require it and voluntarily elsewhere.",
      "Reasonable adjustments are made for employees and candidates with a disability; ask HR, and the conversation stays confidential.",
    ),
  },
  {
    id: "pol-environment",
    title: "Environmental commitments",
    text: paragraphs(
      "We aim to cut the emissions of our own operations in half by 2030 compared with 2022. Warehouses are moving to LED lighting and electric forklifts, and new company cars are electric.",
      "Packaging sent to customers uses recycled cardboard and paper fill instead of plastic air pillows where the product allows it. Pallets and stretch film are collected for reuse and recycling at every site.",
      "Each site has a green champion who reports energy and waste figures every quarter.",
    ),
  },
  {
    id: "pol-supplier-code",
    title: "Supplier code of conduct",
    text: paragraphs(
      "Our suppliers must respect human rights and labour law: no forced or child labour, freedom of association, fair wages and working hours, and safe workplaces.",
      "They comply with environmental law, avoid conflict minerals, and pass these requirements on to their own suppliers. We may audit them, announced or unannounced.",
      "Serious breaches that are not corrected lead to the end of the relationship.",
    ),
  },
  {
    id: "pol-alcohol-drugs",
    title: "Alcohol and drugs at work",
    text: paragraphs(
      "Nobody may work under the influence of alcohol or drugs, including prescription medicines that affect driving or operating machinery without telling their manager. In warehouses the rule is zero alcohol.",
      "Alcohol may be served at company events approved by a director, with non-alcoholic options and no pressure to drink.",
      "Employees with a dependency are encouraged to seek help through the employee assistance programme; asking for help is not a disciplinary matter.",
    ),
  },
  {
    id: "pol-ai-tools",
    title: "Using AI assistants",
    text: paragraphs(
      "Generative AI tools may be used for drafting, summarising and coding only through the company-approved assistant, which does not keep or train on our data. Public chatbots must not receive customer data, personal data, source code or unpublished financial figures.",
      "You remain responsible for what you send or publish: check facts, figures and quotations produced by an assistant before using them.",
      "Decisions about people, such as hiring or performance ratings, are never made by an AI tool.",
    ),
  },
];

export function policyDocs(): SourceDoc[] {
  return [...pages, ...retention.map(retentionPage)];
}
