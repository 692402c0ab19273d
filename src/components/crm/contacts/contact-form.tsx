"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Controller, FormProvider, useForm, useWatch, type Control, type Path } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PHONE_MAX, PHONE_PROBLEM, phoneProblem } from "@/lib/phones";
import { useTRPC } from "@/trpc/client";
import { CompanyPicker, type CompanyChoice } from "../companies/company-picker";
import { DuplicateWarning, type DuplicateDraft } from "../shared/duplicate-warning";
import { CustomFieldInputs } from "../shared/custom-field-inputs";
import { customValueError, initialCustomValues, toServerCustom, type CustomFormValues } from "../shared/custom-values";
import { ChannelFields, FormSection, TextAreaField } from "../shared/form-parts";
import { LIFECYCLE_LABEL, LIFECYCLE_STAGES } from "../shared/labels";
import { splitServerErrors } from "../shared/server-fields";
import { TagInput } from "../shared/tag-input";
import type { ContactDetail, CustomFieldDef, Member } from "../shared/types";

/*
 * Create and edit form of a contact. The browser checks what it can (required name,
 * email and phone shapes, custom field types); the server checks everything again and
 * its field errors ("emails.0.value", "custom.budget") land next to the same inputs.
 */

// Empty rows are allowed and left out when sending (a new contact starts with one).
const emailShape = z.email();
const emailRow = z.object({
  value: z
    .string()
    .trim()
    .max(254, "An email can be at most 254 characters.")
    .refine((v) => v === "" || emailShape.safeParse(v).success, "Enter a valid email address, like ann@example.com."),
  isPrimary: z.boolean(),
  label: z.string(),
});

// The app's one phone grammar (src/lib/phones.ts), as the server and the import read it: "+1 555 123 4567 ext. 12", "x890".
const phoneRow = z.object({
  value: z
    .string()
    .trim()
    .max(PHONE_MAX, `A phone number can be at most ${PHONE_MAX} characters.`)
    .refine((p) => p === "" || phoneProblem(p) === null, PHONE_PROBLEM),
  isPrimary: z.boolean(),
  label: z.string(),
});

/** The filled rows, the primary kept (or the first filled one), and each sent row's index in the form. */
function filledRows(rows: { value: string; isPrimary: boolean; label: string }[], kind: "emails" | "phones") {
  const kept = rows.map((row, index) => ({ ...row, index })).filter((row) => row.value);
  if (kept.length && !kept.some((row) => row.isPrimary)) kept[0]!.isPrimary = true;
  const rename: Record<string, string> = {};
  kept.forEach((row, sent) => {
    rename[`${kind}.${sent}.value`] = `${kind}.${row.index}.value`;
    rename[`${kind}.${sent}`] = `${kind}.${row.index}.value`;
  });
  return { rows: kept.map(({ value, isPrimary, label }) => ({ value, isPrimary, label: label || null })), rename };
}

function contactFormSchema(fields: CustomFieldDef[]) {
  return z
    .object({
      firstName: z.string().trim().min(1, "Enter a first name.").max(100, "A first name can be at most 100 characters."),
      lastName: z.string().trim().max(100, "A last name can be at most 100 characters."),
      title: z.string().trim().max(150, "A title can be at most 150 characters."),
      company: z.custom<CompanyChoice | null>(),
      ownerId: z.string(),
      lifecycleStage: z.enum(LIFECYCLE_STAGES),
      tags: z.array(z.string()).max(30, "At most 30 tags."),
      source: z.string().trim().max(100, "A source can be at most 100 characters."),
      notes: z.string().trim().max(10_000, "Notes can be at most 10,000 characters."),
      emails: z.array(emailRow).max(10, "At most 10 emails."),
      phones: z.array(phoneRow).max(10, "At most 10 phones."),
      custom: z.custom<CustomFormValues>(),
    })
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.emails.forEach((email, index) => {
        const key = email.value.trim().toLowerCase();
        if (key && seen.has(key)) ctx.addIssue({ code: "custom", path: ["emails", index, "value"], message: "This email is listed twice." });
        seen.add(key);
      });
      for (const field of fields) {
        const message = customValueError(field, values.custom?.[field.key]);
        if (message) ctx.addIssue({ code: "custom", path: ["custom", field.key], message });
      }
    });
}

type Schema = ReturnType<typeof contactFormSchema>;
type FormValues = z.input<Schema>;
type FormOutput = z.output<Schema>;

function initialValues(contact: ContactDetail | null, fields: CustomFieldDef[], defaults: { ownerId: string; company: CompanyChoice | null; currency: string }): FormValues {
  return {
    firstName: contact?.firstName ?? "",
    lastName: contact?.lastName ?? "",
    title: contact?.title ?? "",
    company: contact ? (contact.company ? { id: contact.company.id, name: contact.company.name } : null) : defaults.company,
    ownerId: contact ? (contact.owner?.id ?? "") : defaults.ownerId,
    lifecycleStage: contact?.lifecycleStage ?? "lead",
    tags: contact?.tags ?? [],
    source: contact?.source ?? "",
    notes: contact?.notes ?? "",
    emails: contact?.emails.map((e) => ({ value: e.value, isPrimary: e.isPrimary, label: e.label ?? "" })) ?? [{ value: "", isPrimary: true, label: "" }],
    phones: contact?.phones.map((p) => ({ value: p.value, isPrimary: p.isPrimary, label: p.label ?? "" })) ?? [],
    custom: initialCustomValues(fields, contact?.custom, defaults.currency),
  };
}

/** The server input; editing (`initial` given) leaves out an unchanged owner and unchanged custom values. */
function toInput(values: FormOutput, fields: CustomFieldDef[], initial?: FormValues) {
  const emails = filledRows(values.emails, "emails");
  const phones = filledRows(values.phones, "phones");
  const input = {
    firstName: values.firstName,
    lastName: values.lastName,
    title: values.title || null,
    companyId: values.company?.id ?? null,
    ...(initial && initial.ownerId === values.ownerId ? {} : { ownerId: values.ownerId || null }),
    lifecycleStage: values.lifecycleStage,
    tags: values.tags,
    source: values.source || null,
    notes: values.notes || null,
    emails: emails.rows,
    phones: phones.rows,
    custom: toServerCustom(fields, values.custom, initial?.custom),
  };
  return { input, rename: { companyId: "company", ...emails.rename, ...phones.rename } };
}

const TOP_LEVEL = new Set(["firstName", "lastName", "title", "company", "ownerId", "lifecycleStage", "tags", "source", "notes", "emails", "phones"]);

type Props = {
  slug: string;
  fields: CustomFieldDef[];
  members: Member[];
  currency: string;
  /** Editing this contact; null creates one. */
  contact: ContactDetail | null;
  defaults?: { ownerId: string; company: CompanyChoice | null };
  onDone?: () => void;
  onCancel?: () => void;
};

export function ContactForm({ slug, fields, members, currency, contact, defaults, onDone, onCancel }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schema = useMemo(() => contactFormSchema(fields), [fields]);
  const [initial] = useState(() => initialValues(contact, fields, { ownerId: defaults?.ownerId ?? "", company: defaults?.company ?? null, currency }));
  const form = useForm<FormValues, unknown, FormOutput>({ resolver: zodResolver(schema), defaultValues: initial });
  // An owner who has left the organization stays shown (and unchanged) until someone else is chosen.
  const formerOwner = contact?.owner && !members.some((m) => m.userId === contact.owner!.id) ? contact.owner : null;
  const create = useMutation(trpc.crm.contacts.create.mutationOptions());
  const update = useMutation(trpc.crm.contacts.update.mutationOptions());
  const [problem, setProblem] = useState<React.ReactNode>(null);
  const [focusField, setFocusField] = useState<Path<FormValues> | null>(null);
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (isSubmitting || !focusField) return;
    form.setFocus(focusField);
    setFocusField(null);
  }, [isSubmitting, focusField, form]);

  const isFormPath = (path: string) =>
    TOP_LEVEL.has(path) || /^(emails|phones)\.\d+\.value$/.test(path) || (path.startsWith("custom.") && fields.some((f) => `custom.${f.key}` === path));

  const onSubmit = form.handleSubmit(
    async (values) => {
      setProblem(null);
      const { input, rename } = toInput(values, fields, contact ? initial : undefined);
      try {
        if (contact) {
          await update.mutateAsync({ id: contact.id, ...input });
          await Promise.all([
            queryClient.invalidateQueries(trpc.crm.contacts.pathFilter()),
            queryClient.invalidateQueries(trpc.crm.companies.pathFilter()),
          ]);
          onDone?.();
        } else {
          const created = await create.mutateAsync(input);
          await queryClient.invalidateQueries(trpc.crm.contacts.pathFilter());
          router.push(`/t/${slug}/crm/contacts/${created.id}`);
        }
      } catch (error) {
        const { message, code, fields: refused, other } = splitServerErrors(error, isFormPath, rename);
        for (const [path, text] of refused) form.setError(path as Path<FormValues>, { message: text });
        if (code === "CONFLICT") {
          // A duplicate email: mark the row(s) the message names, and say it in full at the top.
          values.emails.forEach((email, index) => {
            if (email.value && message.toLowerCase().includes(email.value.toLowerCase())) {
              form.setError(`emails.${index}.value`, { message: "Another contact already has this email." });
            }
          });
        }
        setFocusField((refused[0]?.[0] as Path<FormValues> | undefined) ?? null);
        setProblem(
          code === "CONFLICT" || refused.length === 0 ? (
            <>
              Could not save the contact: {message}
              {other.length > 0 && <span className="mt-1 block">{other.join(" ")}</span>}
            </>
          ) : (
            <>
              Could not save: check the highlighted fields.
              {other.length > 0 && <span className="mt-1 block">{other.join(" ")}</span>}
            </>
          ),
        );
      }
    },
    () => setProblem("Check the highlighted fields."),
  );

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={contact ? `Edit ${contact.name}` : "New contact"}>
        {problem && <Alert>{problem}</Alert>}
        <fieldset disabled={isSubmitting} className="flex min-w-0 flex-col gap-5">
          <FormSection title="Person">
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
              <TextField label="First name" autoComplete="off" error={errors.firstName?.message} {...form.register("firstName")} />
              <TextField label="Last name" autoComplete="off" error={errors.lastName?.message} {...form.register("lastName")} />
              <TextField label="Job title" autoComplete="off" error={errors.title?.message} {...form.register("title")} />
              <Controller
                control={form.control}
                name="company"
                render={({ field, fieldState }) => (
                  <CompanyPicker label="Company" value={field.value ?? null} onChange={field.onChange} error={fieldState.error?.message} disabled={isSubmitting} />
                )}
              />
            </div>
          </FormSection>

          {!contact && <ContactDuplicateWarning slug={slug} control={form.control} />}

          <FormSection title="Emails and phones" description="Emails are unique: two contacts cannot share one.">
            <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <ChannelFields kind="emails" />
              <ChannelFields kind="phones" />
            </div>
          </FormSection>

          <FormSection title="Sales">
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
              <SelectField label="Owner" error={errors.ownerId?.message} {...form.register("ownerId")}>
                <option value="">No owner</option>
                {formerOwner && <option value={formerOwner.id}>{formerOwner.name ?? "Former member"} (no longer a member)</option>}
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Lifecycle stage" error={errors.lifecycleStage?.message} {...form.register("lifecycleStage")}>
                {LIFECYCLE_STAGES.map((stage) => (
                  <option key={stage} value={stage}>
                    {LIFECYCLE_LABEL[stage]}
                  </option>
                ))}
              </SelectField>
              <TextField label="Source" hint="Where the contact came from, e.g. “Website” or “Trade fair 2026”." error={errors.source?.message} {...form.register("source")} />
              <Controller
                control={form.control}
                name="tags"
                render={({ field, fieldState }) => (
                  <TagInput label="Tags" value={field.value} onChange={field.onChange} error={fieldState.error?.message} hint="Press Enter or comma after each tag." disabled={isSubmitting} />
                )}
              />
            </div>
          </FormSection>

          {fields.length > 0 && (
            <FormSection title="More details">
              <CustomFieldInputs fields={fields} members={members} />
            </FormSection>
          )}

          <FormSection title="Notes">
            <TextAreaField label="Notes" className="[&>label]:sr-only" rows={5} error={errors.notes?.message} {...form.register("notes")} />
          </FormSection>
        </fieldset>

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          {onCancel && (
            <Button type="button" variant="secondary" onClick={onCancel} disabled={isSubmitting}>
              Cancel
            </Button>
          )}
          <Button type="submit" pending={isSubmitting}>
            {isSubmitting ? "Saving…" : contact ? "Save changes" : "Create contact"}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

/** The new contact's name, company and phones, checked against existing contacts as they are typed. */
function ContactDuplicateWarning({ slug, control }: { slug: string; control: Control<FormValues> }) {
  const [firstName, lastName, company, phones] = useWatch({ control, name: ["firstName", "lastName", "company", "phones"] });
  const draft: DuplicateDraft = {
    entityType: "contact",
    firstName: firstName ?? "",
    lastName: lastName ?? "",
    companyId: company?.id ?? null,
    phones: (phones ?? []).map((p) => p.value).filter(Boolean),
  };
  return <DuplicateWarning slug={slug} draft={draft} />;
}
