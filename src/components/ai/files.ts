import { formatBytes } from "@/components/records/import-format";
import { AI } from "@/server/modules/ai/permissions";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";

/* What the document library takes, checked in the browser before the upload (the server checks again, by content). */

export const DOCUMENT_EXTENSIONS = [".txt", ".md", ".html", ".htm", ".csv", ".pdf", ".docx"] as const;

/** The file input's `accept`. */
export const DOCUMENT_ACCEPT = DOCUMENT_EXTENSIONS.join(",");

/** The server's document types (extract.ts) as people name them. */
export const FILE_TYPE_LABELS: Record<string, string> = {
  txt: "Text",
  md: "Markdown",
  html: "HTML",
  csv: "CSV",
  pdf: "PDF",
  docx: "Word",
};

export function fileTypeLabel(fileType: string): string {
  return FILE_TYPE_LABELS[fileType] ?? fileType.toUpperCase();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

/** Why the browser refuses a file for the library, or null when it may be uploaded. */
export function documentFileProblem(file: { name: string; size: number }, maxBytes: number): string | null {
  const name = file.name || "The file";
  if (!(DOCUMENT_EXTENSIONS as readonly string[]).includes(extensionOf(file.name))) {
    return `${name} cannot be added: upload a text (.txt), Markdown (.md), HTML, CSV, PDF or Word (.docx) file.`;
  }
  if (file.size === 0) return `${name} is empty.`;
  if (file.size > maxBytes) return `${name} is ${formatBytes(file.size)}; your plan takes documents up to ${formatBytes(maxBytes)}.`;
  return null;
}

/** Whether the library shows Re-index and Delete on a document: its uploader (a member or above), or an admin for anyone's. The server decides again. */
export function mayManage(role: MemberRole, userId: string, document: { uploadedBy: string | null }): boolean {
  return roleAtLeast(role, AI.manageOthers) || (roleAtLeast(role, AI.upload) && document.uploadedBy === userId);
}
