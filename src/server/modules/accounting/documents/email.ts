import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { defineJob, PermanentJobError } from "../../../jobs/define";
import { defineEvent } from "../../../jobs/events";
import { publishEvent } from "../../../jobs/publish";
import { Conflict, ValidationFailed } from "../../../platform/errors";
import { deliverMail } from "../../../platform/mail";
import { optionalText, parseInput } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { currentOrganization } from "../../orgs/settings";
import { writtenAmount } from "../amounts";
import { ACCOUNTING } from "../permissions";
import { getDocument, KIND } from "./documents";
import { renderDocumentPdf } from "./pdf";
import { documentPdfData, withLogoBytes } from "./pdf-data";

/*
 * "Email invoice": the request is an outbox event (committed with its audit entry), and a
 * job renders the PDF when it runs and sends it attached, so a failing mail server delays
 * the email (retries with backoff) and loses none. The delivery is one memoized step: a retry
 * after a successful send does not send twice.
 */

export type DocumentEmail = { documentId: string; to: string; message: string | null; userId: string };
export const DOCUMENT_EMAIL_EVENT = defineEvent<DocumentEmail>("accounting/document.email");

export const emailDocumentInput = z.object({
  id: z.uuid(),
  /** Default: the email of the document's contact. */
  to: z.email("Enter one email address, like name@example.com.").max(254).optional(),
  message: optionalText(2000, "The message", { multiline: true }),
});

export async function emailDocument(tx: TenantTx, actor: Actor, rawInput: z.input<typeof emailDocumentInput>) {
  const input = parseInput(emailDocumentInput, rawInput);
  const document = await getDocument(tx, input.id);
  const label = KIND[document.kind].label;
  if (document.status !== "posted") throw new Conflict(document.status === "draft" ? `Send the ${label.toLowerCase()} first: a draft has no number or PDF yet.` : `${label} ${document.number} is void.`);
  const to = input.to ?? document.partyEmail;
  if (!to) throw new ValidationFailed({ to: [`${document.partyName} has no email address: enter the recipient.`] });
  await publishEvent(tx, { event: DOCUMENT_EMAIL_EVENT, data: { documentId: document.id, to, message: input.message ?? null, userId: actor.userId } });
  await recordAudit(tx, { action: `accounting.${document.kind}.emailed`, entityType: "accounting.document", entityId: document.id, after: { number: document.number, party: document.partyName, to } });
  return { to };
}

async function emailContent(tx: TenantTx, email: DocumentEmail) {
  const data = await documentPdfData(tx, email.documentId);
  const organization = await currentOrganization(tx);
  const amount = `${writtenAmount(data.due, data.currency)} ${data.currency}`;
  const text = [
    `Hello ${data.party.name},`,
    "",
    email.message ?? (data.kind === "invoice" ? `Please find attached ${data.title.toLowerCase()} ${data.number}${data.dueDate ? `, due on ${data.dueDate}` : ""}: ${amount} to pay.` : `Please find attached ${data.title.toLowerCase()} ${data.number}.`),
    "",
    organization.name,
  ].join("\n");
  return { data, subject: `${data.title} ${data.number} from ${organization.name}`, text };
}

const payload = z.object({ documentId: z.uuid(), to: z.email(), message: z.string().nullable(), userId: z.uuid() });

export const documentEmailJob = defineJob({
  id: "accounting-document-email",
  event: DOCUMENT_EMAIL_EVENT,
  retries: 8,
  async handler({ event, asMember, step, logger }) {
    const parsed = payload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid document email event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const receipt = await step.run("deliver", async () => {
      // Read as the member who asked (still a member, still allowed to read accounting).
      const { data, subject, text } = await asMember(parsed.data.userId, ACCOUNTING.read, (tx) => emailContent(tx, parsed.data));
      const pdf = await renderDocumentPdf(await withLogoBytes(data));
      const { messageId, transport } = await deliverMail({ to: parsed.data.to, subject, text, attachments: [{ filename: `${data.number}.pdf`, contentType: "application/pdf", content: pdf }] });
      return { messageId, transport, number: data.number };
    });
    logger.info("document emailed", { documentId: parsed.data.documentId, ...receipt });
    return receipt;
  },
});
