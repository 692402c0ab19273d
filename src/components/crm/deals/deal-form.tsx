"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Controller, FormProvider, useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { currencyGroups } from "@/components/orgs/options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatMajorAmount, parseMajorAmount } from "@/lib/money";
import { useTRPC } from "@/trpc/client";
import { CompanyPicker, type CompanyChoice } from "../companies/company-picker";
import { CustomFieldInputs } from "../shared/custom-field-inputs";
import { customValueError, initialCustomValues, toServerCustom, type CustomFormValues } from "../shared/custom-values";
import { DealContactsPicker, type ContactChoice } from "./deal-contacts-picker";
import type { DealDetail, PipelineInfo, StageInfo } from "./deal-types";
import { FormSection, TextAreaField } from "../shared/form-parts";
import { splitServerErrors } from "../shared/server-fields";
import { TagInput } from "../shared/tag-input";
import type { CustomFieldDef, Member } from "../shared/types";

/*
 * Create and edit form of a deal. The browser checks what it can (title, amount in the
 * chosen currency, probability, a lost reason for a lost stage, custom field types); the
 * server checks everything again and its field errors land next to the same inputs.
 * Winning, losing and reopening also have their own buttons on the deal's page.
 */

export type DealFormDefaults = { company: CompanyChoice | null; contacts: ContactChoice[]; pipelineId?: string; stageId?: string };

function findStage(pipelines: PipelineInfo[], stageId: string): StageInfo | undefined {
  for (const p of pipelines) {
    const stage = p.stages.find((s) => s.id === stageId);
    if (stage) return stage;
  }
  return undefined;
}

function firstOpenStage(pipeline: PipelineInfo | undefined): string {
  return (pipeline?.stages.find((s) => s.outcome === "open") ?? pipeline?.stages[0])?.id ?? "";
}

function dealFormSchema(fields: CustomFieldDef[], pipelines: PipelineInfo[], deal: DealDetail | null) {
  return z
    .object({
      title: z.string().trim().min(1, "Give the deal a title.").max(200, "A title can be at most 200 characters."),
      amount: z.string().trim(),
      currency: z.string().regex(/^[A-Z]{3}$/, "Choose a currency."),
      company: z.custom<CompanyChoice | null>(),
      contacts: z.array(z.custom<ContactChoice>()).max(50, "At most 50 contacts per deal."),
      ownerId: z.string(),
      pipelineId: z.string().min(1, "Choose a pipeline."),
      stageId: z.string().min(1, "Choose a stage."),
      expectedCloseDate: z.string(),
      probability: z.string().trim(),
      lostReason: z.string().trim().max(500, "A lost reason can be at most 500 characters."),
      tags: z.array(z.string()).max(30, "At most 30 tags."),
      custom: z.custom<CustomFormValues>(),
    })
    .superRefine((values, ctx) => {
      const minor = values.amount === "" ? 0n : parseMajorAmount(values.amount, values.currency);
      if (minor === null) ctx.addIssue({ code: "custom", path: ["amount"], message: `Enter an amount in ${values.currency}, like 12500 or 12,500.00.` });
      else if (minor < 0n) ctx.addIssue({ code: "custom", path: ["amount"], message: "An amount cannot be negative." });
      if (values.probability !== "" && !/^\d{1,3}$/.test(values.probability)) ctx.addIssue({ code: "custom", path: ["probability"], message: "Use a whole number from 0 to 100." });
      else if (values.probability !== "" && Number(values.probability) > 100) ctx.addIssue({ code: "custom", path: ["probability"], message: "Use 0 to 100." });
      const stage = findStage(pipelines, values.stageId);
      const keepsReason = deal?.status === "lost" && deal.lostReason;
      if (stage?.outcome === "lost" && !values.lostReason && !keepsReason) ctx.addIssue({ code: "custom", path: ["lostReason"], message: "Say why the deal was lost." });
      for (const field of fields) {
        const message = customValueError(field, values.custom?.[field.key]);
        if (message) ctx.addIssue({ code: "custom", path: ["custom", field.key], message });
      }
    });
}

type Schema = ReturnType<typeof dealFormSchema>;
type FormValues = z.input<Schema>;
type FormOutput = z.output<Schema>;

const TOP_LEVEL = new Set(["title", "amount", "currency", "company", "contacts", "ownerId", "pipelineId", "stageId", "expectedCloseDate", "probability", "lostReason", "tags"]);
const RENAME = { amountMinor: "amount", companyId: "company", contactIds: "contacts" };

type Props = {
  slug: string;
  fields: CustomFieldDef[];
  members: Member[];
  /** Every pipeline, archived ones too (a deal may sit in one). */
  pipelines: PipelineInfo[];
  /** The organization's currency, the default for new deals. */
  currency: string;
  userId: string;
  /** Editing this deal; null creates one. */
  deal: DealDetail | null;
  defaults?: DealFormDefaults;
  onDone?: () => void;
  onCancel?: () => void;
};

export function DealForm({ slug, fields, members, pipelines, currency, userId, deal, defaults, onDone, onCancel }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schema = useMemo(() => dealFormSchema(fields, pipelines, deal), [fields, pipelines, deal]);
  const usable = pipelines.filter((p) => !p.archivedAt || p.id === deal?.pipeline.id);
  const startPipeline = deal?.pipeline.id ?? (usable.find((p) => p.id === defaults?.pipelineId) ?? usable.find((p) => p.isDefault) ?? usable[0])?.id ?? "";
  const startStage =
    deal?.stage.id ??
    (defaults?.stageId && usable.find((p) => p.id === startPipeline)?.stages.some((s) => s.id === defaults.stageId)
      ? defaults.stageId
      : firstOpenStage(usable.find((p) => p.id === startPipeline)));
  const form = useForm<FormValues, unknown, FormOutput>({
    resolver: zodResolver(schema),
    defaultValues: {
      title: deal?.title ?? "",
      amount: deal ? formatMajorAmount(deal.amountMinor, deal.currency) : "",
      currency: deal?.currency ?? currency,
      company: deal ? (deal.company ? { id: deal.company.id, name: deal.company.name } : null) : (defaults?.company ?? null),
      contacts: deal ? deal.contacts.map((c) => ({ id: c.id, name: c.name || c.email || "Unnamed contact" })) : (defaults?.contacts ?? []),
      ownerId: deal ? (deal.owner?.id ?? "") : members.some((m) => m.userId === userId) ? userId : "",
      pipelineId: startPipeline,
      stageId: startStage,
      expectedCloseDate: deal?.expectedCloseDate ?? "",
      probability: deal?.probability != null ? String(deal.probability) : "",
      lostReason: deal?.lostReason ?? "",
      tags: deal?.tags ?? [],
      custom: initialCustomValues(fields, deal?.custom, currency),
    },
  });
  const create = useMutation(trpc.crm.deals.create.mutationOptions());
  const update = useMutation(trpc.crm.deals.update.mutationOptions());
  const [problem, setProblem] = useState<React.ReactNode>(null);
  const [focusField, setFocusField] = useState<Path<FormValues> | null>(null);
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (isSubmitting || !focusField) return;
    form.setFocus(focusField);
    setFocusField(null);
  }, [isSubmitting, focusField, form]);

  const pipelineId = form.watch("pipelineId");
  const stageId = form.watch("stageId");
  const chosenCurrency = form.watch("currency");
  const pipeline = usable.find((p) => p.id === pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === stageId);
  const currencies = useMemo(() => currencyGroups(chosenCurrency || currency), [chosenCurrency, currency]);
  const showLostReason = stage?.outcome === "lost" || (deal?.status === "lost" && stageId === deal.stage.id);

  const isFormPath = (path: string) => TOP_LEVEL.has(path) || (path.startsWith("custom.") && fields.some((f) => `custom.${f.key}` === path));

  const onSubmit = form.handleSubmit(
    async (values) => {
      setProblem(null);
      const input = {
        title: values.title,
        amountMinor: values.amount === "" ? 0n : (parseMajorAmount(values.amount, values.currency) ?? 0n),
        currency: values.currency,
        companyId: values.company?.id ?? null,
        contactIds: values.contacts.map((c) => c.id),
        ownerId: values.ownerId || null,
        pipelineId: values.pipelineId,
        stageId: values.stageId,
        expectedCloseDate: values.expectedCloseDate || null,
        probability: values.probability === "" ? null : Number(values.probability),
        ...(showLostReason ? { lostReason: values.lostReason || null } : {}),
        tags: values.tags,
        custom: toServerCustom(fields, values.custom),
      };
      try {
        if (deal) {
          await update.mutateAsync({ id: deal.id, ...input });
          await queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
          onDone?.();
        } else {
          const created = await create.mutateAsync(input);
          await queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
          router.push(`/t/${slug}/crm/deals/${created.id}`);
        }
      } catch (error) {
        const { message, code, fields: refused, other } = splitServerErrors(error, isFormPath, RENAME);
        for (const [path, text] of refused) form.setError(path as Path<FormValues>, { message: text });
        setFocusField((refused[0]?.[0] as Path<FormValues> | undefined) ?? null);
        setProblem(
          <>
            {code === "CONFLICT" || refused.length === 0 ? `Could not save the deal: ${message}` : "Could not save: check the highlighted fields."}
            {other.length > 0 && <span className="mt-1 block">{other.join(" ")}</span>}
          </>,
        );
      }
    },
    () => setProblem("Check the highlighted fields."),
  );

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5" aria-label={deal ? `Edit ${deal.title}` : "New deal"}>
        {problem && <Alert>{problem}</Alert>}
        <fieldset disabled={isSubmitting} className="flex min-w-0 flex-col gap-5">
          <FormSection title="Deal">
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
              <TextField label="Title" autoComplete="off" className="sm:col-span-2" error={errors.title?.message} {...form.register("title")} />
              <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-2">
                <TextField label="Amount" inputMode="decimal" autoComplete="off" placeholder="0.00" error={errors.amount?.message} {...form.register("amount")} />
                <SelectField label="Currency" error={errors.currency?.message} {...form.register("currency")}>
                  {currencies.map((group) => (
                    <optgroup key={group.label} label={group.label}>
                      {group.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.value}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </SelectField>
              </div>
              <TextField label="Expected close date" type="date" error={errors.expectedCloseDate?.message} {...form.register("expectedCloseDate")} />
              <Controller
                control={form.control}
                name="company"
                render={({ field, fieldState }) => (
                  <CompanyPicker label="Company" value={field.value ?? null} onChange={field.onChange} error={fieldState.error?.message} disabled={isSubmitting} />
                )}
              />
              <Controller
                control={form.control}
                name="contacts"
                render={({ field, fieldState }) => (
                  <DealContactsPicker label="Contacts" value={field.value} onChange={field.onChange} error={fieldState.error?.message} disabled={isSubmitting} />
                )}
              />
            </div>
          </FormSection>

          <FormSection title="Pipeline" description="The stage sets the deal's probability, unless you override it.">
            <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
              <SelectField
                label="Pipeline"
                error={errors.pipelineId?.message}
                {...form.register("pipelineId", {
                  onChange: (e: React.ChangeEvent<HTMLSelectElement>) => form.setValue("stageId", firstOpenStage(usable.find((p) => p.id === e.target.value)), { shouldDirty: true }),
                })}
              >
                {usable.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.archivedAt ? `${p.name} (archived)` : p.isDefault ? `${p.name} (default)` : p.name}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Stage" error={errors.stageId?.message} {...form.register("stageId")}>
                {(pipeline?.stages ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.outcome === "open" ? `${s.name} · ${s.probability}%` : `${s.name} · ${s.outcome}`}
                  </option>
                ))}
              </SelectField>
              <TextField
                label="Probability override (%)"
                inputMode="numeric"
                autoComplete="off"
                placeholder={stage ? String(stage.probability) : ""}
                hint={stage ? `Leave empty to use the stage's ${stage.probability}%.` : "Leave empty to use the stage's probability."}
                error={errors.probability?.message}
                {...form.register("probability")}
              />
              <SelectField label="Owner" error={errors.ownerId?.message} {...form.register("ownerId")}>
                <option value="">No owner</option>
                {deal?.owner && !members.some((m) => m.userId === deal.owner?.id) && <option value={deal.owner.id}>{deal.owner.name ?? "Former member"}</option>}
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </SelectField>
              {showLostReason && (
                <TextAreaField
                  label="Lost reason"
                  className="sm:col-span-2"
                  rows={2}
                  hint={stage?.outcome === "lost" ? "A lost stage closes the deal as lost." : undefined}
                  error={errors.lostReason?.message}
                  {...form.register("lostReason")}
                />
              )}
              {stage?.outcome === "won" && deal?.status !== "won" && <p className="text-sm text-success-700 sm:col-span-2">Saving in this stage marks the deal as won.</p>}
            </div>
          </FormSection>

          <FormSection title="More details">
            <Controller
              control={form.control}
              name="tags"
              render={({ field, fieldState }) => (
                <TagInput label="Tags" value={field.value} onChange={field.onChange} error={fieldState.error?.message} hint="Press Enter or comma after each tag." disabled={isSubmitting} />
              )}
            />
            <CustomFieldInputs fields={fields} members={members} />
          </FormSection>
        </fieldset>

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          {onCancel && (
            <Button type="button" variant="secondary" onClick={onCancel} disabled={isSubmitting}>
              Cancel
            </Button>
          )}
          <Button type="submit" pending={isSubmitting}>
            {isSubmitting ? "Saving…" : deal ? "Save changes" : "Create deal"}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
