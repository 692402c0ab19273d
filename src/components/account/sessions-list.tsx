"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { useNow } from "../jobs/format";
import { RelativeTime } from "../jobs/relative-time";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { LoadError } from "../ui/list-states";
import { readServerError } from "../ui/server-errors";

type Notice = { tone: "success" | "error"; text: string };

/**
 * Account → Sessions: where the account is signed in (device, address, since, last seen),
 * with "Sign out" per session and "Sign out everywhere else". Signing out this device goes
 * through next-auth, which ends the session on the server and clears the cookie.
 */
export function SessionsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [endingId, setEndingId] = useState<string | null>(null);
  const sessions = useQuery(trpc.accounts.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.accounts.sessions.pathFilter());

  const endOne = useMutation(
    trpc.accounts.endSession.mutationOptions({
      onSuccess: () => setNotice({ tone: "success", text: "That session is signed out." }),
      onError: (error) => setNotice({ tone: "error", text: readServerError(error).message }),
      onSettled: async () => {
        setEndingId(null);
        await refresh();
      },
    }),
  );
  const endOthers = useMutation(
    trpc.accounts.endOtherSessions.mutationOptions({
      onSuccess: ({ ended }) =>
        setNotice({ tone: "success", text: ended === 1 ? "Signed out of 1 other session." : `Signed out of ${ended} other sessions.` }),
      onError: (error) => setNotice({ tone: "error", text: readServerError(error).message }),
      onSettled: refresh,
    }),
  );

  if (sessions.isPending) return <p className="text-sm text-ink-muted">Loading sessions…</p>;
  if (sessions.isError) return <LoadError message={readServerError(sessions.error).message} retrying={sessions.isFetching} onRetry={() => void sessions.refetch()} />;

  const others = sessions.data.filter((session) => !session.current);
  return (
    <div className="flex flex-col gap-4">
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200">
        {sessions.data.map((session) => (
          <li key={session.id} className="flex flex-col gap-2 px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="font-medium text-ink">
                {session.device}
                {session.current && <span className="ml-2 rounded-full bg-success-50 px-2 py-0.5 text-xs font-medium text-success-700">This device</span>}
              </p>
              <p className="text-ink-muted">
                {session.ip && session.ip !== "unknown" ? `${session.ip} · ` : ""}
                Signed in <RelativeTime date={session.createdAt} now={now} /> · last seen <RelativeTime date={session.lastSeenAt} now={now} />
              </p>
            </div>
            {session.current ? (
              <Button type="button" variant="secondary" className="shrink-0 px-3 py-1.5" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
                Sign out
              </Button>
            ) : (
              <Button
                type="button"
                variant="secondary"
                className="shrink-0 px-3 py-1.5"
                aria-label={`Sign out ${session.device}${session.ip ? ` (${session.ip})` : ""}`}
                pending={endingId === session.id}
                disabled={endOne.isPending || endOthers.isPending}
                onClick={() => {
                  setNotice(null);
                  setEndingId(session.id);
                  endOne.mutate({ sessionId: session.id });
                }}
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <div>
          <Button
            type="button"
            variant="danger"
            pending={endOthers.isPending}
            disabled={endOne.isPending}
            onClick={() => {
              setNotice(null);
              endOthers.mutate();
            }}
          >
            Sign out everywhere else
          </Button>
        </div>
      )}
    </div>
  );
}
