import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO, escapeRegExp, expectTenantHome, firstName, newUser, registerWithOrganization, signIn, unique } from "./helpers";
import { listDevMail, readDevMail } from "./mail";

// The e2e server (playwright.config.ts) writes its emails as .eml files under .data-e2e/mail.

/** Sam Sales: a member of the demo organization, same password as the demo owner. */
const DEMO_MEMBER = { email: "sam@neuroops.local", name: DEMO.memberName } as const;

/** The invitation link of the newest invitation email to `email` (the worker sends it within about a second). */
async function invitationLink(email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mail = (await listDevMail()).find((message) => message.to.includes(email) && message.subject.includes("invited you"));
        if (!mail) return undefined;
        link = (await readDevMail(mail.file)).text.match(/https?:\/\/\S+\/invite\/\S+/)?.[0];
        return link;
      },
      { message: `invitation email to ${email}`, timeout: 20_000 },
    )
    .toBeTruthy();
  return link!;
}

type TrpcResult = { status: number; data: unknown };

/** Calls a tRPC procedure as the signed-in user of `request` (the browser context's cookies). */
async function trpc(request: APIRequestContext, path: string, options: { tenantId?: string; input?: unknown; mutation?: boolean } = {}): Promise<TrpcResult> {
  const headers: Record<string, string> = options.tenantId ? { "x-tenant-id": options.tenantId } : {};
  const response = options.mutation
    ? await request.post(`/api/trpc/${path}`, { headers, data: { json: options.input ?? null } })
    : await request.get(`/api/trpc/${path}${options.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: options.input }))}`}`, { headers });
  const body = (await response.json()) as { result?: { data?: { json?: unknown } } };
  return { status: response.status(), data: body.result?.data?.json };
}

/** The id of the signed-in user's organization whose slug is `slug`. */
async function tenantIdOf(request: APIRequestContext, slug: string): Promise<string> {
  const { data } = await trpc(request, "orgs.listMine");
  const org = (data as { id: string; slug: string }[]).find((o) => o.slug === slug);
  if (!org) throw new Error(`not a member of ${slug}`);
  return org.id;
}

function membersTable(page: Page) {
  return page.getByRole("table", { name: `Members of ${DEMO.orgName}` });
}

function memberRow(page: Page, name: string) {
  return membersTable(page).getByRole("row", { name: new RegExp(escapeRegExp(name)) });
}

test.describe("settings → members and invitations", () => {
  test("an owner invites a colleague, who registers from the email link and is promoted to admin", async ({ page, browser, baseURL }) => {
    const colleague = newUser("Cora");
    await signIn(page, DEMO.email, DEMO.password);
    const tenantId = await tenantIdOf(page.request, DEMO.orgSlug);

    try {
      await page.goto(`/t/${DEMO.orgSlug}/settings/members`);
      await expect(page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Members" })).toHaveAttribute("aria-current", "page");
      await expect(memberRow(page, DEMO_MEMBER.name)).toBeVisible();

      // Someone who is already a member cannot be invited again.
      const inviteForm = page.getByRole("region", { name: "Invite people" });
      await inviteForm.getByLabel("Email").fill(DEMO_MEMBER.email);
      await inviteForm.getByRole("button", { name: "Send invitation" }).click();
      await expect(inviteForm.getByRole("alert").filter({ hasText: "already a member" })).toBeVisible();

      await inviteForm.getByLabel("Email").fill(colleague.email);
      await inviteForm.getByLabel("Role").selectOption("member");
      await inviteForm.getByRole("button", { name: "Send invitation" }).click();
      await expect(inviteForm.getByText(`Invitation sent to ${colleague.email}.`)).toBeVisible();
      const pending = page.getByRole("region", { name: "Pending invitations" });
      await expect(pending.getByRole("listitem").filter({ hasText: colleague.email })).toContainText("Member");

      // The colleague opens the emailed link in their own browser and creates an account there.
      const link = await invitationLink(colleague.email);
      const guestContext = await browser.newContext({ baseURL });
      try {
        const guest = await guestContext.newPage();
        await guest.goto(link);
        await expect(guest.getByRole("heading", { name: `Join ${DEMO.orgName}` })).toBeVisible();
        await expect(guest.getByText(`${DEMO.name} invited you to join ${DEMO.orgName} as a member.`)).toBeVisible();
        await expect(guest.getByLabel("Email")).toHaveValue(colleague.email);
        await guest.getByLabel("Your name").fill(colleague.name);
        await guest.getByLabel("Password").fill(colleague.password);
        await guest.getByRole("button", { name: `Create account and join ${DEMO.orgName}` }).click();
        await expectTenantHome(guest, DEMO.orgSlug, { name: colleague.name, firstName: firstName(colleague) });

        // As a member: the list, but no invite form and no role or remove controls.
        await guest.goto(`/t/${DEMO.orgSlug}/settings/members`);
        await expect(memberRow(guest, colleague.name)).toBeVisible();
        await expect(memberRow(guest, DEMO.name)).toContainText("Owner");
        await expect(guest.getByRole("region", { name: "Invite people" })).toHaveCount(0);
        await expect(guest.getByRole("region", { name: "Pending invitations" })).toHaveCount(0);
        await expect(membersTable(guest).getByRole("combobox")).toHaveCount(0);
        await expect(membersTable(guest).getByRole("button", { name: /^Remove / })).toHaveCount(0);
        // …and the API refuses too.
        const refused = await trpc(guest.request, "invitations.create", { tenantId, input: { email: `nobody-${unique()}@example.com`, role: "viewer" }, mutation: true });
        expect(refused.status).toBe(403);

        // The link works once.
        await guest.goto(link);
        await expect(guest.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();

        // The owner sees the new member (the invitation is no longer pending) and makes them an admin.
        await page.reload();
        await expect(memberRow(page, colleague.name)).toContainText("Member");
        await expect(pending.getByText(colleague.email)).toHaveCount(0);
        await expect(memberRow(page, DEMO.name).getByRole("combobox", { name: `Role of ${DEMO.name}` })).toBeDisabled();
        await memberRow(page, colleague.name).getByRole("combobox", { name: `Role of ${colleague.name}` }).selectOption("admin");
        await expect(page.getByText(`${colleague.name} is now an admin.`)).toBeVisible();

        // After a reload the colleague manages members too (admins cannot hand out Owner).
        await guest.goto(`/t/${DEMO.orgSlug}/settings/members`);
        const adminInviteForm = guest.getByRole("region", { name: "Invite people" });
        await expect(adminInviteForm).toBeVisible();
        await expect(adminInviteForm.getByLabel("Role").locator("option")).toHaveText(["Admin", "Member", "Viewer"]);
        await expect(memberRow(guest, DEMO_MEMBER.name).getByRole("combobox", { name: `Role of ${DEMO_MEMBER.name}` })).toBeEnabled();
        await expect(memberRow(guest, DEMO.name).getByRole("combobox", { name: `Role of ${DEMO.name}` })).toBeDisabled();
      } finally {
        await guestContext.close();
      }

      // The owner removes the colleague again (the demo organization is shared with other specs).
      await memberRow(page, colleague.name).getByRole("button", { name: `Remove ${colleague.name}` }).click();
      const dialog = page.getByRole("dialog", { name: `Remove ${colleague.name}?` });
      await dialog.getByRole("button", { name: "Remove member" }).click();
      await expect(page.getByText(`${colleague.name} was removed from ${DEMO.orgName}.`)).toBeVisible();
      await expect(memberRow(page, colleague.name)).toHaveCount(0);
    } finally {
      // Whatever happened above: no extra member or open invitation is left in the demo organization.
      const members = (await trpc(page.request, "members.list", { tenantId })).data as { userId: string; email: string }[] | undefined;
      const leftover = members?.find((member) => member.email === colleague.email);
      if (leftover) await trpc(page.request, "members.remove", { tenantId, input: { userId: leftover.userId }, mutation: true });
      const invitations = (await trpc(page.request, "invitations.list", { tenantId })).data as { id: string; email: string }[] | undefined;
      const open = invitations?.find((invitation) => invitation.email === colleague.email);
      if (open) await trpc(page.request, "invitations.revoke", { tenantId, input: { id: open.id }, mutation: true });
    }
  });

  test("the last owner cannot leave the organization", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(`/t/${DEMO.orgSlug}/settings/members`);
    await expect(memberRow(page, DEMO.name)).toBeVisible();

    await page.getByRole("button", { name: "Leave organization" }).click();
    const dialog = page.getByRole("dialog", { name: `Leave ${DEMO.orgName}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: `Leave ${DEMO.orgName}` }).click();

    await expect(page.getByRole("alert").filter({ hasText: "You are the last owner. Make someone else an owner before you leave." })).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/members$`));
    await page.reload();
    await expect(memberRow(page, DEMO.name)).toContainText("You");
  });

  test("an owner changes the organization's address; the old address leads to the new one", async ({ page, browser, baseURL }) => {
    // Another organization, whose address is taken.
    const otherContext = await browser.newContext({ baseURL });
    const takenSlug = await registerWithOrganization(await otherContext.newPage(), newUser("Tess"), `Taken ${unique()}`);
    await otherContext.close();

    await signIn(page, DEMO.email, DEMO.password);
    const tenantId = await tenantIdOf(page.request, DEMO.orgSlug);
    const original = (await trpc(page.request, "orgs.settings", { tenantId })).data as {
      baseCurrency: string;
      timeZone: string;
      fiscalYearStartMonth: number;
    };
    const newSlug = `acme-demo-${unique()}`;

    try {
      await page.goto(`/t/${DEMO.orgSlug}/settings/organization`);
      const slugField = page.getByLabel("Address (slug)");
      await expect(slugField).toHaveValue(DEMO.orgSlug);
      await expect(page.getByLabel("Organization name")).toHaveValue(DEMO.orgName);

      // Taken by another organization: the server says so next to the field.
      await slugField.fill(takenSlug);
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("That address is taken. Choose another.")).toBeVisible();
      await expect(slugField).toBeFocused();

      await slugField.fill(newSlug);
      await expect(page.getByText(`/t/${newSlug}`)).toBeVisible();
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(newSlug)}/settings/organization$`));
      await expect(page.getByText("Settings saved. The organization's address is now")).toBeVisible();
      await expect(page.getByLabel("Address (slug)")).toHaveValue(newSlug);

      // Links to the old address lead to the organization under its new one.
      await page.goto(`/t/${DEMO.orgSlug}/settings/organization`);
      await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(newSlug)}$`));
      await expect(page.getByRole("button", { name: `Organization: ${DEMO.orgName}. Switch organization` })).toBeVisible();

      // And back (other specs use the demo organization's address).
      await page.goto(`/t/${newSlug}/settings/organization`);
      await page.getByLabel("Address (slug)").fill(DEMO.orgSlug);
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/organization$`));
      await expect(page.getByLabel("Address (slug)")).toHaveValue(DEMO.orgSlug);
    } finally {
      // Whatever happened above: the demo organization keeps its name and address.
      const now = (await trpc(page.request, "orgs.settings", { tenantId })).data as { name: string; slug: string } | undefined;
      if (now?.name !== DEMO.orgName || now?.slug !== DEMO.orgSlug) {
        const restored = await trpc(page.request, "orgs.updateSettings", {
          tenantId,
          input: { name: DEMO.orgName, slug: DEMO.orgSlug, baseCurrency: original.baseCurrency, timeZone: original.timeZone, fiscalYearStartMonth: original.fiscalYearStartMonth },
          mutation: true,
        });
        expect(restored.status, "restoring the demo organization's name and address").toBe(200);
      }
    }
  });

  test("a member sees the organization's settings read-only", async ({ page }) => {
    await signIn(page, DEMO_MEMBER.email, DEMO.password);
    await page.goto(`/t/${DEMO.orgSlug}/settings`);
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/organization$`));
    const details = page.getByRole("region", { name: "Details" });
    await expect(details.getByRole("definition").filter({ hasText: DEMO.orgName })).toBeVisible();
    await expect(details.getByText("owners and admins can change them")).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /logo/i })).toHaveCount(0);
  });
});
