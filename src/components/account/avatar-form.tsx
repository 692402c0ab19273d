"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { AVATAR_MAX_BYTES } from "@/server/modules/accounts/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Avatar, avatarUrl } from "../ui/avatar";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";

const ACCEPTED = ["image/png", "image/jpeg", "image/webp"];

/**
 * Account → Picture: upload a PNG, JPEG or WebP up to 256 KB, or remove it (initials again).
 * The browser checks type and size first for a quick answer; the server checks the content.
 */
export function AvatarForm({ userId, name, avatarVersion }: { userId: string; name: string; avatarVersion: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [version, setVersion] = useState(avatarVersion);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const remove = useMutation(trpc.accounts.removeAvatar.mutationOptions());

  async function upload(file: File) {
    setError(null);
    setNotice(null);
    if (!ACCEPTED.includes(file.type)) return setError("Choose a PNG, JPEG or WebP image.");
    if (file.size > AVATAR_MAX_BYTES) return setError(`The image is ${Math.ceil(file.size / 1024)} KB; the limit is 256 KB.`);
    setUploading(true);
    try {
      const body = new FormData();
      body.set("avatar", file);
      const response = await fetch("/api/account/avatar", { method: "POST", body });
      const result = (await response.json().catch(() => ({}))) as { avatarVersion?: number; error?: string; message?: string };
      if (!response.ok || !result.avatarVersion) {
        setError(result.message ?? result.error ?? "The picture could not be saved. Try again.");
        return;
      }
      setVersion(result.avatarVersion);
      setNotice("Picture saved.");
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setUploading(false);
      if (input.current) input.current.value = "";
    }
  }

  async function removePicture() {
    setError(null);
    setNotice(null);
    try {
      await remove.mutateAsync();
      setVersion(null);
      setNotice("Picture removed: your initials are shown instead.");
      router.refresh();
    } catch (failure) {
      setError(readServerError(failure).message);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      {error && <Alert>{error}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      <div className="flex flex-wrap items-center gap-4">
        <Avatar name={name} src={avatarUrl({ userId, avatarVersion: version }, undefined, true)} size="lg" />
        <div className="flex flex-col gap-2">
          <label htmlFor={inputId} className="text-sm font-medium text-ink">
            Picture
          </label>
          <input
            ref={input}
            id={inputId}
            type="file"
            accept={ACCEPTED.join(",")}
            disabled={uploading}
            aria-describedby={`${inputId}-hint`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void upload(file);
            }}
            className="text-sm text-ink file:mr-3 file:min-h-9 file:rounded-lg file:border file:border-gray-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-ink"
          />
          <p id={`${inputId}-hint`} className="text-xs text-ink-faint">
            PNG, JPEG or WebP, at most 256 KB. Shown to the members of your organizations.
          </p>
        </div>
        {version !== null && (
          <Button type="button" variant="secondary" pending={remove.isPending} onClick={() => void removePicture()}>
            Remove picture
          </Button>
        )}
      </div>
      {uploading && <p role="status" className="text-sm text-ink-muted">Uploading…</p>}
    </div>
  );
}
