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
import { COUNTRY_CODE_MESSAGE, isCountryCode } from "@/server/modules/crm/validation";
import { useTRPC } from "@/trpc/client";
import { DuplicateWarning } from "../shared/duplicate-warning";
import { CustomFieldInputs } from "../shared/custom-field-inputs";
import { customValueError, initialCustomValues, toServerCustom, type CustomFormValues } from "../shared/custom-values";
import { FormSection, TextAreaField } from "../shared/form-parts";
import { COMPANY_SIZES } from "../shared/labels";
import { splitServerErrors } from "../shared/server-fields";
import { TagInput } from "../shared/tag-input";
import type { CompanyDetail, CustomFieldDef, Member } from "../shared/types";

/* Create and edit form of a company; same approach as the contact form. */

function companyFormSchema(fields: CustomFieldDef[]) {
  return z
    .object({
      name: z.string().trim().min(1, "Enter the company's name.").max(200, "A name can be at most 200 characters."),
      domain: z.string().trim().max(300, "A domain can be at most 300 characters."),
      industry: z.string().trim().max(100, "An industry can be at most 100 characters."),
      size: z.string(),
      addressLine: z.string().trim().max(200, "An address can be at most 200 characters."),
      city: z.string().trim().max(100, "A city can be at most 100 characters."),
      region: z.string().trim().max(100, "A region can be at most 100 characters."),
      postalCode: z.string().trim().max(20, "A postal code can be at most 20 characters."),
      country: z
        .string()
        .trim()
        .toUpperCase()
        .refine((c) => c === "" || isCountryCode(c), COUNTRY_CODE_MESSAGE),
      ownerId: z.string(),
      tags: z.array(z.string()).max(30, "At most 30 tags."),
      notes: z.string().trim().max(10_000, "Notes can be at most 10,000 characters."),
      custom: z.custom<CustomFormValues>(),
    })
    .superRefine((values, ctx) => {
      for (const field of fields) {
        const message = customValueError(field, values.custom?.[field.key]);
        if (message) ctx.addIssue({ code: "custom", path: ["custom", field.key], message });
      }
    });
}

type Schema = ReturnType<typeof companyFormSchema>;
type FormValues = z.input<Schema>;
type FormOutput = z.output<Schema>;

function initialValues(company: CompanyDetail | null, fields: CustomFieldDef[], defaults: { ownerId: string; currency: string }): FormValues {
  return {
    name: company?.name ?? "",
    domain: company?.domain ?? "",
    industry: company?.industry ?? "",
    size: company?.size ?? "",
    addressLine: company?.addressLine ?? "",
    city: company?.city ?? "",
    region: company?.region ?? "",
    postalCode: company?.postalCode ?? "",
    country: company?.country ?? "",
    ownerId: company ? (company.ownerId ?? "") : defaults.ownerId,
    tags: company?.tags ?? [],
    notes: company?.notes ?? "",
    custom: initialCustomValues(fields, company?.custom, defaults.currency),
  };
}

const SIZES = new Set<string>(COMPANY_SIZES);

/** The server input; editing (`initial` given) leaves out an unchanged owner and unchanged custom values. */
function toInput(values: FormOutput, fields: CustomFieldDef[], initial?: FormValues) {
  return {
    name: values.name,
    domain: values.domain || null,
    industry: values.industry || null,
    size: SIZES.has(values.size) ? (values.size as (typeof COMPANY_SIZES)[number]) : null,
    addressLine: values.addressLine || null,
    city: values.city || null,
    region: values.region || null,
    postalCode: values.postalCode || null,
    country: values.country || null,
    ...(initial && initial.ownerId === values.ownerId ? {} : { ownerId: values.ownerId || null }),
    tags: values.tags,
    notes: values.notes || null,
    custom: toServerCustom(fields, values.custom, initial?.custom),
  };
}

const TOP_LEVEL = new Set(["name", "domain", "industry", "size", "addressLine", "city", "region", "postalCode", "country", "ownerId", "tags", "notes"]);

type Props = {
  slug: string;
  fields: CustomFieldDef[];
  members: Member[];
  currency: string;
  company: CompanyDetail | null;
  defaultOwnerId?: string;
  onDone?: () => void;
  onCancel?: () => void;
};

export function CompanyForm({ slug, fields, members, currency, company, defaultOwnerId = "", onDone, onCancel }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schema = useMemo(() => companyFormSchema(fields), [fields]);
  const [initial] = useState(() => initialValues(company, fields, { ownerId: defaultOwnerId, currency }));
  const form = useForm<FormValues, unknown, FormOutput>({ resolver: zodResolver(schema), defaultValues: initial });
  // An owner who has left the organization stays shown (and unchanged) until someone else is chosen.
  const formerOwner = company?.owner && !members.some((m) => m.userId === company.owner!.id) ? company.owner : null;
  const create = useMutation(trpc.crm.companies.create.mutationOptions());
  const update = useMutation(trpc.crm.companies.update.mutationOptions());
  const [problem, setProblem] = useState<React.ReactNode>(null);
  const [focusField, setFocusField] = useState<Path<FormValues> | null>(null);
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (isSubmitting || !focusField) return;
    form.setFocus(focusField);
    setFocusField(null);
  }, [isSubmitting, focusField, form]);

  const isFormPath = (path: string) => TOP_LEVEL.has(path) || (path.startsWith("custom.") && fields.some((f) => `custom.${f.key}` === path));

  const onSubmit = form.handleSubmit(
    async (values) => {
      setProblem(null);
      const input = toInput(values, fields, company ? initial : undefined);
      try {
        if (company) {
          await update.mutateAsync({ id: company.id, ...input });
          await Promise.all([
            queryClient.invalidateQueries(trpc.crm.companies.pathFilter()),
            // Contact lists show the company's name.
            queryClient.invalidateQueries(trpc.crm.contacts.pathFilter()),
          ]);
          onDone?.();
        } else {
          const created = await create.mutateAsync(input);
          await queryClient.invalidateQueries(trpc.crm.companies.pathFilter());
          router.push(`/t/${slug}/crm/companies/${created.id}`);
        }
      } catch (error) {
        const { message, fields: refused, other } = splitServerErrors(error, isFormPath);
        for (const [path, text] of refused) form.setError(path as Path<FormValues>, { message: text });
        setFocusField((refused[0]?.[0] as Path<FormValues> | undefined) ?? null);
        setProblem(
          <>
            {refused.length ? "Could not save: check the highlighted fields." : `Could not save the company: ${message}`}
            {other.length > 0 && <span className="mt-1 block">{other.join(" ")}</span>}
          </>,
        );
      }
    },
    () => setProblem("Check the highlighted fields."),
  );

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={company ? `Edit ${company.name}` : "New company"}>
        {problem && <Alert>{problem}</Alert>}
        <fieldset disabled={isSubmitting} className="flex min-w-0 flex-col gap-5">
          <FormSection title="Company">
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
              <TextField label="Name" autoComplete="off" error={errors.name?.message} {...form.register("name")} />
              <TextField
                label="Website domain"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                placeholder="acme.com"
                hint="A web address works too; it is saved as the domain."
                error={errors.domain?.message}
                {...form.register("domain")}
              />
              <TextField label="Industry" autoComplete="off" error={errors.industry?.message} {...form.register("industry")} />
              <SelectField label="Size (employees)" error={errors.size?.message} {...form.register("size")}>
                <option value="">—</option>
                {COMPANY_SIZES.map((size) => (
                  <option key={size} value={size}>
                    {size}
                  </option>
                ))}
              </SelectField>
            </div>
          </FormSection>

          {!company && <CompanyDuplicateWarning slug={slug} control={form.control} />}

          <FormSection title="Address">
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
              <TextField label="Street address" className="sm:col-span-2" autoComplete="off" error={errors.addressLine?.message} {...form.register("addressLine")} />
              <TextField label="City" autoComplete="off" error={errors.city?.message} {...form.register("city")} />
              <TextField label="Region or state" autoComplete="off" error={errors.region?.message} {...form.register("region")} />
              <TextField label="Postal code" autoComplete="off" error={errors.postalCode?.message} {...form.register("postalCode")} />
              <TextField label="Country code" autoComplete="off" maxLength={2} placeholder="DE" hint="Two letters, like DE, US or FR." error={errors.country?.message} {...form.register("country")} />
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
            {isSubmitting ? "Saving…" : company ? "Save changes" : "Create company"}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

/** The new company's name and domain, checked against existing companies as they are typed. */
function CompanyDuplicateWarning({ slug, control }: { slug: string; control: Control<FormValues> }) {
  const [name, domain] = useWatch({ control, name: ["name", "domain"] });
  return <DuplicateWarning slug={slug} draft={{ entityType: "company", name: name ?? "", domain: domain ?? "" }} />;
}
