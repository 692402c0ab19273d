"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useId, useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { ActivityKind } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";
import { ACTIVITY_KINDS, fromLocalInput, KIND_LABEL, KIND_PLACEHOLDER, KIND_VERB, KindGlyph, toLocalInput } from "./activity-kinds";
import { TextAreaField } from "../shared/form-parts";
import { splitServerErrors } from "../shared/server-fields";
import type { Member } from "../shared/types";

/*
 * Logging an activity on a record (the composer above a timeline) and editing one in
 * place. The browser checks the shapes; the server checks everything again and its field
 * errors land next to the same inputs.
 */

const localDate = (what: string) => z.string().refine((value) => fromLocalInput(value) !== undefined, `Enter ${what} as a date and time.`);

const formSchema = z.object({
  kind: z.enum(ACTIVITY_KINDS),
  subject: z.string().trim().min(1, "Enter a subject.").max(300, "A subject can be at most 300 characters."),
  body: z.string().trim().max(20_000, "The text can be at most 20,000 characters."),
  /** datetime-local; empty means now (create) or unchanged (edit). */
  occurredAt: localDate("when it happened"),
  dueAt: localDate("the due date"),
  assigneeId: z.string(),
});
type FormValues = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

const FORM_FIELDS = new Set<string>(["kind", "subject", "body", "occurredAt", "dueAt", "assigneeId"]);

export type ActivityForEdit = {
  id: string;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  occurredAt: Date;
  dueAt: Date | null;
  assignee: { id: string } | null;
};

/** The record a new activity is attached to. */
export type ActivityTargetInput = { contactId?: string; companyId?: string; dealId?: string };

type Props = {
  members: Member[];
  /** The signed-in member: a new task is theirs unless they choose someone else. */
  userId: string | null;
  onDone?: (message: string) => void;
  onCancel?: () => void;
} & ({ mode: "create"; target: ActivityTargetInput } | { mode: "edit"; activity: ActivityForEdit });

/** Radio buttons drawn as a segmented control: one tab stop, arrows move between kinds. */
function KindChoice({ kinds, value, onChange, disabled }: { kinds: readonly ActivityKind[]; value: ActivityKind; onChange: (kind: ActivityKind) => void; disabled?: boolean }) {
  const name = useId();
  return (
    <fieldset disabled={disabled}>
      <legend className="sr-only">Kind of activity</legend>
      <div className="flex flex-wrap gap-1 rounded-lg bg-surface-sunken p-1">
        {kinds.map((kind) => (
          <label
            key={kind}
            className={clsx(
              "relative inline-flex cursor-pointer items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
              value === kind ? "bg-white text-ink shadow-sm" : "text-ink-muted hover:text-ink",
            )}
          >
            <input type="radio" name={name} value={kind} checked={value === kind} onChange={() => onChange(kind)} className="sr-only" />
            <KindGlyph kind={kind} className="size-4" />
            {KIND_LABEL[kind]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function initialValues(props: Props): FormValues {
  if (props.mode === "edit") {
    const a = props.activity;
    return {
      kind: a.kind,
      subject: a.subject,
      body: a.body ?? "",
      occurredAt: toLocalInput(a.occurredAt),
      dueAt: a.dueAt ? toLocalInput(a.dueAt) : "",
      assigneeId: a.assignee?.id ?? props.userId ?? "",
    };
  }
  return { kind: "note", subject: "", body: "", occurredAt: "", dueAt: "", assigneeId: props.userId ?? "" };
}

export function ActivityForm(props: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { members, userId, onDone, onCancel } = props;
  const editing = props.mode === "edit";
  const [topError, setTopError] = useState<string[] | null>(null);
  const form = useForm<FormValues, unknown, FormOutput>({ resolver: zodResolver(formSchema), defaultValues: initialValues(props) });
  const { register, handleSubmit, formState, watch, setValue, setError, reset } = form;
  const kind = watch("kind");
  const isTask = kind === "task";

  const create = useMutation(trpc.crm.activities.create.mutationOptions());
  const update = useMutation(trpc.crm.activities.update.mutationOptions());
  const pending = create.isPending || update.isPending;

  // Editing: a task stays a task, the others may change into each other (the service's rule).
  const kinds: readonly ActivityKind[] = editing ? (props.activity.kind === "task" ? [] : ACTIVITY_KINDS.filter((k) => k !== "task")) : ACTIVITY_KINDS;

  const submit = async (values: FormOutput) => {
    setTopError(null);
    const occurredAt = fromLocalInput(values.occurredAt) ?? undefined;
    const dueAt = isTask ? (fromLocalInput(values.dueAt) ?? null) : null;
    try {
      if (props.mode === "create") {
        await create.mutateAsync({
          kind: values.kind,
          subject: values.subject,
          body: values.body || null,
          occurredAt: isTask ? undefined : occurredAt,
          ...props.target,
          dueAt,
          assigneeId: isTask ? values.assigneeId || undefined : undefined,
        });
        // The kind stays: someone logging calls usually logs the next one too.
        reset({ ...initialValues(props), kind: values.kind });
      } else {
        await update.mutateAsync({
          id: props.activity.id,
          ...(props.activity.kind === "task" ? {} : { kind: values.kind }),
          subject: values.subject,
          body: values.body || null,
          ...(occurredAt && !isTask ? { occurredAt } : {}),
          ...(isTask ? { dueAt, ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}) } : {}),
        });
      }
      await Promise.all([
        queryClient.invalidateQueries(trpc.crm.activities.timeline.pathFilter()),
        queryClient.invalidateQueries(trpc.crm.activities.myTasks.pathFilter()),
      ]);
      onDone?.(editing ? `${KIND_LABEL[values.kind]} saved.` : `${KIND_LABEL[values.kind]} “${values.subject}” added.`);
    } catch (error) {
      const { message, fields, other } = splitServerErrors(error, (path) => FORM_FIELDS.has(path));
      for (const [path, text] of fields) setError(path as Path<FormValues>, { message: text });
      setTopError(other.length ? other : fields.length ? null : [message]);
    }
  };

  const placeholder = KIND_PLACEHOLDER[kind];
  const errors = formState.errors;

  return (
    <form onSubmit={handleSubmit(submit)} noValidate className="flex flex-col gap-3" aria-label={editing ? "Edit activity" : "Log an activity"}>
      {kinds.length > 0 && <KindChoice kinds={kinds} value={kind} onChange={(k) => setValue("kind", k, { shouldDirty: true })} disabled={pending} />}
      {topError && (
        <Alert>
          {topError.length === 1 ? (
            topError[0]
          ) : (
            <ul className="list-disc pl-4">
              {topError.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <TextField label="Subject" placeholder={placeholder.subject} maxLength={320} error={errors.subject?.message} disabled={pending} {...register("subject")} />
      <TextAreaField label={isTask ? "Details" : "Text"} rows={editing ? 4 : 3} placeholder={placeholder.body} error={errors.body?.message} disabled={pending} {...register("body")} />
      {isTask ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <TextField
            type="datetime-local"
            label="Due"
            hint="Leave empty for a task without a date."
            error={errors.dueAt?.message}
            disabled={pending}
            {...register("dueAt")}
          />
          <SelectField label="Assignee" error={errors.assigneeId?.message} disabled={pending} {...register("assigneeId")}>
            {!members.some((m) => m.userId === userId) && <option value="">Me</option>}
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
                {m.userId === userId ? " (you)" : ""}
              </option>
            ))}
          </SelectField>
        </div>
      ) : (
        <TextField
          type="datetime-local"
          label={kind === "meeting" ? "When" : "When it happened"}
          hint={editing ? undefined : "Leave empty for now."}
          error={errors.occurredAt?.message}
          disabled={pending}
          className="sm:max-w-xs"
          {...register("occurredAt")}
        />
      )}
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {editing ? "Save" : KIND_VERB[kind]}
        </Button>
      </div>
    </form>
  );
}
