import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { createTenant } from "../../../../test/fixtures";
import type { TenantJob } from "../../../jobs/define";
import { drainOutbox } from "../../../jobs/worker";
import { listDevMail, readDevMail } from "../../../platform/mail";
import { createCompany } from "../../crm/companies/companies";
import { createContact } from "../../crm/contacts/contacts";
import { memberGateForJobs } from "../../orgs/service";
import { createDocument } from "./documents";
import { documentEmailJob, emailDocument } from "./email";
import { renderDocumentPdf } from "./pdf";
import { documentPdfData } from "./pdf-data";
import { postDocument } from "./posting";
import { createTaxRate, setDocumentSettings } from "./setup";

async function sentInvoice() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  const invoice = await run(async (tx) => {
    const company = await createCompany(tx, actor, { name: "Globex Corporation", city: "Springfield" });
    const contact = await createContact(tx, actor, { firstName: "Hank", lastName: "Scorpio", companyId: company.id, emails: [{ value: `hank-${crypto.randomUUID().slice(0, 6)}@globex.example` }] });
    const tax = await createTaxRate(tx, actor, { name: "VAT 20%", ratePercent: "20" });
    await setDocumentSettings(tx, actor, { rounding: "half_up", paymentTermsDays: 30, address: "1 Sender Way\nCapital City", footer: "Thank you for your business." });
    const draft = await createDocument(tx, actor, { kind: "invoice", companyId: company.id, contactId: contact.id, issueDate: "2026-04-01", lines: [{ description: "Consulting", quantity: "3", unitPrice: "12000", taxRateIds: [tax.id] }] });
    return postDocument(tx, actor, draft.id);
  });
  return { org, owner, actor, run, invoice };
}

describe("an invoice's PDF", () => {
  it("shows the document as saved: number, party, lines, tax and totals, the sender's address and footer", async () => {
    const { run, invoice } = await sentInvoice();
    const data = await run((tx) => documentPdfData(tx, invoice.id));
    expect(data).toMatchObject({
      kind: "invoice",
      title: "Invoice",
      number: "INV-2026-0001",
      dueDate: "2026-05-01",
      party: { label: "Bill to", name: "Globex Corporation", address: "Springfield" },
      organization: { address: "1 Sender Way\nCapital City" },
      lines: [{ description: "Consulting", quantity: "3", unitPrice: "12000", taxes: ["VAT 20%"], net: "36000" }],
      taxes: [{ name: "VAT 20%", ratePercent: "20", base: "36000", amount: "7200" }],
      subtotal: "36000",
      taxTotal: "7200",
      total: "43200",
      due: "43200",
      footer: "Thank you for your business.",
    });
    const pdf = await renderDocumentPdf(data);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});

describe("email invoice", () => {
  it("queues the email through the outbox; the job sends it with the PDF attached, to the contact by default", async () => {
    const { org, actor, run, invoice } = await sentInvoice();
    const { to } = await run((tx) => emailDocument(tx, actor, { id: invoice.id }));
    expect(to).toMatch(/^hank-.*@globex\.example$/);
    await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [documentEmailJob as TenantJob<never>], memberGate: memberGateForJobs });
    const mail = (await listDevMail()).find((m) => m.to === to);
    expect(mail, `no mail to ${to} (tenant ${org.id})`).toBeDefined();
    expect(mail!.subject).toBe(`Invoice INV-2026-0001 from ${org.name}`);
    const content = await readDevMail(mail!.file);
    expect(content.text).toContain("Please find attached invoice INV-2026-0001, due on 2026-05-01: 432 USD to pay.");
    expect(content.attachments).toHaveLength(1);
    expect(content.attachments[0]).toMatchObject({ filename: "INV-2026-0001.pdf", contentType: "application/pdf" });
    expect(content.attachments[0]!.content.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("refuses a draft, and a party without email unless a recipient is given", async () => {
    const { run, actor } = await sentInvoice();
    const draft = await run(async (tx) => {
      const company = await createCompany(tx, actor, { name: "No Mail Ltd" });
      return createDocument(tx, actor, { kind: "invoice", companyId: company.id, issueDate: "2026-04-02", lines: [{ description: "Work", quantity: "1", unitPrice: "100" }] });
    });
    await expect(run((tx) => emailDocument(tx, actor, { id: draft.id }))).rejects.toThrow(/a draft has no number or PDF yet/);
    const posted = await run((tx) => postDocument(tx, actor, draft.id));
    await expect(run((tx) => emailDocument(tx, actor, { id: posted.id }))).rejects.toMatchObject({ fields: { to: ["No Mail Ltd has no email address: enter the recipient."] } });
    expect(await run((tx) => emailDocument(tx, actor, { id: posted.id, to: "ap@nomail.example" }))).toEqual({ to: "ap@nomail.example" });
  });
});
