"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { NoticeAlert, type Notice } from "@/components/orgs/notice";
import { SectionCard } from "@/components/orgs/section-card";
import { Button } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import type { RecordVisibility } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";
import { RECORD_VISIBILITIES, VISIBILITY_LABEL } from "../shared/labels";
import type { VisibilitySettings } from "../shared/types";

const EXPLAIN: Record<RecordVisibility, string> = {
  all: "They see every company, contact and deal in the organization.",
  own_or_followed:
    "They see only the companies, contacts and deals they own or follow. Everyone follows the records they create, and members can follow others to keep them in view.",
};

function VisibilityChoice({ role, value, onChange, disabled }: { role: "members" | "viewers"; value: RecordVisibility; onChange: (v: RecordVisibility) => void; disabled: boolean }) {
  return (
    <fieldset className="flex flex-col gap-2" disabled={disabled}>
      <legend className="mb-1 text-sm font-medium text-ink">{role === "members" ? "Members see" : "Viewers see"}</legend>
      {RECORD_VISIBILITIES.map((option) => (
        <label key={option} className="flex cursor-pointer items-start gap-3 rounded-lg border border-gray-200 p-3 has-[:checked]:border-brand-300 has-[:checked]:bg-brand-50/50">
          <input
            type="radio"
            name={`visibility-${role}`}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
            className="mt-0.5 size-4 shrink-0 border-gray-300 text-brand-600"
          />
          <span>
            <span className="block text-sm font-medium text-ink">{VISIBILITY_LABEL[option]}</span>
            <span className="block text-sm text-ink-muted">{EXPLAIN[option]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function VisibilityForm({ saved }: { saved: VisibilitySettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(saved);
  const [notice, setNotice] = useState<Notice | null>(null);
  const clear = useCallback(() => setNotice(null), []);
  const update = useMutation(trpc.crm.settings.updateVisibility.mutationOptions());
  const dirty = values.memberVisibility !== saved.memberVisibility || values.viewerVisibility !== saved.viewerVisibility;

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setNotice(null);
    try {
      const next = await update.mutateAsync(values);
      queryClient.setQueryData(trpc.crm.settings.visibility.queryKey(), next);
      // Lists and records may show more or fewer records now.
      await queryClient.invalidateQueries(trpc.crm.pathFilter());
      setNotice({ tone: "success", text: "Record visibility saved. It applies from the next page anyone opens." });
    } catch (error) {
      setNotice({ tone: "error", text: `Could not save: ${readServerError(error).message}` });
    }
  };

  return (
    <form onSubmit={save} className="flex flex-col gap-5">
      <NoticeAlert notice={notice} onDismiss={clear} />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
        <VisibilityChoice role="members" value={values.memberVisibility} onChange={(v) => setValues({ ...values, memberVisibility: v })} disabled={update.isPending} />
        <VisibilityChoice role="viewers" value={values.viewerVisibility} onChange={(v) => setValues({ ...values, viewerVisibility: v })} disabled={update.isPending} />
      </div>
      <div className="flex flex-col-reverse gap-2 border-t border-gray-100 pt-4 sm:flex-row sm:items-center sm:justify-end">
        {dirty && (
          <Button type="button" variant="ghost" disabled={update.isPending} onClick={() => setValues(saved)}>
            Discard changes
          </Button>
        )}
        <Button type="submit" pending={update.isPending} disabled={!dirty}>
          {update.isPending ? "Saving…" : "Save visibility"}
        </Button>
      </div>
    </form>
  );
}

/** Settings → CRM → Record visibility: all records, or only own and followed ones, for members and for viewers. */
export function VisibilitySettingsCard() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.crm.settings.visibility.queryOptions());
  return (
    <SectionCard title="Record visibility">
      <div className="flex flex-col gap-4">
        <p className="max-w-3xl text-sm text-ink-muted">
          Who sees which companies, contacts and deals. Owners and admins always see every record. The rule holds everywhere: lists, search, record pages
          and exports.
        </p>
        {settings.isPending ? (
          <div className="h-40 animate-pulse rounded-lg bg-surface-sunken" aria-hidden />
        ) : settings.isError ? (
          <LoadError message={`Could not load the visibility settings: ${readServerError(settings.error).message}`} retrying={settings.isFetching} onRetry={() => void settings.refetch()} />
        ) : (
          <VisibilityForm saved={settings.data} />
        )}
      </div>
    </SectionCard>
  );
}
