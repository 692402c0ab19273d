"use client";
// Over 400 lines: the new-field and edit-field forms share this file's option parsing and error mapping; splitting them is left for the next change here.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useCallback, useId, useState } from "react";
import { NoticeAlert, type Notice } from "@/components/orgs/notice";
import { SectionCard } from "@/components/orgs/section-card";
import { Icon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import type { CrmEntityType, CustomFieldType } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";
import { TextAreaField } from "../shared/form-parts";
import { boundTexts, BoundsFields, readBounds, type BoundTexts } from "./custom-field-bounds";
import { CUSTOM_FIELD_TYPE_HINT, CUSTOM_FIELD_TYPE_LABEL, CUSTOM_FIELD_TYPES, ENTITY_LABEL, SELECT_FIELD_TYPES } from "../shared/labels";
import { splitServerErrors } from "../shared/server-fields";
import type { CustomFieldDef } from "../shared/types";

const ENTITIES: CrmEntityType[] = ["contact", "company", "deal"];

/** Options typed one per line → the list the server takes. */
function parseOptions(text: string): string[] {
  return text
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);
}

type Errors = Record<string, string | undefined>;

function fieldErrors(error: unknown, known: string[]): { errors: Errors; message: string | null } {
  const { message, fields, other } = splitServerErrors(error, (path) => known.includes(path) || path.startsWith("options."));
  const errors: Errors = {};
  for (const [path, text] of fields) errors[path.startsWith("options.") ? "options" : path] ??= text;
  return { errors, message: fields.length && !other.length ? null : [message, ...other].join(" ") };
}

function Checkbox({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" className="mt-0.5 size-4 rounded border-gray-300 text-brand-600" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-ink">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-ink-faint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

function NewFieldForm({ entity, onCreated }: { entity: CrmEntityType; onCreated: (field: CustomFieldDef) => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.crm.fields.create.mutationOptions());
  const [label, setLabel] = useState("");
  const [key, setKey] = useState("");
  const [type, setType] = useState<CustomFieldType>("text");
  const [options, setOptions] = useState("");
  const [required, setRequired] = useState(false);
  const [bounds, setBounds] = useState<BoundTexts>(boundTexts());
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const isSelect = SELECT_FIELD_TYPES.includes(type);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const local: Errors = {};
    if (!label.trim()) local.label = "Give the field a label.";
    if (key && !/^[a-z][a-z0-9_]{0,62}$/.test(key.trim())) local.key = "Use lower-case letters, digits and _ , starting with a letter.";
    if (isSelect && parseOptions(options).length === 0) local.options = "A select field needs at least one option.";
    const typedBounds = readBounds(bounds);
    if ("errors" in typedBounds) Object.assign(local, typedBounds.errors);
    setErrors(local);
    if (Object.keys(local).length || "errors" in typedBounds) return;
    try {
      const field = await create.mutateAsync({
        ...typedBounds.bounds,
        entityType: entity,
        label: label.trim(),
        key: key.trim() || undefined,
        type,
        options: isSelect ? parseOptions(options) : [],
        required,
      });
      setLabel("");
      setKey("");
      setOptions("");
      setRequired(false);
      setBounds(boundTexts());
      setType("text");
      onCreated(field);
    } catch (error) {
      const result = fieldErrors(error, ["label", "key", "type", "options", "required", "minValue", "maxValue"]);
      setErrors(result.errors);
      setMessage(result.message);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4 rounded-lg border border-dashed border-gray-300 p-4" aria-label={`New ${ENTITY_LABEL[entity].one} field`}>
      <h4 className="text-sm font-semibold text-ink">Add a {ENTITY_LABEL[entity].one} field</h4>
      {message && (
        <p role="alert" className="text-sm text-danger-700">
          {message}
        </p>
      )}
      <fieldset disabled={create.isPending} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField label="Label" value={label} onChange={(e) => setLabel(e.target.value)} error={errors.label} maxLength={80} placeholder="e.g. Budget" />
        <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value as CustomFieldType)} error={errors.type} hint={CUSTOM_FIELD_TYPE_HINT[type]}>
          {CUSTOM_FIELD_TYPES.map((t) => (
            <option key={t} value={t}>
              {CUSTOM_FIELD_TYPE_LABEL[t]}
            </option>
          ))}
        </SelectField>
        {isSelect && (
          <TextAreaField
            label="Options"
            className="sm:col-span-2"
            rows={4}
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            error={errors.options}
            hint="One option per line."
          />
        )}
        <BoundsFields type={type} texts={bounds} onChange={setBounds} errors={errors} />
        <TextField
          label="Key (optional)"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          error={errors.key}
          autoCapitalize="none"
          spellCheck={false}
          hint="Names the field in imports, exports and the API. Made from the label if empty; cannot change later."
        />
        <div className="flex items-end pb-2">
          <Checkbox label="Required" checked={required} onChange={setRequired} hint="Records cannot be saved without a value." />
        </div>
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" pending={create.isPending}>
          Add field
        </Button>
      </div>
    </form>
  );
}

function EditFieldForm({ field, onDone, onCancel }: { field: CustomFieldDef; onDone: (field: CustomFieldDef) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.crm.fields.update.mutationOptions());
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState(field.options.join("\n"));
  const [required, setRequired] = useState(field.required);
  const [bounds, setBounds] = useState<BoundTexts>(boundTexts(field));
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const isSelect = SELECT_FIELD_TYPES.includes(field.type);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const local: Errors = {};
    if (!label.trim()) local.label = "Give the field a label.";
    if (isSelect && parseOptions(options).length === 0) local.options = "A select field needs at least one option.";
    const typedBounds = readBounds(bounds);
    if ("errors" in typedBounds) Object.assign(local, typedBounds.errors);
    setErrors(local);
    if (Object.keys(local).length || "errors" in typedBounds) return;
    try {
      const saved = await update.mutateAsync({ id: field.id, label: label.trim(), required, ...typedBounds.bounds, ...(isSelect ? { options: parseOptions(options) } : {}) });
      onDone(saved);
    } catch (error) {
      const result = fieldErrors(error, ["label", "options", "required", "minValue", "maxValue"]);
      setErrors(result.errors);
      setMessage(result.message);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={`Edit the field ${field.label}`}>
      {message && (
        <p role="alert" className="text-sm text-danger-700">
          {message}
        </p>
      )}
      <fieldset disabled={update.isPending} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField label="Label" value={label} onChange={(e) => setLabel(e.target.value)} error={errors.label} maxLength={80} autoFocus />
        <div className="flex items-end pb-2">
          <Checkbox
            label="Required"
            checked={required}
            onChange={setRequired}
            hint={required && !field.required ? "Existing records without a value keep saving until someone edits this field." : "Records cannot be saved without a value."}
          />
        </div>
        {isSelect && (
          <TextAreaField
            label="Options"
            className="sm:col-span-2"
            rows={5}
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            error={errors.options}
            hint="One option per line. Removing an option leaves records that already have it unchanged."
          />
        )}
        <BoundsFields type={field.type} texts={bounds} onChange={setBounds} errors={errors} />
      </fieldset>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={update.isPending}>
          Save field
        </Button>
      </div>
    </form>
  );
}

function FieldRow({
  field,
  canMoveUp,
  canMoveDown,
  onMove,
  onNotice,
}: {
  field: CustomFieldDef;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onMove: (direction: -1 | 1) => void;
  onNotice: (notice: Notice) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const archive = useMutation(trpc.crm.fields.archive.mutationOptions());
  const restore = useMutation(trpc.crm.fields.restore.mutationOptions());
  const archived = Boolean(field.archivedAt);
  const refresh = () => queryClient.invalidateQueries(trpc.crm.fields.pathFilter());

  const toggleArchived = async () => {
    try {
      await (archived ? restore : archive).mutateAsync({ id: field.id });
      await refresh();
      onNotice({
        tone: "success",
        text: archived ? `“${field.label}” is back on forms and lists.` : `“${field.label}” is archived: hidden from forms and lists, its values kept on the records.`,
      });
    } catch (error) {
      onNotice({ tone: "error", text: `Could not ${archived ? "restore" : "archive"} “${field.label}”: ${splitServerErrors(error, () => false).message}` });
    }
  };

  return (
    <li className={clsx("flex flex-col gap-3 py-3", archived && "opacity-75")}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink">
            {field.label}
            {field.required && <span className="rounded bg-surface-sunken px-1.5 py-0.5 text-xs font-medium text-ink-muted">Required</span>}
            {archived && <span className="rounded bg-surface-sunken px-1.5 py-0.5 text-xs font-medium text-ink-muted">Archived</span>}
          </p>
          <p className="mt-0.5 text-xs text-ink-faint">
            {CUSTOM_FIELD_TYPE_LABEL[field.type]} · key <span className="font-mono">{field.key}</span>
          </p>
          {field.options.length > 0 && <p className="mt-1 break-words text-xs text-ink-muted">Options: {field.options.join(", ")}</p>}
        </div>
        {!editing && (
          <div className="flex shrink-0 flex-wrap items-center gap-1">
            {!archived && (
              <>
                <button type="button" className="rounded p-1.5 text-ink-muted hover:bg-surface-sunken disabled:opacity-30" disabled={!canMoveUp} onClick={() => onMove(-1)} aria-label={`Move ${field.label} up`}>
                  <Icon name="chevron" className="size-4 rotate-180" />
                </button>
                <button type="button" className="rounded p-1.5 text-ink-muted hover:bg-surface-sunken disabled:opacity-30" disabled={!canMoveDown} onClick={() => onMove(1)} aria-label={`Move ${field.label} down`}>
                  <Icon name="chevron" className="size-4" />
                </button>
                <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={() => setEditing(true)} aria-label={`Edit ${field.label}`}>
                  Edit
                </Button>
              </>
            )}
            <Button type="button" variant="ghost" className="px-3 py-1.5" pending={archive.isPending || restore.isPending} onClick={() => void toggleArchived()} aria-label={`${archived ? "Restore" : "Archive"} ${field.label}`}>
              {archived ? "Restore" : "Archive"}
            </Button>
          </div>
        )}
      </div>
      {editing && (
        <EditFieldForm
          field={field}
          onCancel={() => setEditing(false)}
          onDone={(saved) => {
            setEditing(false);
            void refresh();
            onNotice({ tone: "success", text: `Saved “${saved.label}”.` });
          }}
        />
      )}
    </li>
  );
}

/** Settings → CRM → Custom fields: per entity, list, add, edit label/options/required, reorder, archive and restore. */
export function CustomFieldsSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [entity, setEntity] = useState<CrmEntityType>("contact");
  const [showArchived, setShowArchived] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const clear = useCallback(() => setNotice(null), []);
  const fields = useQuery(trpc.crm.fields.list.queryOptions({ entityType: entity, includeArchived: true }));
  const reorder = useMutation(trpc.crm.fields.update.mutationOptions());
  const all = fields.data ?? [];
  const active = all.filter((f) => !f.archivedAt);
  const archived = all.filter((f) => f.archivedAt);

  const move = async (index: number, direction: -1 | 1) => {
    const order = [...active];
    const [moved] = order.splice(index, 1);
    order.splice(index + direction, 0, moved!);
    try {
      // Positions become the new order; only those that change are sent.
      for (const [position, field] of order.entries()) {
        if (field.position !== position) await reorder.mutateAsync({ id: field.id, position });
      }
    } catch (error) {
      setNotice({ tone: "error", text: `Could not reorder the fields: ${splitServerErrors(error, () => false).message}` });
    }
    await queryClient.invalidateQueries(trpc.crm.fields.pathFilter());
  };

  return (
    <SectionCard title="Custom fields">
      <div className="flex flex-col gap-4">
        <p className="max-w-3xl text-sm text-ink-muted">
          Extra fields on contacts, companies and deals. They appear on forms, record pages, lists, filters and CSV imports and exports, in this order.
          Archiving hides a field and keeps its values.
        </p>
        <div role="group" aria-label="Record type" className="inline-flex w-fit rounded-lg border border-gray-300 bg-surface-muted p-0.5">
          {ENTITIES.map((e) => (
            <button
              key={e}
              type="button"
              aria-pressed={entity === e}
              onClick={() => setEntity(e)}
              className={clsx("rounded-md px-3 py-1.5 text-sm font-medium", entity === e ? "bg-white text-ink shadow-sm" : "text-ink-muted hover:text-ink")}
            >
              {ENTITY_LABEL[e].title}
            </button>
          ))}
        </div>
        <NoticeAlert notice={notice} onDismiss={clear} />

        {fields.isPending ? (
          <div className="h-32 animate-pulse rounded-lg bg-surface-sunken" aria-hidden />
        ) : fields.isError ? (
          <LoadError message={`Could not load the fields: ${splitServerErrors(fields.error, () => false).message}`} retrying={fields.isFetching} onRetry={() => void fields.refetch()} />
        ) : (
          <>
            {active.length === 0 ? (
              <EmptyState title={`No ${ENTITY_LABEL[entity].one} fields yet.`}>Add one below, for example a budget, a region or a contract date.</EmptyState>
            ) : (
              <ul className="divide-y divide-gray-100" aria-label={`${ENTITY_LABEL[entity].title} fields`} aria-busy={reorder.isPending || undefined}>
                {active.map((field, index) => (
                  <FieldRow
                    key={field.id}
                    field={field}
                    canMoveUp={index > 0 && !reorder.isPending}
                    canMoveDown={index < active.length - 1 && !reorder.isPending}
                    onMove={(direction) => void move(index, direction)}
                    onNotice={setNotice}
                  />
                ))}
              </ul>
            )}
            {archived.length > 0 && (
              <div className="flex flex-col gap-2">
                <button type="button" aria-expanded={showArchived} onClick={() => setShowArchived(!showArchived)} className="inline-flex items-center gap-1 self-start text-sm font-medium text-brand-700 hover:underline">
                  <Icon name="chevron" className={clsx("size-4 transition-transform", !showArchived && "-rotate-90")} />
                  Archived fields ({archived.length})
                </button>
                {showArchived && (
                  <ul className="divide-y divide-gray-100" aria-label="Archived fields">
                    {archived.map((field) => (
                      <FieldRow key={field.id} field={field} canMoveUp={false} canMoveDown={false} onMove={() => undefined} onNotice={setNotice} />
                    ))}
                  </ul>
                )}
              </div>
            )}
            <NewFieldForm
              key={entity}
              entity={entity}
              onCreated={(field) => {
                void queryClient.invalidateQueries(trpc.crm.fields.pathFilter());
                setNotice({ tone: "success", text: `Added “${field.label}” to ${ENTITY_LABEL[entity].many}.` });
              }}
            />
          </>
        )}
      </div>
    </SectionCard>
  );
}
