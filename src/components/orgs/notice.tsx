"use client";

import { useEffect } from "react";
import { Icon } from "../shell/icons";
import { Alert } from "../ui/alert";

export type Notice = { tone: "success" | "error" | "info"; text: React.ReactNode };

/** A dismissable message; success messages go away on their own after a while, errors stay. */
export function NoticeAlert({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  useEffect(() => {
    if (notice?.tone !== "success") return;
    const timer = setTimeout(onDismiss, 8_000);
    return () => clearTimeout(timer);
  }, [notice, onDismiss]);

  if (!notice) return null;
  return (
    <Alert tone={notice.tone}>
      <div className="flex items-start justify-between gap-3">
        <p className="min-w-0 break-words">{notice.text}</p>
        <button type="button" onClick={onDismiss} className="-my-0.5 shrink-0 rounded p-0.5 opacity-70 hover:opacity-100" aria-label="Dismiss message">
          <Icon name="close" className="size-4" />
        </button>
      </div>
    </Alert>
  );
}
