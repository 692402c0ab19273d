"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useId, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";
import { NoticeAlert, type Notice } from "./notice";
import type { OrganizationSettings } from "./types";
import { SectionCard } from "./section-card";

/** Mirrors the server's check (src/server/modules/orgs/settings.ts), which also looks at the bytes. */
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export const LOGO_MAX_BYTES = 512 * 1024;

/** Why this file cannot be the logo, or null when it may be uploaded. */
export function checkLogoFile(file: { type: string; size: number }): string | null {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) return "Choose a PNG, JPEG or WebP image.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > LOGO_MAX_BYTES) return `The image is ${Math.ceil(file.size / 1024)} KB; the limit is 512 KB.`;
  return null;
}

type UploadResult = { ok: true } | { ok: false; message: string };

/** POSTs the file to /api/orgs/logo for `tenantId`; the answer's message when refused. */
async function uploadLogo(tenantId: string, file: File): Promise<UploadResult> {
  const body = new FormData();
  body.append("logo", file);
  let response: Response;
  try {
    response = await fetch("/api/orgs/logo", { method: "POST", body, headers: { "x-tenant-id": tenantId } });
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection and try again." };
  }
  if (response.ok) return { ok: true };
  const data = (await response.json().catch(() => null)) as { error?: string; fieldErrors?: Record<string, string[]> } | null;
  return { ok: false, message: data?.fieldErrors?.logo?.[0] ?? data?.error ?? `The upload failed (HTTP ${response.status}).` };
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .map((part) => part[0])
      .join("")
      .slice(0, 2)
      .toUpperCase() || "?"
  );
}

/** The organization's logo: preview for everyone; upload, replace and remove for owners and admins. */
export function LogoCard({ settings, canEdit }: { settings: OrganizationSettings; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  // Part of the image URL: a new upload gets a new URL (the image is cached for 5 minutes).
  const [version, setVersion] = useState(() => settings.updatedAt.getTime());
  const [uploading, setUploading] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  const refreshSettings = () => queryClient.invalidateQueries(trpc.orgs.settings.queryFilter());

  const remove = useMutation(
    trpc.orgs.removeLogo.mutationOptions({
      onSuccess: async () => {
        setNotice({ tone: "success", text: "Logo removed." });
        await refreshSettings();
      },
      onError: (error) => setNotice({ tone: "error", text: `Could not remove the logo: ${readServerError(error).message}` }),
    }),
  );

  async function onFileChosen(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // The same file can be chosen again after a failure.
    event.target.value = "";
    if (!file) return;
    const problem = checkLogoFile(file);
    if (problem) {
      setNotice({ tone: "error", text: problem });
      return;
    }
    setNotice(null);
    setUploading(true);
    const result = await uploadLogo(settings.id, file);
    setUploading(false);
    if (!result.ok) {
      setNotice({ tone: "error", text: `Could not upload the logo: ${result.message}` });
      return;
    }
    setVersion(Date.now());
    setNotice({ tone: "success", text: settings.hasLogo ? "Logo replaced." : "Logo uploaded." });
    await refreshSettings();
  }

  const busy = uploading || remove.isPending;

  return (
    <SectionCard title="Logo">
      <div className="flex flex-col gap-4">
        <NoticeAlert notice={notice} onDismiss={clearNotice} />
        <div className="flex items-center gap-4">
          <div className="grid size-24 shrink-0 place-items-center overflow-hidden rounded-lg border border-gray-200 bg-surface-muted">
            {settings.hasLogo ? (
              // A private, per-member image behind a session: served as is, not through next/image's optimizer.
              // eslint-disable-next-line @next/next/no-img-element
              <img src={`/api/orgs/logo?tenant=${settings.id}&v=${version}`} alt={`Logo of ${settings.name}`} className="size-full object-contain" />
            ) : (
              <span className="text-2xl font-semibold text-ink-faint" aria-label="No logo yet" role="img">
                {initials(settings.name)}
              </span>
            )}
          </div>
          <p id={hintId} className="text-sm text-ink-muted">
            {canEdit ? "PNG, JPEG or WebP, up to 512 KB. A square image looks best." : settings.hasLogo ? "Owners and admins can change the logo." : "No logo yet. Owners and admins can add one."}
          </p>
        </div>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <input
              ref={inputRef}
              type="file"
              accept={LOGO_TYPES.join(",")}
              aria-label="Logo file"
              aria-describedby={hintId}
              className="sr-only"
              tabIndex={-1}
              onChange={(event) => void onFileChosen(event)}
            />
            <Button type="button" variant="secondary" pending={uploading} disabled={busy} onClick={() => inputRef.current?.click()}>
              {uploading ? "Uploading…" : settings.hasLogo ? "Replace logo" : "Upload logo"}
            </Button>
            {settings.hasLogo && (
              <Button type="button" variant="ghost" pending={remove.isPending} disabled={busy} onClick={() => remove.mutate()}>
                Remove logo
              </Button>
            )}
          </div>
        )}
      </div>
    </SectionCard>
  );
}
