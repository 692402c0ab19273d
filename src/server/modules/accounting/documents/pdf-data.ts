import type { TenantTx } from "../../../db/tenant";
import { Conflict } from "../../../platform/errors";
import { readFile } from "../../../storage";
import { productsForDocuments } from "../../inventory/api";
import { currentOrganization, getOrganizationLogo } from "../../orgs/settings";
import { getDocument, KIND } from "./documents";
import type { DocumentPdfData } from "./pdf";
import { getDocumentSettings } from "./setup";

/** What the PDF of a posted (or voided) document shows: the document as saved, the organization's name, logo, address and footer. */
export async function documentPdfData(tx: TenantTx, id: string): Promise<DocumentPdfData> {
  const document = await getDocument(tx, id);
  if (!document.number) throw new Conflict("A draft has no PDF yet: send or post it first (it gets its number then).");
  const [organization, logo, settings, products] = await Promise.all([
    currentOrganization(tx),
    getOrganizationLogo(tx),
    getDocumentSettings(tx),
    productsForDocuments(tx, document.lines.flatMap((l) => (l.productId ? [l.productId] : []))),
  ]);
  const kind = KIND[document.kind];
  const title = document.status === "void" ? `${kind.label} (void)` : kind.label;
  return {
    kind: document.kind === "supplier_credit" ? "credit_note" : document.kind,
    title,
    number: document.number,
    issueDate: document.issueDate,
    dueDate: kind.credits ? null : document.dueDate,
    currency: document.currency,
    organization: { name: organization.name, address: settings.address, logo: logo ? { bytes: logo.bytes ? new Uint8Array(logo.bytes) : null, objectKey: logo.objectKey, contentType: logo.contentType } : null },
    party: { label: kind.side === "sales" ? "Bill to" : "From", name: document.partyName, address: document.partyAddress, email: document.partyEmail },
    lines: document.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unit: l.productId ? (products.get(l.productId)?.unit ?? null) : null,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent === "0" ? null : l.discountPercent,
      taxes: l.taxes.map((t) => t.name),
      net: l.net,
    })),
    taxes: document.taxSummary.map((t) => ({ name: t.name, ratePercent: t.ratePercent, base: t.base, amount: t.amount })),
    subtotal: document.subtotal,
    taxTotal: document.taxTotal,
    total: document.total,
    paid: document.paid,
    due: document.due,
    paymentTerms: document.paymentTerms,
    notes: document.notes,
    footer: settings.footer,
  };
}

/**
 * Fetches an object-stored logo into the data (call it after the transaction that read the
 * data: the object store is not called inside one). A logo that cannot be read is left out.
 */
export async function withLogoBytes(data: DocumentPdfData): Promise<DocumentPdfData> {
  const logo = data.organization.logo;
  if (!logo || logo.bytes || !logo.objectKey) return data;
  const bytes = await readFile({ bytes: null, objectKey: logo.objectKey }).catch(() => null);
  return { ...data, organization: { ...data.organization, logo: bytes ? { ...logo, bytes: new Uint8Array(bytes) } : null } };
}
