"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { KIND_LABELS, NOTIFICATION_KINDS, type KindPreference, type NotificationKind } from "@/server/modules/notifications/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Card } from "../ui/card";
import { LoadError } from "../ui/list-states";
import { readServerError } from "../ui/server-errors";

type Notice = { tone: "success" | "error"; text: string };

/**
 * Account → Notifications: per kind, whether it shows under the bell and whether it is
 * also emailed. The same in every organization; each change is saved at once.
 */
export function NotificationPreferencesCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const preferences = useQuery(trpc.notifications.preferences.queryOptions());
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.notifications.preferences.queryKey(), saved);
        setNotice({ tone: "success", text: "Saved." });
      },
      onError: async (error) => {
        setNotice({ tone: "error", text: readServerError(error).message });
        // Back to what is stored.
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.preferences.queryKey() });
      },
    }),
  );

  const change = (kind: NotificationKind, next: KindPreference) => {
    setNotice(null);
    // The box shows the new choice at once; a failed save puts the stored one back.
    queryClient.setQueryData(trpc.notifications.preferences.queryKey(), (current) => (current ? { ...current, [kind]: next } : current));
    save.mutate({ [kind]: next });
  };

  return (
    <Card title="Notifications">
      <p className="mb-4 text-sm text-ink-muted">What you are told about under the bell, and what is also emailed to you. These choices apply in every organization you belong to.</p>
      {preferences.isPending ? (
        <p className="text-sm text-ink-muted" role="status">
          Loading your notification settings…
        </p>
      ) : preferences.isError ? (
        <LoadError message={readServerError(preferences.error).message} retrying={preferences.isFetching} onRetry={() => preferences.refetch()} />
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-gray-200 text-ink-muted">
              <th scope="col" className="py-2 pr-3 font-medium">
                When
              </th>
              <th scope="col" className="w-24 py-2 text-center font-medium">
                In the app
              </th>
              <th scope="col" className="w-24 py-2 text-center font-medium">
                By email
              </th>
            </tr>
          </thead>
          <tbody>
            {NOTIFICATION_KINDS.map((kind) => {
              const current = preferences.data[kind];
              return (
                <tr key={kind} className="border-b border-gray-100 last:border-0">
                  <th scope="row" className="py-2 pr-3 font-normal text-ink">
                    {KIND_LABELS[kind]}
                  </th>
                  <td className="py-2 text-center">
                    <input
                      type="checkbox"
                      className="size-5 align-middle"
                      aria-label={`${KIND_LABELS[kind]}: show in the app`}
                      checked={current.inApp}
                      disabled={save.isPending}
                      onChange={(event) => change(kind, { ...current, inApp: event.target.checked })}
                    />
                  </td>
                  <td className="py-2 text-center">
                    <input
                      type="checkbox"
                      className="size-5 align-middle"
                      aria-label={`${KIND_LABELS[kind]}: send an email`}
                      checked={current.email}
                      disabled={save.isPending}
                      onChange={(event) => change(kind, { ...current, email: event.target.checked })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {notice && (
        <div className="mt-3">
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      )}
    </Card>
  );
}
