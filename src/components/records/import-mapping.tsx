"use client";

import clsx from "clsx";
import { keepPreviousData } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Fragment, useId, useMemo, useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { columnSamples, formatBytes, mappingProblems, SKIP_COLUMN as SKIP } from "./import-format";
import { WizardSteps } from "./import-parts";
import { PreviewTable, ProblemList, serverProblems } from "./import-preview";
import { NewFieldForm } from "./import-new-field";
import { ImportValuesStep, type ValueMapping } from "./import-values";
import type { DateOrder, ImportConfig, ImportDetail, ImportDraft, OnDuplicate } from "./import-types";

/*
 * Steps 2 and 3 of the import wizard, on the draft import's page: each CSV column → a
 * field (the server's suggestion preselected), what to do with duplicates, then a
 * preview of the first rows as the import would treat them, and start. The server
 * checks the mapping again (preview and start) and names every problem.
 */

type Mapping = Record<string, string>;

/** The select's value that opens the new-field form for a column (never sent: the column stays skipped until the field exists). */
const NEW_FIELD = "\u0000new";

export function ImportMappingStep<E extends string>({
  config,
  item,
  draft,
  slug,
  canCreateFields,
}: {
  config: ImportConfig<E>;
  item: ImportDetail<E>;
  draft: ImportDraft;
  slug: string;
  canCreateFields: boolean;
}) {
  const { api } = config;
  const refresh = api.useRefresh();
  const router = useRouter();
  const idPrefix = useId();
  const entity = item.entityType;
  const labels = config.entities[entity];
  const [mapping, setMapping] = useState<Mapping>(() => Object.fromEntries(draft.headers.map((h) => [h, draft.suggestedMapping[h] ?? SKIP])));
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>("skip");
  const [valueMapping, setValueMapping] = useState<ValueMapping>({});
  const [dateOrder, setDateOrder] = useState<DateOrder | undefined>(undefined);
  const [step, setStep] = useState<"map" | "preview">("map");
  const [showLocal, setShowLocal] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const { problems, clashing } = useMemo(() => mappingProblems(mapping, draft.targets, labels.missingFields), [mapping, draft.targets, labels.missingFields]);
  const isCustom = (key: string) => key.startsWith(config.customFieldPrefix);
  const standardTargets = draft.targets.filter((t) => !isCustom(t.key));
  const customTargets = draft.targets.filter((t) => isCustom(t.key));
  const mappedCount = Object.values(mapping).filter((k) => k !== SKIP).length;

  // Values of columns no longer mapped to a choice field are not sent (the server would refuse them).
  const mappedValues = Object.fromEntries(Object.entries(valueMapping).filter(([header]) => mapping[header] && mapping[header] !== SKIP));
  const input = { id: item.id, mapping, onDuplicate, valueMapping: mappedValues, dateOrder };
  const preview = api.usePreview(input, { enabled: step === "preview", retry: false, staleTime: 0, gcTime: 0, placeholderData: keepPreviousData });
  const start = api.useStart({ onSuccess: () => Promise.all([refresh.item(item.id), refresh.history()]) });
  const cancel = api.useCancel({});
  // A hook the module may not offer: the same one on every render of this component, so calling it conditionally is stable.
  const createField = api.useCreateField?.({}) ?? null;
  const [newFieldFor, setNewFieldFor] = useState<string | null>(null);
  const offerNewFields = createField !== null && canCreateFields;
  const hasSkipped = Object.values(mapping).some((k) => k === SKIP);

  const toPreview = () => {
    setShowLocal(true);
    if (problems.length) return;
    start.reset();
    setStep("preview");
  };

  const discard = async () => {
    try {
      await cancel.mutateAsync({ id: item.id });
      await refresh.history();
      router.push(`${config.importsHref(slug)}/new?entity=${entity}`);
    } catch {
      setDiscarding(false);
    }
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-ink">Import {labels.many}</h1>
          <p className="mt-1 text-sm text-ink-muted">
            <span className="font-medium text-ink">{item.fileName}</span> · {formatBytes(item.totalBytes)} · {draft.headers.length} columns
          </p>
        </div>
        <WizardSteps current={step === "map" ? 1 : 2} />
      </div>

      {cancel.isError && <Alert>Could not discard the import: {readServerError(cancel.error).message}</Alert>}

      {step === "map" ? (
        <>
          <section aria-labelledby={`${idPrefix}-map`} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
            <div>
              <h2 id={`${idPrefix}-map`} className="text-base font-semibold text-ink">
                Which field does each column go into?
              </h2>
              <p className="mt-0.5 text-sm text-ink-muted">
                We matched the columns we recognized. Change any choice, or skip a column to leave it out. {mappedCount} of {draft.headers.length} columns are
                imported.
              </p>
            </div>
            {showLocal && problems.length > 0 && <ProblemList title="The mapping needs attention:" problems={problems} />}
            {hasSkipped && createField !== null && (
              <p className="text-sm text-ink-muted">
                {canCreateFields
                  ? "A column that matches no field can go into a new field: choose “Create a new field…” in its menu."
                  : `A column that matches no field could go into a new field. ${config.newFieldsForbidden ?? "You may not create fields."}`}
              </p>
            )}
            <div className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
              <table className="min-w-full divide-y divide-gray-200 text-sm">
                <caption className="sr-only">CSV columns and the fields they go into</caption>
                <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Column in the file
                    </th>
                    <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                      Examples
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Field
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {draft.headers.map((header, index) => {
                    const selectId = `${idPrefix}-col-${index}`;
                    const samples = columnSamples(draft.sampleRows, index);
                    const value = mapping[header] ?? SKIP;
                    const clash = showLocal && clashing.has(header);
                    return (
                      <Fragment key={header}>
                      <tr className={clsx("align-top", value === SKIP && "bg-surface-muted/50")}>
                        <th scope="row" className="max-w-[14rem] px-3 py-2.5 text-left font-normal">
                          <label htmlFor={selectId} className={clsx("block break-words font-medium", value === SKIP ? "text-ink-muted" : "text-ink")}>
                            {header}
                          </label>
                          <span className="mt-0.5 block truncate text-xs text-ink-faint md:hidden">{samples.join(", ") || "No values in the first rows"}</span>
                        </th>
                        <td className="hidden max-w-[18rem] px-3 py-2.5 text-ink-muted md:table-cell">
                          {samples.length ? (
                            <ul className="flex flex-col gap-0.5">
                              {samples.map((s, i) => (
                                <li key={i} className="truncate" title={s}>
                                  {s}
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <span className="text-ink-faint">No values in the first rows</span>
                          )}
                        </td>
                        <td className="w-64 px-3 py-2.5">
                          <select
                            id={selectId}
                            value={newFieldFor === header ? NEW_FIELD : value}
                            aria-invalid={clash || undefined}
                            onChange={(e) => {
                              if (e.target.value === NEW_FIELD) {
                                setMapping({ ...mapping, [header]: SKIP });
                                setNewFieldFor(header);
                                return;
                              }
                              if (newFieldFor === header) setNewFieldFor(null);
                              setMapping({ ...mapping, [header]: e.target.value });
                            }}
                            className={clsx(
                              "w-full min-w-[10rem] rounded-lg border bg-white px-3 py-2 text-sm shadow-sm",
                              clash ? "border-danger-600" : "border-gray-300 focus:border-brand-500",
                              value === SKIP ? "text-ink-muted" : "text-ink",
                            )}
                          >
                            <option value={SKIP}>Skip this column</option>
                            <optgroup label="Fields">
                              {standardTargets.map((t) => (
                                <option key={t.key} value={t.key}>
                                  {t.label}
                                </option>
                              ))}
                            </optgroup>
                            {customTargets.length > 0 && (
                              <optgroup label="Custom fields">
                                {customTargets.map((t) => (
                                  <option key={t.key} value={t.key}>
                                    {t.label}
                                  </option>
                                ))}
                              </optgroup>
                            )}
                            {offerNewFields && (
                              <optgroup label="New field">
                                <option value={NEW_FIELD}>Create a new field…</option>
                              </optgroup>
                            )}
                          </select>
                          {draft.suggestedMapping[header] && draft.suggestedMapping[header] === value && <p className="mt-1 text-xs text-ink-faint">Suggested</p>}
                        </td>
                      </tr>
                      {newFieldFor === header && createField && (
                        <tr>
                          <td colSpan={3} className="px-3 pb-3">
                            <NewFieldForm
                              header={header}
                              entityType={entity}
                              guess={draft.newFieldGuesses?.[header]}
                              create={createField}
                              onCancel={() => setNewFieldFor(null)}
                              onCreated={async (key) => {
                                // The draft's targets come from the server: refetch them so the select lists the new field, then map to it.
                                await refresh.item(item.id);
                                setMapping((current) => ({ ...current, [header]: `${config.customFieldPrefix}${key}` }));
                                setNewFieldFor(null);
                              }}
                            />
                          </td>
                        </tr>
                      )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby={`${idPrefix}-dup`} className="flex flex-col gap-3 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
            <div>
              <h2 id={`${idPrefix}-dup`} className="text-base font-semibold text-ink">
                {labels.duplicates.heading}
              </h2>
              <p className="mt-0.5 text-sm text-ink-muted">
                {labels.duplicates.foundBy} What should happen to them?
              </p>
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="sr-only">Duplicate handling</legend>
              {(
                [
                  ["skip", `Skip them`, `The existing ${labels.one} stays exactly as it is; the row is counted as skipped.`],
                  [
                    "update",
                    `Update the existing ${labels.one}`,
                    `Filled cells overwrite its fields; empty cells leave them as they are.${labels.duplicates.updateAlsoAdds}`,
                  ],
                ] as const
              ).map(([value, title, description]) => (
                <label
                  key={value}
                  className={clsx(
                    "flex cursor-pointer gap-3 rounded-lg border p-3 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                    onDuplicate === value ? "border-brand-500 bg-brand-50" : "border-gray-200 hover:bg-surface-muted",
                  )}
                >
                  <input type="radio" name={`${idPrefix}-dup`} value={value} checked={onDuplicate === value} onChange={() => setOnDuplicate(value)} className="mt-0.5 accent-brand-600" />
                  <span>
                    <span className="block text-sm font-medium text-ink">{title}</span>
                    <span className="block text-xs text-ink-muted">{description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </section>

          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
            <Button type="button" variant="ghost" className="text-danger-700 hover:bg-danger-50 hover:text-danger-700" onClick={() => setDiscarding(true)}>
              Discard this upload
            </Button>
            <Button type="button" onClick={toPreview}>
              Preview
            </Button>
          </div>
        </>
      ) : (
        <section aria-labelledby={`${idPrefix}-preview`} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
          <div>
            <h2 id={`${idPrefix}-preview`} className="text-base font-semibold text-ink">
              Preview
            </h2>
            <p className="mt-0.5 text-sm text-ink-muted">
              The first rows of the file, checked as the import will treat them. Nothing has been written yet. Duplicates are{" "}
              {onDuplicate === "skip" ? "skipped" : "updated"}.
            </p>
          </div>
          {preview.isPending ? (
            <div className="flex flex-col gap-2" aria-busy="true">
              <span role="status" className="text-sm text-ink-muted">
                Checking the first rows…
              </span>
              <div className="h-40 animate-pulse rounded-lg bg-surface-sunken" aria-hidden />
            </div>
          ) : preview.isError ? (
            <ProblemList title="The preview could not be made:" problems={serverProblems(preview.error)} />
          ) : (
            <>
              <ImportValuesStep preview={preview.data} valueMapping={valueMapping} onValueMapping={setValueMapping} dateOrder={dateOrder} onDateOrder={setDateOrder} />
              <PreviewTable preview={preview.data} noun={labels} />
            </>
          )}
          {start.isError && <ProblemList title="The import could not start:" problems={serverProblems(start.error)} />}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
            <Button type="button" variant="secondary" onClick={() => setStep("map")} disabled={start.isPending}>
              Back to the mapping
            </Button>
            <Button type="button" pending={start.isPending} disabled={!preview.isSuccess} onClick={() => start.mutate(input)}>
              Start import
            </Button>
          </div>
        </section>
      )}

      <ConfirmDialog
        open={discarding}
        title="Discard this upload?"
        confirmLabel="Discard"
        pending={cancel.isPending}
        onConfirm={() => void discard()}
        onCancel={() => setDiscarding(false)}
      >
        <p>
          The uploaded file <strong className="font-medium text-ink">{item.fileName}</strong> is deleted and nothing is imported. You can upload a file again.
        </p>
      </ConfirmDialog>
    </div>
  );
}
