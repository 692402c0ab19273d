"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { AI } from "@/server/modules/ai/permissions";
import { MEMBER_ROLES, roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { ModelStatus, useAiStatus } from "./ai-status";
import { ChatThread, ThreadSkeleton } from "./chat-thread";
import { useConversationRefresh } from "./chat-workspace";
import { chatHref } from "./links";
import { AiPlanGate } from "./plan-notices";

const isMemberRole = (role: string): role is MemberRole => (MEMBER_ROLES as readonly string[]).includes(role);

/**
 * The assistant from any tenant page: a button in the app shell's top bar opens a panel
 * from the right with the chat (a new conversation, or the last one continued). A modal
 * <dialog>: focus stays inside, Escape closes, focus goes back to the button. The thread
 * stays mounted once opened, so an answer keeps streaming while the panel is closed.
 */
export function AssistantPanel({ slug, role }: { slug: string; role: string }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Straight to the question box (once the panel has loaded it shows up with autoFocus).
      dialog.querySelector("textarea")?.focus();
    }
    if (!open && dialog.open) {
      dialog.close();
      buttonRef.current?.focus();
    }
  }, [open]);

  // Following a citation leaves the page: the panel closes with it.
  useEffect(() => setOpen(false), [pathname]);

  if (!isMemberRole(role) || !roleAtLeast(role, AI.use)) return null;

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        className="inline-flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm font-medium text-ink-muted hover:bg-surface-sunken hover:text-ink"
      >
        <Icon name="ai" />
        <span className="hidden sm:inline">Assistant</span>
        <span className="sr-only sm:hidden">Open the assistant</span>
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby="assistant-panel-title"
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
        onClick={(event) => {
          if (event.target === event.currentTarget) setOpen(false);
        }}
        className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-md border-l border-gray-200 bg-white p-0 text-ink shadow-xl backdrop:bg-black/30"
      >
        <div className="flex h-full flex-col gap-3 p-4">
          <div className="flex items-center justify-between gap-2">
            <h2 id="assistant-panel-title" className="flex items-center gap-2 text-base font-semibold text-ink">
              <Icon name="ai" className="size-5 text-brand-600" />
              Assistant
            </h2>
            <button type="button" onClick={() => setOpen(false)} className="rounded p-1 text-ink-muted hover:bg-surface-sunken hover:text-ink" aria-label="Close the assistant">
              <Icon name="close" />
            </button>
          </div>
          {opened && <PanelContent slug={slug} role={role} active={open} />}
        </div>
      </dialog>
    </>
  );
}

function PanelContent({ slug, role, active }: { slug: string; role: MemberRole; active: boolean }) {
  const trpc = useTRPC();
  const status = useAiStatus();
  const refresh = useConversationRefresh();
  const enabled = status.data?.enabled ?? false;
  const latest = useQuery(trpc.ai.conversations.list.queryOptions({ limit: 1 }, { enabled: enabled && active }));
  // The conversation shown: continued (saved) or started here; a counter starts a fresh thread.
  const [continued, setContinued] = useState<string | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const [session, setSession] = useState(0);
  const last = latest.data?.items[0] ?? null;
  const current = started ?? continued;

  const startNew = () => {
    setContinued(null);
    setStarted(null);
    setSession((n) => n + 1);
  };

  return (
    <>
      {status.isPending ? (
        <ThreadSkeleton />
      ) : status.isError ? (
        <p className="text-sm text-danger-700">Could not read the assistant&apos;s status: {readServerError(status.error).message}</p>
      ) : !status.data.enabled ? (
        <AiPlanGate slug={slug} role={role} planLabel={status.data.planLabel} compact />
      ) : (
        <>
          <div className="text-xs">
            <ModelStatus status={status.data} />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" variant="secondary" className="px-3! py-1.5! text-xs!" onClick={startNew}>
              New conversation
            </Button>
            {last && current !== last.id && (
              <Button
                type="button"
                variant="ghost"
                className="min-w-0 px-3! py-1.5! text-xs!"
                onClick={() => {
                  setStarted(null);
                  setContinued(last.id);
                  setSession((n) => n + 1);
                }}
              >
                <span className="truncate">Continue “{last.title}”</span>
              </Button>
            )}
            <Link href={chatHref(slug, current)} className="ml-auto text-xs font-medium text-brand-700 hover:underline">
              Open the full chat
            </Link>
          </div>
          <ChatThread
            key={`${continued ?? "new"}-${session}`}
            slug={slug}
            role={role}
            conversationId={continued}
            compact
            onConversationStarted={(id) => {
              setStarted(id);
              refresh(id);
            }}
            onConversationUpdated={refresh}
          />
        </>
      )}
    </>
  );
}
