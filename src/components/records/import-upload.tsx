"use client";

import clsx from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { csvFileProblem, formatBytes, importEntities } from "./import-format";
import { ProgressBar, WizardSteps } from "./import-parts";
import type { ImportConfig } from "./import-types";

/*
 * Step 1 of the import wizard: what the file holds and the file itself, checked in the
 * browser (type, empty, size) and then uploaded to the module's upload route. The upload
 * goes through XMLHttpRequest for its progress events (fetch has none for uploads).
 * The created draft's page holds the following steps.
 */

type UploadResult = { ok: true; id: string } | { ok: false; message: string };

type Upload = { url: string; maxBytes: number; tenantId: string; entityType: string; file: File };

function upload({ url, maxBytes, tenantId, entityType, file }: Upload, onProgress: (percent: number) => void, signal: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve) => {
    const body = new FormData();
    body.set("entityType", entityType);
    body.set("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
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
          ? `The file is too large: an import can be at most ${formatBytes(maxBytes)}.`
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

export function ImportUploadStep<E extends string>({ config, tenantId, slug, initialEntity }: { config: ImportConfig<E>; tenantId: string; slug: string; initialEntity: E }) {
  const router = useRouter();
  const fileId = useId();
  const hintId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [entity, setEntity] = useState<E>(initialEntity);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploading = progress !== null;
  const labels = config.entities[entity];
  const fileProblem = (chosen: File) => csvFileProblem(chosen, config.maxBytes);

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
    const result = await upload({ url: config.uploadUrl, maxBytes: config.maxBytes, tenantId, entityType: entity, file }, setProgress, controller.signal);
    abortRef.current = null;
    if (result.ok) {
      router.push(`${config.importsHref(slug)}/${result.id}`);
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
          <p className="mt-1 max-w-2xl text-sm text-ink-muted">{config.uploadIntro}</p>
        </div>
        <WizardSteps current={0} />
      </div>

      <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <fieldset disabled={uploading}>
          <legend className="text-sm font-medium text-ink">What does the file hold?</legend>
          <div className="mt-2 flex flex-wrap gap-3">
            {importEntities(config).map((option) => (
              <label
                key={option}
                className={clsx(
                  "flex cursor-pointer items-center gap-2 rounded-lg border px-4 py-2.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                  entity === option ? "border-brand-500 bg-brand-50 text-brand-800" : "border-gray-300 text-ink hover:bg-surface-muted",
                )}
              >
                <input type="radio" name="entity" value={option} checked={entity === option} onChange={() => setEntity(option)} className="accent-brand-600" />
                {config.entities[option].title}
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
              The first row must name the columns. UTF-8 text, comma, semicolon or tab separated; up to {formatBytes(config.maxBytes)}, any number of rows.
              A file exported from the {labels.many} list maps itself.
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
            <Link href={config.importsHref(slug)} className="inline-flex items-center px-3 text-sm font-medium text-ink-muted hover:text-ink hover:underline">
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
