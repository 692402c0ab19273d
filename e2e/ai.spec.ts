import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { putDemoBackOnFree, registerOrSignInAdmin, setDemoPlan } from "./admin-account";
import { DEMO, escapeRegExp, signIn, unique } from "./helpers";

/*
 * The AI module end to end: the plan gate on Free, then on Pro a Markdown document uploaded
 * through the library, processed until ready, a question answered from it in the chat
 * (no LLM key in e2e: extractive mode, which the answer says), its citation followed to the
 * viewer with the passage marked, the assistant panel, and the document deleted.
 */

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ai = (path = "") => `/t/${DEMO.orgSlug}/ai${path}`;

let demoOnPro = false;

test.describe("AI assistant", () => {
  test.afterAll(async ({ browser }) => {
    if (!demoOnPro) return;
    await putDemoBackOnFree(browser);
    demoOnPro = false;
  });

  test("on the Free plan the library explains the assistant is a paid feature, with the way to Settings → Billing and no upload", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(ai());
    await expect(page.getByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "The AI assistant is a paid feature" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Upgrade on Settings → Billing" })).toHaveAttribute("href", `/t/${DEMO.orgSlug}/settings/billing`);
    await expect(page.locator('input[type="file"]')).toHaveCount(0);
    await expect(page.getByRole("search", { name: "Search the documents" })).toHaveCount(0);

    // The chat says the same, and so does the panel.
    await page.goto(ai("/chat"));
    await expect(page.getByRole("heading", { name: "The AI assistant is a paid feature" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Your question" })).toHaveCount(0);
  });

  test("a Markdown document is uploaded, processed, cited by an extractive answer and opened at the passage", async ({ page }) => {
    test.slow(); // two sign-ins, the document's processing, an answer
    await registerOrSignInAdmin(page);
    demoOnPro = true; // before the change: afterAll must undo it even if the change's answer is lost
    await setDemoPlan(page, "Pro");
    await page.context().clearCookies();
    await signIn(page, DEMO.email, DEMO.password);

    const id = unique();
    const title = `harbor handbook ${id}`;
    const passage = `Zephyrine lanterns returned within 45 days are refunded in full by the quartermaster ${id}.`;
    const markdown = [
      `# Harbor Lights handbook ${id}`,
      "",
      "## Opening hours",
      "",
      "The harbor office opens at eight and closes at six, every day but Sunday.",
      "",
      "## Returns",
      "",
      passage,
      "",
    ].join("\n");
    const dir = await mkdtemp(path.join(tmpdir(), "neuroops-ai-e2e-"));
    const file = path.join(dir, `harbor-handbook-${id}.md`);
    await writeFile(file, markdown, "utf8");

    try {
      // The library: how answers are made here (no LLM key in e2e), then the upload.
      await page.goto(ai());
      await expect(page.getByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
      await expect(page.getByText("No language model configured: answers are the most relevant passages")).toBeVisible();
      await page.getByLabel("Drop files here, or choose them").setInputFiles(file);
      const uploads = page.getByRole("list", { name: "Uploads" });
      await expect(uploads.getByRole("listitem").filter({ hasText: `harbor-handbook-${id}.md` })).toContainText("Added: being processed");

      // Processing, polled by the list, until ready.
      const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: title, exact: true }) });
      await expect(row).toBeVisible();
      await expect(row.getByText("Ready", { exact: true })).toBeVisible({ timeout: 90_000 });
      await expect(row).toContainText("Markdown");

      // The search finds the passage, the query's words emphasised.
      await page.getByRole("searchbox", { name: "What are you looking for?" }).fill(`zephyrine quartermaster ${id}`);
      await page.getByRole("search", { name: "Search the documents" }).getByRole("button", { name: "Search", exact: true }).click();
      const hits = page.getByRole("list", { name: new RegExp(`^Passages for`) });
      await expect(hits.getByRole("link", { name: title, exact: true }).first()).toBeVisible();
      await expect(hits.locator("mark").filter({ hasText: /^zephyrine$/i }).first()).toBeVisible();

      // The chat: an extractive answer, labelled as such, citing the document.
      await page.getByRole("navigation", { name: "AI sections" }).getByRole("link", { name: "Chat" }).click();
      await expect(page).toHaveURL(new RegExp(`${escapeRegExp(ai("/chat"))}$`));
      const question = page.getByRole("textbox", { name: "Your question" });
      await question.fill(`How long do customers have to return zephyrine lanterns to the quartermaster ${id}?`);
      await question.press("Enter");
      const answer = page.getByRole("article", { name: "Assistant's answer" }).last();
      await expect(answer.getByText(/^Extractive answer/)).toBeVisible({ timeout: 60_000 });
      await expect(answer).not.toHaveAttribute("aria-busy", "true", { timeout: 60_000 });
      // The new conversation took its address and is listed on the side.
      await expect(page).toHaveURL(new RegExp(`${escapeRegExp(ai("/chat/"))}${UUID}$`));
      await expect(page.getByRole("navigation", { name: "Your conversations" }).getByRole("link")).not.toHaveCount(0);

      const source = answer.getByRole("list", { name: "Sources" }).getByRole("link", { name: title, exact: true }).first();
      await expect(source).toBeVisible();
      await source.click();
      await expect(page).toHaveURL(new RegExp(`${escapeRegExp(ai("/documents/"))}${UUID}\\?from=\\d+&to=\\d+$`));
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.locator("mark")).toContainText(passage);
      await expect(page.locator("mark")).toBeInViewport();

      // The assistant panel from another page: opens on the question box, Escape closes it and focus returns.
      await page.goto(`/t/${DEMO.orgSlug}`);
      const opener = page.getByRole("button", { name: /^(Assistant|Open the assistant)$/ });
      await opener.click();
      const panel = page.getByRole("dialog", { name: "Assistant" });
      await expect(panel).toBeVisible();
      await expect(panel.getByRole("textbox", { name: "Your question" })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(panel).toBeHidden();
      await expect(opener).toBeFocused();

      // Delete, confirmed: the document leaves the library.
      await page.goto(ai());
      await page.getByRole("button", { name: `Delete ${title}` }).click();
      const confirm = page.getByRole("dialog", { name: "Delete this document?" });
      await expect(confirm).toBeVisible();
      await confirm.getByRole("button", { name: "Delete document" }).click();
      await expect(confirm).toBeHidden();
      await expect(page.getByRole("link", { name: title, exact: true })).toHaveCount(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
