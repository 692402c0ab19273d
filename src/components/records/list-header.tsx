"use client";

import { buttonClass, ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/shell/icons";

/* A record list page's heading with its actions: import, export of the list as shown, new record. */

function DownloadIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14" />
    </svg>
  );
}

function UploadIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M5 19h14" />
    </svg>
  );
}

export function ListHeader({
  title,
  description,
  newHref,
  newLabel,
  importHref,
  exportHref,
  exportTitle,
  actions,
}: {
  title: string;
  description: string;
  newHref?: string;
  newLabel: string;
  importHref?: string;
  /** Null while the list's input is not known yet (or cannot be exported). */
  exportHref: string | null;
  exportTitle: string;
  /** Shown before the other actions (e.g. a switch to another view of the same records). */
  actions?: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">{title}</h1>
        <p className="mt-1 text-sm text-ink-muted">{description}</p>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        {actions}
        {importHref && (
          <ButtonLink href={importHref} variant="secondary">
            <UploadIcon />
            Import
          </ButtonLink>
        )}
        {exportHref ? (
          // A plain link: the browser downloads the file with the session cookie.
          <a href={exportHref} download className={buttonClass("secondary")} title={exportTitle}>
            <DownloadIcon />
            Export CSV
          </a>
        ) : (
          <span className={buttonClass("secondary", "cursor-not-allowed text-ink-faint")} aria-disabled="true" title="Fix the filters first">
            <DownloadIcon />
            Export CSV
          </span>
        )}
        {newHref && (
          <ButtonLink href={newHref}>
            <Icon name="plus" className="size-4" />
            {newLabel}
          </ButtonLink>
        )}
      </div>
    </div>
  );
}
