"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { readServerError } from "../ui/server-errors";
import { LogoCard } from "./logo-card";
import { NoticeAlert, type Notice } from "./notice";
import { currencyGroups, describeCurrency, describeTimeZone, monthName, MONTHS, timeZoneGroups, type OptionGroup } from "./options";
import { SelectField } from "../ui/field";
import { organizationSettingsFormSchema, type OrganizationSettingsValues } from "./settings-schema";
import type { OrganizationSettings } from "./types";
import { SectionCard } from "./section-card";

const FIELDS = ["name", "slug", "baseCurrency", "timeZone", "fiscalYearStartMonth"] as const;

function toValues(settings: OrganizationSettings): OrganizationSettingsValues {
  return {
    name: settings.name,
    slug: settings.slug,
    baseCurrency: settings.baseCurrency,
    timeZone: settings.timeZone,
    fiscalYearStartMonth: settings.fiscalYearStartMonth,
  };
}

/** The site's host ("app.example.com"), for showing the organization's address; empty while rendering on the server. */
function useHost(): string {
  return useSyncExternalStore(
    noopSubscribe,
    () => window.location.host,
    () => "",
  );
}
function noopSubscribe() {
  return () => {};
}

function Options({ groups }: { groups: OptionGroup[] }) {
  return (
    <>
      {groups.map((group) => (
        <optgroup key={group.label} label={group.label}>
          {group.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** Owners and admins: the editable form. */
function SettingsForm({ settings }: { settings: OrganizationSettings }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const host = useHost();
  const [notice, setNotice] = useState<Notice | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const form = useForm<OrganizationSettingsValues>({ resolver: zodResolver(organizationSettingsFormSchema), defaultValues: toValues(settings) });
  const update = useMutation(trpc.orgs.updateSettings.mutationOptions());
  const { errors, isSubmitting, isDirty, dirtyFields } = form.formState;
  // The first field the server refused, focused once the form is enabled again.
  const [focusField, setFocusField] = useState<(typeof FIELDS)[number] | null>(null);
  useEffect(() => {
    if (isSubmitting || !focusField) return;
    form.setFocus(focusField);
    setFocusField(null);
  }, [isSubmitting, focusField, form]);

  // Built once per mount, with the saved values always offered even if this browser does not know them.
  const currencies = useMemo(() => currencyGroups(settings.baseCurrency), [settings.baseCurrency]);
  const timeZones = useMemo(() => timeZoneGroups(settings.timeZone), [settings.timeZone]);

  const slug = form.watch("slug");
  const address = `${host}/t/${(slug ?? "").trim().toLowerCase() || "…"}`;

  const onSubmit = form.handleSubmit(async (values) => {
    setNotice(null);
    try {
      const saved = await update.mutateAsync(values);
      queryClient.setQueryData(trpc.orgs.settings.queryKey(), saved);
      form.reset(toValues(saved));
      if (saved.slug !== settings.slug) {
        // The page's address changes with the slug; the old one would only lead home.
        router.replace(`/t/${saved.slug}/settings/organization?saved=address`);
        return;
      }
      setNotice({ tone: "success", text: "Settings saved." });
      // The sidebar and headings show the name.
      router.refresh();
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      const refused = FIELDS.filter((field) => fieldErrors[field]?.[0]);
      for (const field of refused) form.setError(field, { message: fieldErrors[field]![0]! });
      setFocusField(refused[0] ?? null);
      setNotice({ tone: "error", text: refused.length > 0 ? "Could not save: check the highlighted fields." : `Could not save: ${message}` });
    }
  });

  return (
    <SectionCard title="Details">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <NoticeAlert notice={notice} onDismiss={clearNotice} />
        {/* Locked while saving: the saved values replace the form's when the answer comes. */}
        <fieldset disabled={isSubmitting} className="flex min-w-0 flex-col gap-5">
          <TextField label="Organization name" autoComplete="organization" error={errors.name?.message} hint="Shown to your team and in emails." {...form.register("name")} />
          <TextField
            label="Address (slug)"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            error={errors.slug?.message}
            hint={
              dirtyFields.slug
                ? `New address: ${address}. Links to the old address will lead to the organization's home page.`
                : `Your organization's address: ${address}`
            }
            {...form.register("slug")}
          />
          <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
            <SelectField label="Base currency" error={errors.baseCurrency?.message} hint="Amounts are reported in this currency." {...form.register("baseCurrency")}>
              <Options groups={currencies} />
            </SelectField>
            <SelectField label="Fiscal year starts in" error={errors.fiscalYearStartMonth?.message} {...form.register("fiscalYearStartMonth", { valueAsNumber: true })}>
              {MONTHS.map((month) => (
                <option key={month.value} value={month.value}>
                  {month.label}
                </option>
              ))}
            </SelectField>
          </div>
          <SelectField label="Time zone" error={errors.timeZone?.message} hint="Used for dates, schedules and reports." {...form.register("timeZone")}>
            <Options groups={timeZones} />
          </SelectField>
        </fieldset>
        <div className="flex flex-col-reverse gap-2 border-t border-gray-100 pt-4 sm:flex-row sm:items-center sm:justify-end">
          {isDirty && (
            <Button
              type="button"
              variant="ghost"
              disabled={isSubmitting}
              onClick={() => {
                form.reset(toValues(settings));
                setNotice(null);
              }}
            >
              Discard changes
            </Button>
          )}
          <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
            {isSubmitting ? "Saving…" : "Save changes"}
          </Button>
        </div>
      </form>
    </SectionCard>
  );
}

/** Members and viewers: the same facts, read-only. */
function SettingsSummary({ settings, roleLabel }: { settings: OrganizationSettings; roleLabel: string }) {
  const host = useHost();
  const rows: [string, string][] = [
    ["Organization name", settings.name],
    ["Address", `${host}/t/${settings.slug}`],
    ["Base currency", describeCurrency(settings.baseCurrency)],
    ["Time zone", describeTimeZone(settings.timeZone)],
    ["Fiscal year starts in", monthName(settings.fiscalYearStartMonth)],
  ];
  return (
    <SectionCard title="Details">
      <div className="flex flex-col gap-4">
        <Alert tone="info">
          You are {roleLabel === "Admin" || roleLabel === "Owner" ? "an" : "a"} {roleLabel.toLowerCase()}: you can see these settings, and owners and admins can change them.
        </Alert>
        <dl className="divide-y divide-gray-100">
          {rows.map(([label, value]) => (
            <div key={label} className="flex flex-col gap-0.5 py-3 sm:flex-row sm:gap-4">
              <dt className="text-sm text-ink-muted sm:w-48 sm:shrink-0">{label}</dt>
              <dd className="min-w-0 break-words text-sm font-medium text-ink">{value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </SectionCard>
  );
}

function SettingsSkeleton() {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3" aria-hidden>
      <div className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm lg:col-span-2">
        <div className="h-5 w-24 animate-pulse rounded bg-surface-sunken" />
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="flex flex-col gap-2">
            <div className="h-4 w-32 animate-pulse rounded bg-surface-sunken" />
            <div className="h-10 animate-pulse rounded-lg bg-surface-sunken/70" />
          </div>
        ))}
      </div>
      <div className="h-56 animate-pulse rounded-card bg-surface-sunken" />
    </div>
  );
}

/** Settings → Organization: name, address, currency, time zone, fiscal year and logo. */
export function OrganizationSettingsPanel({ canEdit, roleLabel, movedTo }: { canEdit: boolean; roleLabel: string; movedTo?: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.orgs.settings.queryOptions());
  const host = useHost();
  const [showMoved, setShowMoved] = useState(Boolean(movedTo));
  const clearMoved = useCallback(() => setShowMoved(false), []);
  const movedNotice = useMemo<Notice | null>(
    () => (showMoved && movedTo ? { tone: "success", text: `Settings saved. The organization's address is now ${host}/t/${movedTo}. Old links lead to its home page.` } : null),
    [showMoved, movedTo, host],
  );

  // The "saved" marker came with the redirect after a new address: drop it from the URL.
  useEffect(() => {
    if (!movedTo) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("saved");
    window.history.replaceState(null, "", url);
  }, [movedTo]);

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h2 className="text-lg font-semibold text-ink">Organization</h2>
        <p className="mt-1 text-sm text-ink-muted">
          {canEdit ? "Your organization's name, address and defaults for money and dates." : "Your organization's name, address and defaults for money and dates. Only owners and admins can change them."}
        </p>
      </div>

      <NoticeAlert notice={movedNotice} onDismiss={clearMoved} />

      {settings.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading organization settings…
          </span>
          <SettingsSkeleton />
        </>
      ) : settings.isError ? (
        <div className="flex flex-col items-start gap-3">
          <Alert>Could not load the organization&apos;s settings: {readServerError(settings.error).message}</Alert>
          <Button type="button" variant="secondary" pending={settings.isFetching} onClick={() => void settings.refetch()}>
            Try again
          </Button>
        </div>
      ) : (
        <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            {canEdit ? <SettingsForm key={settings.data.id} settings={settings.data} /> : <SettingsSummary settings={settings.data} roleLabel={roleLabel} />}
          </div>
          <LogoCard settings={settings.data} canEdit={canEdit} />
        </div>
      )}
    </div>
  );
}
