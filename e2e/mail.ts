import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { listMailDir, readMailFile } from "../src/server/platform/dev-mail";

// The e2e server (playwright.config.ts, DATA_DIR=.data-e2e next to it) writes its emails under .data-e2e/mail.
const MAIL_DIR = fileURLToPath(new URL("../.data-e2e/mail", import.meta.url));

/** Every email the e2e server has written, newest first. */
export const listDevMail = () => listMailDir(MAIL_DIR);
export const readDevMail = (file: string) => readMailFile(file, MAIL_DIR);

export const RESET_SUBJECT = "Reset your NeuroOps password";
export const VERIFY_SUBJECT = "Confirm your email for NeuroOps";

/** Emails to `to` with this subject, newest first (the worker delivers them within about a second). */
export async function mailsTo(to: string, subject: string) {
  const all = await listDevMail();
  return all.filter((mail) => mail.to.toLowerCase().includes(to.toLowerCase()) && mail.subject === subject);
}

/** Waits (up to ~15 s) for at least `count` emails to `to` with `subject`; returns the newest one's link path. */
export async function waitForLink(to: string, subject: string, pathPrefix: "/reset-password/" | "/verify-email/", count = 1): Promise<string> {
  let newest: string | undefined;
  await expect
    .poll(
      async () => {
        const mails = await mailsTo(to, subject);
        newest = mails[0]?.file;
        return mails.length;
      },
      { message: `${count} email(s) "${subject}" to ${to}`, timeout: 15_000, intervals: [250, 500, 1_000] },
    )
    .toBeGreaterThanOrEqual(count);
  const { text } = await readDevMail(newest!);
  const match = new RegExp(`https?://\\S+?(${pathPrefix}[A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${pathPrefix} link in the email to ${to}:\n${text}`);
  return match[1];
}

