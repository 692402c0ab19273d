import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed, pgErrorCode } from "../../../platform/errors";
import { parseInput, plainText } from "../../../platform/validate";
import { PHONE_MAX, PHONE_PROBLEM, phoneProblem, splitPhone, tidyPhone } from "../../../../lib/phones";
import { recordAudit } from "../../audit/service";
import { assertContactCapacity } from "../limits";
import { assertMembers, optionalText, patchText, tagsInput, type CrmActor } from "../common";
import { resolveCustomValues } from "../custom-fields";
import { addFollower, listFollowers } from "../followers";
import { crmTrash } from "../trash";
import { crmCompanies, crmContactChannels, crmContacts, lifecycleStage, type LifecycleStage } from "../schema";

/* Contacts: people, with several emails and phones (one primary each). */

const CONTACT_IN_TRASH = "This contact is in the trash. Restore it from CRM → Trash to open it.";

export const LIFECYCLE_LABEL: Record<LifecycleStage, string> = { lead: "Lead", prospect: "Prospect", customer: "Customer", churned: "Churned" };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Digits only, keeping a leading + (international form): "+49 (30) 1234-567" → "+49301234567";
 * an extension stays apart from the number: "+1 415-555-0132 ext. 890" → "+14155550132x890".
 */
export function normalizePhone(phone: string): string {
  const { number, extension } = splitPhone(phone);
  return (number.startsWith("+") ? "+" : "") + number.replace(/\D/g, "") + (extension ? `x${extension}` : "");
}

/** What a channel is ("work", "home", "mobile", "fax"…): free text, suggested by the form and taken from import headers. */
export const channelLabelInput = plainText()
  .trim()
  .toLowerCase()
  .max(30, "A label can be at most 30 characters.")
  .nullish()
  .transform((label) => label || null);

const channelList = <T extends z.ZodType<string>>(value: T, what: string) =>
  z
    .array(z.object({ value, isPrimary: z.boolean().optional(), label: channelLabelInput }))
    .max(10, `At most 10 ${what}.`)
    .refine((list) => list.filter((c) => c.isPrimary).length <= 1, `Mark only one of the ${what} as primary.`);

const emailValue = plainText().trim().max(254, "An email can be at most 254 characters.").pipe(z.email("Enter a valid email address, like ann@example.com."));
// The app's one phone grammar (src/lib/phones.ts): an extension ("ext. 12", "x890") is kept, written "ext. N".
const phoneValue = plainText()
  .trim()
  .max(PHONE_MAX, `A phone number can be at most ${PHONE_MAX} characters.`)
  .refine((p) => phoneProblem(p) === null, PHONE_PROBLEM)
  .transform(tidyPhone);

const contactFields = {
  firstName: plainText().trim().min(1, "Enter a first name.").max(100, "A first name can be at most 100 characters."),
  lastName: plainText().trim().max(100, "A last name can be at most 100 characters.").default(""),
  title: optionalText(150, "A title"),
  companyId: z.uuid("Choose a company.").nullish(),
  ownerId: z.uuid("Choose a member.").nullish(),
  tags: tagsInput.default([]),
  lifecycleStage: z.enum(lifecycleStage.enumValues).default("lead"),
  source: optionalText(100, "A source"),
  notes: optionalText(10_000, "Notes", { multiline: true }),
  emails: channelList(emailValue, "emails").default([]),
  phones: channelList(phoneValue, "phones").default([]),
  custom: z.record(z.string(), z.unknown()).optional(),
};

export const createContactInput = z.object(contactFields);
export type CreateContactInput = z.input<typeof createContactInput>;

/** Only the fields given change; `emails`/`phones`, when given, replace the whole list. */
export const updateContactInput = z.object({
  id: z.uuid(),
  firstName: contactFields.firstName.optional(),
  lastName: plainText().trim().max(100, "A last name can be at most 100 characters.").optional(),
  title: patchText(150, "A title"),
  companyId: contactFields.companyId,
  ownerId: contactFields.ownerId,
  tags: tagsInput.optional(),
  lifecycleStage: z.enum(lifecycleStage.enumValues).optional(),
  source: patchText(100, "A source"),
  notes: patchText(10_000, "Notes", { multiline: true }),
  emails: channelList(emailValue, "emails").optional(),
  phones: channelList(phoneValue, "phones").optional(),
  /**
   * The primary email alone (a list's cell): replaces the primary's value, or adds it as the
   * primary when there is none; null removes it. Not together with `emails`.
   */
  primaryEmail: emailValue.nullable().optional(),
  /** The primary phone alone, as `primaryEmail`. Not together with `phones`. */
  primaryPhone: phoneValue.nullable().optional(),
  custom: contactFields.custom,
});

type Channel = { value: string; isPrimary: boolean; label?: string | null };

/** The channel list with its primary's value replaced (or one added as primary; null removes it); labels stay. */
export function withPrimary(list: Channel[], value: string | null): { value: string; isPrimary: boolean; label: string | null }[] {
  const index = Math.max(0, list.findIndex((c) => c.isPrimary));
  const current = list.map((c, i) => ({ value: c.value, isPrimary: i === index, label: c.label ?? null }));
  if (value === null) return current.filter((_, i) => i !== index);
  if (!current.length) return [{ value, isPrimary: true, label: null }];
  return current.map((c, i) => (i === index ? { ...c, value } : c));
}

type ChannelInput = { value: string; isPrimary?: boolean | undefined; label?: string | null | undefined };

function channelRows(contactId: string, kind: "email" | "phone", list: ChannelInput[]) {
  const primaryIndex = Math.max(0, list.findIndex((c) => c.isPrimary));
  return list.map((c, i) => ({
    contactId,
    kind,
    value: c.value,
    normalized: kind === "email" ? normalizeEmail(c.value) : normalizePhone(c.value),
    label: c.label ?? null,
    isPrimary: i === primaryIndex,
    position: i,
  }));
}

/** Refuses emails another contact of the tenant already has (the unique index is the backstop under concurrency). */
async function assertEmailsFree(tx: TenantTx, emails: string[], exceptContactId: string | null): Promise<void> {
  const normalized = [...new Set(emails.map(normalizeEmail))];
  if (normalized.length !== emails.length) throw new ValidationFailed({ emails: ["The same email is listed twice."] });
  if (!normalized.length) return;
  const taken = await tx.execute<{ normalized: string; name: string | null; trashed: boolean | null }>(sql`
    select ch.normalized, nullif(trim(c.first_name || ' ' || c.last_name), '') as name, c.deleted_at is not null as trashed
      from crm_contact_channels ch
      left join crm_contacts c on c.tenant_id = ch.tenant_id and c.id = ch.contact_id
     where ch.kind = 'email' and ch.normalized = any(${sql.param(normalized)}::text[])
       ${exceptContactId ? sql`and ch.contact_id <> ${exceptContactId}` : sql``}`);
  if (taken.length) throw emailTaken(taken.map((t) => t.normalized), taken[0]!.name, taken[0]!.trashed === true);
}

function emailTaken(emails: string[], holder: string | null, trashed = false): Conflict {
  // A trashed contact keeps its emails, so restoring it can never collide.
  if (trashed) return new Conflict(`A contact in the trash${holder ? ` (${holder})` : ""} has the email ${emails.join(", ")}. Restore it from CRM → Trash, or delete it forever first.`);
  const who = holder ? ` (${holder})` : " (a contact you may not have access to)";
  return new Conflict(`Another contact${who} already has the email ${emails.join(", ")}. Emails are unique; open that contact or merge the two.`);
}

/** The unique index caught a concurrent insert of the same email. */
function translateEmailRace(error: unknown): never {
  if (pgErrorCode(error) === "23505") {
    const detail = String((error as { cause?: { detail?: string } }).cause?.detail ?? "");
    const email = /=\([^,]+, (.+)\)/.exec(detail)?.[1];
    throw emailTaken(email ? [email] : ["you entered"], null);
  }
  throw error;
}

async function insertChannels(tx: TenantTx, contactId: string, emails: ChannelInput[], phones: ChannelInput[]) {
  const rows = [...channelRows(contactId, "email", emails), ...channelRows(contactId, "phone", phones)];
  if (!rows.length) return;
  await tx.insert(crmContactChannels).values(rows).catch(translateEmailRace);
}

async function assertCompanyVisible(tx: TenantTx, companyId: string | null | undefined): Promise<void> {
  if (!companyId) return;
  const [company] = await tx
    .select({ id: crmCompanies.id })
    .from(crmCompanies)
    .where(and(eq(crmCompanies.id, companyId), sql`${crmCompanies.mergedIntoId} is null and ${crmCompanies.deletedAt} is null`));
  if (!company) throw new ValidationFailed({ companyId: ["Choose an existing company."] });
}

function primaryOf(list: ChannelInput[]): string | null {
  return (list.find((c) => c.isPrimary) ?? list[0])?.value ?? null;
}

export async function createContact(tx: TenantTx, actor: CrmActor, rawInput: CreateContactInput) {
  const input = parseInput(createContactInput, rawInput);
  await assertMembers(tx, [input.ownerId], "ownerId");
  await assertCompanyVisible(tx, input.companyId);
  const custom = await resolveCustomValues(tx, "contact", input.custom, null);
  await assertEmailsFree(tx, input.emails.map((e) => e.value), null);
  await assertContactCapacity(tx, 1);
  const id = crypto.randomUUID();
  // Following first: under "own or followed" visibility the creator must see the new row.
  await addFollower(tx, "contact", id, actor.userId);
  const [contact] = await tx
    .insert(crmContacts)
    .values({
      id,
      firstName: input.firstName,
      lastName: input.lastName,
      title: input.title,
      companyId: input.companyId ?? null,
      ownerId: input.ownerId === undefined ? actor.userId : input.ownerId,
      tags: input.tags,
      lifecycleStage: input.lifecycleStage,
      source: input.source,
      notes: input.notes,
      custom,
      primaryEmail: primaryOf(input.emails)?.toLowerCase() ?? null,
      primaryPhone: primaryOf(input.phones),
    })
    .returning();
  await insertChannels(tx, id, input.emails, input.phones);
  const after = await getContact(tx, id);
  await recordAudit(tx, { action: "crm.contact.created", entityType: "crm.contact", entityId: id, after: auditSnapshot(after) });
  return contact!;
}

export type ContactDetail = Awaited<ReturnType<typeof getContact>>;

/**
 * A contact with its channels, company, owner and followers; NotFound if missing, merged
 * away, in the trash (unless `includeTrashed`) or not visible. A company in the trash keeps
 * its id here (so an edit form sends it back unchanged) but has no name.
 */
export async function getContact(tx: TenantTx, id: string, viewerId?: string, options: { includeTrashed?: boolean } = {}) {
  const [row] = await tx.execute<{
    id: string;
    first_name: string;
    last_name: string;
    title: string | null;
    company_id: string | null;
    company_name: string | null;
    owner_id: string | null;
    owner_name: string | null;
    tags: string[];
    lifecycle_stage: LifecycleStage;
    source: string | null;
    notes: string | null;
    custom: Record<string, unknown>;
    merged_into_id: string | null;
    deleted_at: string | null;
    created_at: string;
    updated_at: string;
  }>(sql`
    select c.id, c.first_name, c.last_name, c.title, c.company_id, co.name as company_name, c.owner_id, u.name as owner_name,
           c.tags, c.lifecycle_stage, c.source, c.notes, c.custom, c.merged_into_id, c.deleted_at, c.created_at, c.updated_at
      from crm_contacts c
      left join crm_companies co on co.tenant_id = c.tenant_id and co.id = c.company_id and co.deleted_at is null
      left join user_profiles u on u.id = c.owner_id
     where c.id = ${id}`);
  if (!row) throw new NotFound("This contact does not exist, or you do not have access to it.");
  if (row.deleted_at && !options.includeTrashed) throw new NotFound(CONTACT_IN_TRASH);
  const channels = await tx
    .select({ id: crmContactChannels.id, kind: crmContactChannels.kind, value: crmContactChannels.value, label: crmContactChannels.label, isPrimary: crmContactChannels.isPrimary })
    .from(crmContactChannels)
    .where(eq(crmContactChannels.contactId, id))
    .orderBy(crmContactChannels.position);
  const followers = await listFollowers(tx, "contact", id);
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: `${row.first_name} ${row.last_name}`.trim(),
    title: row.title,
    company: row.company_id ? { id: row.company_id, name: row.company_name } : null,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name } : null,
    tags: row.tags,
    lifecycleStage: row.lifecycle_stage,
    source: row.source,
    notes: row.notes,
    custom: row.custom,
    mergedIntoId: row.merged_into_id,
    emails: channels.filter((c) => c.kind === "email").map(({ id, value, label, isPrimary }) => ({ id, value, label, isPrimary })),
    phones: channels.filter((c) => c.kind === "phone").map(({ id, value, label, isPrimary }) => ({ id, value, label, isPrimary })),
    followers,
    following: viewerId ? followers.some((f) => f.id === viewerId) : false,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** "ann@acme.example (work, primary)". */
function channelAudit(c: { value: string; label: string | null; isPrimary: boolean }): string {
  const notes = [c.label, c.isPrimary ? "primary" : null].filter(Boolean);
  return notes.length ? `${c.value} (${notes.join(", ")})` : c.value;
}

/** The fields an audit entry keeps (no followers; ids of company/owner). */
export function auditSnapshot(contact: ContactDetail) {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    title: contact.title,
    companyId: contact.company?.id ?? null,
    ownerId: contact.owner?.id ?? null,
    tags: contact.tags,
    lifecycleStage: contact.lifecycleStage,
    source: contact.source,
    notes: contact.notes,
    custom: contact.custom,
    emails: contact.emails.map(channelAudit),
    phones: contact.phones.map(channelAudit),
  };
}

export async function updateContact(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof updateContactInput>) {
  const input = parseInput(updateContactInput, rawInput);
  // Lock the row (visible ones only) so concurrent edits apply one after the other.
  const [locked] = await tx
    .select({ id: crmContacts.id, custom: crmContacts.custom, mergedIntoId: crmContacts.mergedIntoId, deletedAt: crmContacts.deletedAt, companyId: crmContacts.companyId })
    .from(crmContacts)
    .where(eq(crmContacts.id, input.id))
    .for("update");
  if (!locked || locked.mergedIntoId) throw new NotFound("This contact does not exist, or you do not have access to it.");
  if (locked.deletedAt) throw new NotFound(CONTACT_IN_TRASH);
  const before = await getContact(tx, input.id);
  if ((input.primaryEmail !== undefined && input.emails) || (input.primaryPhone !== undefined && input.phones)) {
    throw new ValidationFailed({ emails: ["Change either the primary email or the whole list, not both."] });
  }
  if (input.primaryEmail !== undefined) input.emails = withPrimary(before.emails, input.primaryEmail);
  if (input.primaryPhone !== undefined) input.phones = withPrimary(before.phones, input.primaryPhone);
  if (input.ownerId) await assertMembers(tx, [input.ownerId], "ownerId");
  // The company already linked passes even when it is in the trash (the form sends it back unchanged).
  if (input.companyId !== undefined && input.companyId !== locked.companyId) await assertCompanyVisible(tx, input.companyId);
  const custom = input.custom === undefined ? locked.custom : await resolveCustomValues(tx, "contact", input.custom, locked.custom);
  const changes: Partial<typeof crmContacts.$inferInsert> = { custom, updatedAt: new Date() };
  if (input.firstName !== undefined) changes.firstName = input.firstName;
  if (input.lastName !== undefined) changes.lastName = input.lastName;
  if (input.title !== undefined) changes.title = input.title;
  if (input.companyId !== undefined) changes.companyId = input.companyId;
  if (input.ownerId !== undefined) {
    changes.ownerId = input.ownerId;
    // Handing it to someone else: follow it first, or a member who may only see their own
    // or followed records would lose sight of the row mid-update (the policy refuses that).
    if (input.ownerId !== actor.userId) await addFollower(tx, "contact", input.id, actor.userId);
  }
  if (input.tags !== undefined) changes.tags = input.tags;
  if (input.lifecycleStage !== undefined) changes.lifecycleStage = input.lifecycleStage;
  if (input.source !== undefined) changes.source = input.source;
  if (input.notes !== undefined) changes.notes = input.notes;
  if (input.emails !== undefined) {
    await assertEmailsFree(tx, input.emails.map((e) => e.value), input.id);
    changes.primaryEmail = primaryOf(input.emails)?.toLowerCase() ?? null;
  }
  if (input.phones !== undefined) changes.primaryPhone = primaryOf(input.phones);
  await tx.update(crmContacts).set(changes).where(eq(crmContacts.id, input.id));
  if (input.emails !== undefined || input.phones !== undefined) {
    const kinds = [...(input.emails !== undefined ? ["email" as const] : []), ...(input.phones !== undefined ? ["phone" as const] : [])];
    await tx.delete(crmContactChannels).where(and(eq(crmContactChannels.contactId, input.id), inArray(crmContactChannels.kind, kinds)));
    await insertChannels(tx, input.id, input.emails ?? [], input.phones ?? []);
  }
  const after = await getContact(tx, input.id);
  await recordAudit(tx, { action: "crm.contact.updated", entityType: "crm.contact", entityId: input.id, before: auditSnapshot(before), after: auditSnapshot(after) });
  return after;
}

/**
 * Deletes a contact: it moves to the trash (restorable for 30 days with everything attached
 * to it, then purged; see ../trash.ts). Audited as crm.contact.deleted.
 */
export async function deleteContact(tx: TenantTx, actor: CrmActor, id: string): Promise<void> {
  await crmTrash.trashRecord(tx, actor, "contact", id);
}

export { CONTACT_SORT, contactListConditions, contactListInput, contactSortFields, listContacts, type ContactListInput, type ContactListRow } from "./contacts-list";
