"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useFormat } from "@/components/format/format-provider";
import { Badge, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { formatBytes } from "@/components/records/import-format";
import { ProgressBar } from "@/components/records/import-parts";
import { RecordList } from "@/components/records/record-list";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import type { DocumentRow } from "@/server/modules/ai/documents/service";
import { AI } from "@/server/modules/ai/permissions";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { fileTypeLabel, mayManage } from "./files";
import { DOCUMENTS_PAGE } from "./first-page";
import { documentHref } from "./links";

/*
 * The library's documents, newest first, with "Load more". While any shown document is
 * processing, the list asks again every 2 seconds (its progress and status move). Members
 * re-index and delete their own documents, admins anyone's; the server checks anyway.
 */

const POLL_MS = 2_000;

export function DocumentStatus({ document }: { document: Pick<DocumentRow, "status" | "progress" | "failureReason"> }) {
  if (document.status === "ready") return <Badge tone="green">Ready</Badge>;
  if (document.status === "failed") {
    return (
      <div className="flex flex-col items-start gap-1">
        <Badge tone="red">Failed</Badge>
        {document.failureReason && <p className="max-w-xs text-xs text-danger-700">{document.failureReason}</p>}
      </div>
    );
  }
  return (
    <div className="flex w-32 flex-col items-start gap-1">
      <Badge tone="brand">Processing</Badge>
      <ProgressBar value={document.progress} label="Processing progress" />
    </div>
  );
}

function DocumentActions({ document, onProblem }: { document: DocumentRow; onProblem: (message: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.ai.documents.pathFilter());
  const reindex = useMutation(trpc.ai.documents.reindex.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.ai.documents.delete.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="flex flex-wrap justify-end gap-1">
      <Button
        type="button"
        variant="ghost"
        className="px-2! py-1!"
        pending={reindex.isPending}
        disabled={document.status === "processing"}
        aria-label={`Re-index ${document.title}`}
        onClick={() => {
          onProblem(null);
          reindex.mutate({ id: document.id }, { onError: (error) => onProblem(`Could not re-index ${document.title}: ${readServerError(error).message}`) });
        }}
      >
        Re-index
      </Button>
      <Button type="button" variant="ghost" className="px-2! py-1! text-danger-700! hover:bg-danger-50!" aria-label={`Delete ${document.title}`} onClick={() => setConfirming(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Delete this document?"
        confirmLabel="Delete document"
        pending={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          onProblem(null);
          remove.mutate(
            { id: document.id },
            {
              onSuccess: () => setConfirming(false),
              onError: (error) => {
                setConfirming(false);
                onProblem(`Could not delete ${document.title}: ${readServerError(error).message}`);
              },
            },
          );
        }}
      >
        <p>
          <strong className="font-medium text-ink">{document.title}</strong> and its passages leave the library: the assistant no longer finds or cites them. Answers
          given before keep their text, but their links to it stop working. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function DocumentList({ slug, role, userId, canUpload }: { slug: string; role: MemberRole; userId: string; canUpload: boolean }) {
  const trpc = useTRPC();
  const format = useFormat();
  const [problem, setProblem] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.ai.documents.list.infiniteQueryOptions(
      DOCUMENTS_PAGE,
      {
        getNextPageParam: (page) => page.nextCursor,
        refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((d) => d.status === "processing")) ? POLL_MS : false),
      },
    ),
  );
  const showActions = roleAtLeast(role, AI.upload);

  return (
    <div className="flex flex-col gap-3">
      {problem && <Alert>{problem}</Alert>}
      <RecordList
        noun={{ one: "document", many: "documents" }}
        list={list}
        filters={null}
        filtered={false}
        rangeProblem={null}
        onClearFilters={() => undefined}
        emptyActions={
          canUpload
            ? "Add the documents your team looks things up in: handbooks, policies, price lists, contracts, product sheets (text, Markdown, HTML, CSV, PDF or Word). The assistant answers from them and cites the passage."
            : "Documents members upload (handbooks, policies, price lists…) appear here; the assistant answers from them."
        }
      >
        {(rows, dimmed) => (
          <div className={dimmed ? "opacity-60" : undefined}>
            <TableFrame caption="Documents in the library, newest first">
              <thead className="bg-surface-muted">
                <tr>
                  <th scope="col" className={TH}>
                    Title
                  </th>
                  <th scope="col" className={TH}>
                    Type
                  </th>
                  <th scope="col" className={TH_NUM}>
                    Size
                  </th>
                  <th scope="col" className={TH}>
                    Status
                  </th>
                  <th scope="col" className={TH_NUM}>
                    Passages
                  </th>
                  <th scope="col" className={TH}>
                    Uploaded
                  </th>
                  {showActions && (
                    <th scope="col" className={TH}>
                      <span className="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100 bg-white">
                {rows.map((document) => (
                  <tr key={document.id} className="align-top">
                    <th scope="row" className={`${TD} text-left font-normal`}>
                      <Link href={documentHref(slug, document.id)} className="font-medium text-brand-700 hover:underline">
                        {document.title}
                      </Link>
                      <p className="text-xs text-ink-faint">{document.fileName}</p>
                    </th>
                    <td className={TD}>{fileTypeLabel(document.fileType)}</td>
                    <td className={TD_NUM}>{formatBytes(document.byteSize)}</td>
                    <td className={TD}>
                      <DocumentStatus document={document} />
                    </td>
                    <td className={TD_NUM}>{document.status === "ready" ? format.number(document.chunkCount) : "—"}</td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <time dateTime={new Date(document.createdAt).toISOString()}>{format.date(document.createdAt)}</time>
                    </td>
                    {showActions && (
                      <td className={TD}>{mayManage(role, userId, document) && <DocumentActions document={document} onProblem={setProblem} />}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </TableFrame>
          </div>
        )}
      </RecordList>
    </div>
  );
}
