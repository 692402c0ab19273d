"use client";

import clsx from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatBytes, IMPORT_ENTITY_LABEL, MAX_IMPORT_BYTES, ProgressBar, WizardSteps, type ImportEntity } from "./import-parts";

/*
 * Step 1 of the import wizard: what the file holds and the file itself, checked in the
 * browser (type, empty, size) and then uploaded to POST /api/crm/imports. The upload
 * goes through XMLHttpRequest for its progress events (fetch has none for uploads).
 * The created draft's page holds the following steps.
 */

const SPREADSHEET = /\.(xlsx|xlsm|xls|ods|numbers)$/i;

/** Why the browser refuses the file, or null when it may be uploaded. */
function fileProblem(file: File): string | null {
  const name = file.name || "the file";
  if (SPREADSHEET.test(file.name)) {
    return `“${name}” is a spreadsheet, not a CSV file. In your spreadsheet app choose File → Save As (or Download) → “CSV UTF-8”, then upload that file.`;
  }
  const csvLike = /\.(csv|txt|tsv)$/i.test(file.name) || /^text\/(csv|plain|tab-separated-values)$/.test(file.type) || file.type === "application/vnd.ms-excel";
  if (!csvLike) return `“${name}” does not look like a CSV file. Choose a file ending in .csv.`;
  if (file.size === 0) return `“${name}” is empty. Choose a CSV file whose first row names the columns.`;
  if (file.size > MAX_IMPORT_BYTES) {
    return `“${name}” is ${formatBytes(file.size)}; an import can be at most ${formatBytes(MAX_IMPORT_BYTES)}. Split it into smaller files and import them one after the other.`;
  }
  return null;
}

type UploadResult = { ok: true; id: string } | { ok: false; message: string };

function upload(tenantId: string, entity: ImportEntity, file: File, onProgress: (percent: number) => void, signal: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve) => {
    const body = new FormData();
    body.set("entityType", entity);
    body.set("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/crm/imports");
    xhr.setRequestHeader("x-tenant-id", tenantId);
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.floor((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      const response = (xhr.response ?? {}) as { id?: string; error?: string };
      if (xhr.status === 201 && response.id) return resolve({ ok: true, id: response.id });
      const fallback =
        xhr.status === 413
          ? `The file is too large: an import can be at most ${formatBytes(MAX_IMPORT_BYTES)}.`
          : xhr.status === 401
            ? "Your session has ended. Sign in again and retry."
            : `The upload failed (HTTP ${xhr.status}). Try again.`;
      resolve({ ok: false, message: response.error ?? fallback });
    };
    xhr.onerror = () => resolve({ ok: false, message: "The upload was interrupted. Check your connection and try again." });
    xhr.onabort = () => resolve({ ok: false, message: "Upload cancelled." });
    signal.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}

export function ImportUpload({ tenantId, slug, initialEntity }: { tenantId: string; slug: string; initialEntity: ImportEntity }) {
  const router = useRouter();
  const fileId = useId();
  const hintId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [entity, setEntity] = useState<ImportEntity>(initialEntity);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploading = progress !== null;
  const labels = IMPORT_ENTITY_LABEL[entity];

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setProblem(chosen ? fileProblem(chosen) : null);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return setProblem("Choose a CSV file to import.");
    const refusal = fileProblem(file);
    if (refusal) return setProblem(refusal);
    setProblem(null);
    setProgress(0);
    const controller = new AbortController();
    abortRef.current = controller;
    const result = await upload(tenantId, entity, file, setProgress, controller.signal);
    abortRef.current = null;
    if (result.ok) {
      router.push(`/t/${slug}/crm/imports/${result.id}`);
      return;
    }
    setProgress(null);
    setProblem(result.message);
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-ink">Import from CSV</h1>
          <p className="mt-1 max-w-2xl text-sm text-ink-muted">
            Bring contacts or companies in from a spreadsheet or another CRM. You choose which column goes into which field and see a preview before
            anything is imported.
          </p>
        </div>
        <WizardSteps current={0} />
      </div>

      <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <fieldset disabled={uploading}>
          <legend className="text-sm font-medium text-ink">What does the file hold?</legend>
          <div className="mt-2 flex flex-wrap gap-3">
            {(["contact", "company"] as const).map((option) => (
              <label
                key={option}
                className={clsx(
                  "flex cursor-pointer items-center gap-2 rounded-lg border px-4 py-2.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                  entity === option ? "border-brand-500 bg-brand-50 text-brand-800" : "border-gray-300 text-ink hover:bg-surface-muted",
                )}
              >
                <input type="radio" name="entity" value={option} checked={entity === option} onChange={() => setEntity(option)} className="accent-brand-600" />
                {IMPORT_ENTITY_LABEL[option].title}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="flex flex-col gap-1.5">
          <label htmlFor={fileId} className="text-sm font-medium text-ink">
            CSV file
          </label>
          <div
            onDragOver={(e) => {
              e.preventDefault();
              if (!uploading) setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              if (!uploading) choose(e.dataTransfer.files[0] ?? null);
            }}
            className={clsx(
              "flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-8 text-center",
              dragging ? "border-brand-500 bg-brand-50" : problem ? "border-danger-600/50" : "border-gray-300",
            )}
          >
            <svg viewBox="0 0 24 24" className="size-8 text-ink-faint" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
              <path d="M7 3h7l5 5v13H7zM14 3v5h5M12 17v-6m0 0-2.5 2.5M12 11l2.5 2.5" />
            </svg>
            {file ? (
              <p className="text-sm text-ink">
                <span className="font-medium">{file.name}</span> <span className="text-ink-muted">({formatBytes(file.size)})</span>
              </p>
            ) : (
              <p className="text-sm text-ink-muted">Drop a CSV file here, or</p>
            )}
            <input
              ref={inputRef}
              id={fileId}
              type="file"
              accept=".csv,text/csv,.txt,text/plain"
              disabled={uploading}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? errorId : hintId}
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
              className="max-w-full text-sm text-ink-muted file:mr-3 file:rounded-lg file:border file:border-gray-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-ink hover:file:bg-surface-muted"
            />
          </div>
          {problem ? (
            <p id={errorId} role="alert" className="text-sm font-medium text-danger-700">
              {problem}
            </p>
          ) : (
            <p id={hintId} className="text-xs text-ink-faint">
              The first row must name the columns. UTF-8 text, comma, semicolon or tab separated; up to {formatBytes(MAX_IMPORT_BYTES)}, any number of rows.
              A file exported from the {labels.list} list maps itself.
            </p>
          )}
        </div>

        {uploading && (
          <div className="flex flex-col gap-1.5" aria-live="polite">
            <ProgressBar value={progress} label="Upload progress" />
            <p className="text-xs text-ink-muted">{progress < 100 ? `Uploading… ${progress} %` : "Reading the file…"}</p>
          </div>
        )}

        <div className="flex flex-wrap justify-end gap-2">
          {uploading ? (
            <Button type="button" variant="secondary" onClick={() => abortRef.current?.abort()}>
              Cancel upload
            </Button>
          ) : (
            <Link href={`/t/${slug}/crm/imports`} className="inline-flex items-center px-3 text-sm font-medium text-ink-muted hover:text-ink hover:underline">
              Import history
            </Link>
          )}
          <Button type="submit" pending={uploading} disabled={!file || Boolean(problem && file && fileProblem(file))}>
            Upload and continue
          </Button>
        </div>
      </form>
      <Alert tone="info">
        Nothing is imported yet at this step: after the upload you map the columns, check a preview, and then start the import.
      </Alert>
    </div>
  );
}
