"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { createFormatter, SUPPORTED_LOCALES } from "@/lib/format";
import { profileInput, type ProfileInput } from "@/server/modules/accounts/validation";
import { useTRPC } from "@/trpc/client";
import { timeZoneGroups, type OptionGroup } from "../orgs/options";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";
import { formServerErrors } from "../ui/server-errors";

const FIELDS = ["name", "timeZone", "locale"] as const;
const SAMPLE = new Date("2026-12-04T15:05:00Z");

/** Account → Profile: name, time zone and locale, checked here and again on the server. */
export function ProfileForm({ profile }: { profile: ProfileInput }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<ProfileInput>({ resolver: zodResolver(profileInput), defaultValues: profile });
  const update = useMutation(trpc.accounts.updateProfile.mutationOptions());
  const { errors, isSubmitting, isDirty } = form.formState;
  // The full zone list is the browser's (Intl): built after hydration so the server's HTML matches.
  const [zones, setZones] = useState<OptionGroup[]>([{ label: "Current", options: [{ value: profile.timeZone, label: profile.timeZone.replace(/_/g, " ") }] }]);
  useEffect(() => setZones(timeZoneGroups(profile.timeZone)), [profile.timeZone]);

  const [locale, timeZone] = form.watch(["locale", "timeZone"]);
  const sample = createFormatter({ locale, timeZone });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    try {
      const result = await update.mutateAsync(values);
      form.reset({ name: result.name, timeZone: result.timeZone, locale: result.locale });
      setSaved(true);
      // Headers, menus and every date on the pages use the new settings.
      router.refresh();
    } catch (error) {
      const { formMessage, fields } = formServerErrors(error, FIELDS);
      fields.forEach(([field, message], index) => form.setError(field as (typeof FIELDS)[number], { message }, { shouldFocus: index === 0 }));
      setFormError(formMessage);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Profile">
      {formError && <Alert>{formError}</Alert>}
      {saved && <Alert tone="success">Profile saved.</Alert>}
      <fieldset disabled={isSubmitting} className="flex min-w-0 flex-col gap-4">
        <TextField label="Name" autoComplete="name" error={errors.name?.message} {...form.register("name")} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <SelectField
            label="Time zone"
            error={errors.timeZone?.message}
            hint="Used outside organizations. Inside one, dates follow the organization's time zone so everyone's “today” is the same."
            {...form.register("timeZone")}
            // Controlled: the option list is replaced after hydration, which would otherwise reset the choice.
            value={timeZone}
          >
            {zones.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <SelectField label="Date and number format" error={errors.locale?.message} hint={`For example: ${sample.dateTime(SAMPLE)} · ${sample.number(1234567.89)}`} {...form.register("locale")} value={locale}>
            {SUPPORTED_LOCALES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
          Save profile
        </Button>
      </div>
    </form>
  );
}
