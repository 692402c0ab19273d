"use client";

import { CustomFieldsSettings } from "./custom-fields-settings";
import { VisibilitySettingsCard } from "./visibility-settings";

/** Settings → CRM (owners and admins): custom fields and record visibility. */
export function CrmSettings() {
  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h2 className="text-lg font-semibold text-ink">CRM</h2>
        <p className="mt-1 text-sm text-ink-muted">The extra fields your team fills in on contacts, companies and deals, and who sees which records.</p>
      </div>
      <CustomFieldsSettings />
      <VisibilitySettingsCard />
    </div>
  );
}
