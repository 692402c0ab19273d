"use client";

import { useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useId, useRef, useState } from "react";
import { formatBytes } from "@/components/records/import-format";
import { useTenantId } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import type { MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { readRouteProblem, type ChatProblem } from "./chat-stream";
import { DOCUMENT_ACCEPT, documentFileProblem } from "./files";
import { LimitNotice } from "./plan-notices";

/*
 * The library's upload area: files chosen or dropped are queued and sent one request each
 * to POST /api/ai/documents (multipart, field `file`), one after the other. The browser
 * checks type, emptiness and the plan's size first; the server's refusal is shown on the
 * file it is about. An accepted file appears in the list as "processing".
 */

export const UPLOAD_URL = "/api/ai/documents";

type QueuedFile = {
  key: string;
  file: File;
  state: "queued" | "uploading" | "added" | "refused";
  problem: ChatProblem | null;
};

async function sendFile(file: File, tenantId: string | null): Promise<ChatProblem | null> {
  const body = new FormData();
  body.set("file", file);
  try {
    const response = await fetch(UPLOAD_URL, { method: "POST", body, headers: tenantId ? { "x-tenant-id": tenantId } : {} });
    if (response.status === 201) return null;
    const problem = await readRouteProblem(response);
    if (response.status === 413 && !problem.message.includes(file.name)) return { ...problem, message: `${file.name} is too large for the library.` };
    return problem;
  } catch {
    return { message: "The upload was interrupted. Check your connection and try again.", status: null, limit: null };
  }
}

let nextKey = 0;

export function UploadArea({ slug, role, maxBytes }: { slug: string; role: MemberRole; maxBytes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tenantId = useTenantId();
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [queue, setQueue] = useState<QueuedFile[]>([]);
  const [dragging, setDragging] = useState(false);
  const running = useRef(false);
  const pending = useRef<QueuedFile[]>([]);

  const update = (key: string, change: Partial<QueuedFile>) => setQueue((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item)));

  // One request at a time, in the order the files were added.
  const drain = async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let item = pending.current.shift(); item; item = pending.current.shift()) {
        update(item.key, { state: "uploading" });
        const problem = await sendFile(item.file, tenantId);
        update(item.key, problem ? { state: "refused", problem } : { state: "added" });
        if (!problem) await queryClient.invalidateQueries(trpc.ai.documents.list.pathFilter());
      }
    } finally {
      running.current = false;
    }
  };

  const add = (files: FileList | File[] | null) => {
    const chosen = [...(files ?? [])];
    if (chosen.length === 0) return;
    const items = chosen.map((file): QueuedFile => {
      const refusal = documentFileProblem(file, maxBytes);
      return { key: `upload-${(nextKey += 1)}`, file, state: refusal ? "refused" : "queued", problem: refusal ? { message: refusal, status: null, limit: null } : null };
    });
    setQueue((current) => [...current, ...items]);
    pending.current.push(...items.filter((item) => item.state === "queued"));
    if (inputRef.current) inputRef.current.value = "";
    void drain();
  };

  const finished = queue.filter((item) => item.state === "added" || item.state === "refused");

  return (
    <section aria-labelledby="ai-upload-heading" className="flex flex-col gap-3 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id="ai-upload-heading" className="text-base font-semibold text-ink">
        Add documents
      </h2>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          add(event.dataTransfer.files);
        }}
        className={clsx("flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center", dragging ? "border-brand-500 bg-brand-50" : "border-gray-300")}
      >
        <label htmlFor={inputId} className="text-sm font-medium text-ink">
          Drop files here, or choose them
        </label>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          multiple
          accept={DOCUMENT_ACCEPT}
          aria-describedby={hintId}
          onChange={(event) => add(event.target.files)}
          className="max-w-full text-sm text-ink-muted file:mr-3 file:rounded-lg file:border file:border-gray-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-ink hover:file:bg-surface-muted"
        />
        <p id={hintId} className="text-xs text-ink-faint">
          Text (.txt), Markdown (.md), HTML, CSV, PDF or Word (.docx), up to {formatBytes(maxBytes)} each. Several files are sent one after the other.
        </p>
      </div>

      {queue.length > 0 && (
        <div className="flex flex-col gap-2">
          <ul aria-label="Uploads" aria-live="polite" className="flex flex-col divide-y divide-gray-100 rounded-lg border border-gray-200">
            {queue.map((item) => (
              <li key={item.key} className="flex flex-col gap-1 px-3 py-2 text-sm">
                <div className="flex items-center justify-between gap-3">
                  <span className="min-w-0 truncate font-medium text-ink">{item.file.name}</span>
                  <span className={clsx("shrink-0 text-xs", item.state === "refused" ? "text-danger-700" : item.state === "added" ? "text-success-700" : "text-ink-muted")}>
                    {item.state === "queued" && "Waiting…"}
                    {item.state === "uploading" && "Uploading…"}
                    {item.state === "added" && "Added: being processed"}
                    {item.state === "refused" && "Not added"}
                  </span>
                </div>
                {item.problem &&
                  (item.problem.limit ? (
                    <LimitNotice slug={slug} role={role} message={item.problem.message} plan={item.problem.limit.plan} />
                  ) : (
                    <p className="text-sm text-danger-700">{item.problem.message}</p>
                  ))}
              </li>
            ))}
          </ul>
          {finished.length > 0 && (
            <Button type="button" variant="ghost" className="self-end" onClick={() => setQueue((items) => items.filter((item) => item.state === "queued" || item.state === "uploading"))}>
              Clear finished
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
