import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type StreamTransport from "nodemailer/lib/stream-transport";
import { z } from "zod";
import { env } from "./env";
import { ValidationFailed } from "./errors";
import { logger } from "./logger";
import { listMailDir, readMailFile, type DevMail, type DevMailContent } from "./dev-mail";

export type { DevMail, DevMailAttachment, DevMailContent } from "./dev-mail";
export { parseEml } from "./dev-mail";

/**
 * Outgoing email. With SMTP_URL set, messages go through that server; without it (development,
 * tests, e2e) each message is written as an .eml file under DATA_DIR/mail/ and logged, and
 * `listDevMail` / `readDevMail` read them back.
 *
 * Note for readers of the .eml files: nodemailer always encodes text lines longer than 76
 * characters as quoted-printable (it has no 7bit/8bit option), so a long link is split by
 * `=\n` soft breaks and `=` becomes `=3D`. Use `readDevMail` to get the decoded text.
 */

/** A file sent with an email (an invoice's PDF): the bytes travel base64-encoded in the message. */
export type MailAttachment = { filename: string; contentType: string; content: Buffer };
export type MailMessage = { to: string; subject: string; text: string; html?: string; attachments?: MailAttachment[] };
export type MailReceipt = { messageId: string; transport: "smtp" | "file"; file?: string };

/** The message could be sent but the SMTP server failed or refused it; worth retrying. */
export class MailDeliveryError extends Error {
  constructor(message: string, public readonly code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailDeliveryError";
  }
}

const SMTP_TIMEOUT_MS = 10_000;
const MAIL_SUBDIR = "mail";

const recipientSchema = z.email().max(254);
/** Above what most mail servers accept (often 10 to 25 MB per message, after base64's third more). */
export const MAX_ATTACHMENTS_BYTES = 15 * 1024 * 1024;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** Rejects what no retry can fix (a ValidationFailed, i.e. a DomainError): bad recipient, empty subject. */
function validate(message: MailMessage): void {
  const fields: Record<string, string[]> = {};
  const to = typeof message.to === "string" ? message.to.trim() : "";
  if (!recipientSchema.safeParse(to).success) {
    fields.to = [`"${String(message.to)}" is not a valid email address (one plain address, e.g. name@example.com).`];
  }
  const subject = typeof message.subject === "string" ? message.subject.trim() : "";
  if (subject === "") fields.subject = ["The subject must not be empty."];
  else if (/[\r\n]/.test(subject)) fields.subject = ["The subject must be a single line."];
  if (typeof message.text !== "string") fields.text = ["The text body is required."];
  const attachmentProblem = checkAttachments(message.attachments);
  if (attachmentProblem) fields.attachments = [attachmentProblem];
  const problems = Object.entries(fields);
  if (problems.length > 0) {
    throw new ValidationFailed(fields, `Cannot send email: ${problems.map(([field, [problem]]) => `${field}: ${problem}`).join(" ")}`);
  }
}

function checkAttachments(attachments: MailMessage["attachments"]): string | undefined {
  if (attachments === undefined) return undefined;
  if (!Array.isArray(attachments)) return "The attachments must be a list.";
  let total = 0;
  for (const [index, attachment] of attachments.entries()) {
    const which = `Attachment ${index + 1}`;
    const filename = typeof attachment?.filename === "string" ? attachment.filename.trim() : "";
    if (filename === "" || filename.length > 255) return `${which} needs a file name of 1 to 255 characters.`;
    // A control character in a file name could break the MIME headers; a slash reads as a path.
    if (/[\x00-\x1f\x7f]/.test(filename) || /[\\/]/.test(filename)) return `${which}'s file name "${filename}" must not contain control characters or slashes.`;
    if (typeof attachment.contentType !== "string" || !CONTENT_TYPE.test(attachment.contentType)) {
      return `${which} (${filename}) needs a content type such as application/pdf, not "${String(attachment.contentType)}".`;
    }
    if (!Buffer.isBuffer(attachment.content)) return `${which} (${filename}) has no content (a Buffer is expected).`;
    total += attachment.content.length;
  }
  if (total > MAX_ATTACHMENTS_BYTES) {
    return `The attachments add up to ${(total / 1024 / 1024).toFixed(1)} MB; at most ${MAX_ATTACHMENTS_BYTES / 1024 / 1024} MB can be sent in one email.`;
  }
  return undefined;
}

/** The attachments as nodemailer takes them: the bytes as given, the name and type as validated. */
function mailAttachments(message: MailMessage) {
  return (message.attachments ?? []).map((attachment) => ({
    filename: attachment.filename.trim(),
    contentType: attachment.contentType,
    content: attachment.content,
  }));
}

/** What the log says of the attachments: names and sizes, never the bytes. */
function attachmentsForLog(message: MailMessage) {
  return message.attachments?.length ? { attachments: message.attachments.map((a) => ({ filename: a.filename.trim(), size: a.content.length })) } : {};
}

/* ------------------------------------------------------------------ SMTP */

type SmtpTarget = { transport: Transporter<SMTPTransport.SentMessageInfo>; url: string; label: string };
let smtpCache: SmtpTarget | undefined;

/**
 * Parses smtp://user:pass@host:port?opt=value (or smtps://) like nodemailer does, but into an options
 * object so our timeouts can be added (nodemailer's createTransport({ url, ... }) drops other options).
 */
function smtpOptions(smtpUrl: string): { options: SMTPTransport.Options; label: string } {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new MailDeliveryError("SMTP_URL is not a valid URL (expected smtp://user:pass@host:587).", "ECONFIG");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new MailDeliveryError(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//.`, "ECONFIG");
  }
  const secure = url.protocol === "smtps:";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : undefined;
  const options: SMTPTransport.Options = {
    host,
    port,
    secure,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    dnsTimeout: SMTP_TIMEOUT_MS,
  };
  if (url.username) {
    options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  }
  // Query options as in nodemailer's URL syntax: ?requireTLS=true&tls.rejectUnauthorized=false&socketTimeout=30000
  const extra = options as Record<string, unknown>;
  for (const [key, raw] of url.searchParams) {
    const value: unknown = raw === "true" ? true : raw === "false" ? false : raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    if (key.startsWith("tls.")) {
      options.tls = { ...options.tls, [key.slice(4)]: value };
    } else if (!key.includes(".") && key !== "auth" && key !== "host" && key !== "port") {
      extra[key] = value;
    }
  }
  // Never includes the credentials: safe for logs and error messages.
  const label = `${url.protocol}//${url.host}`;
  return { options, label };
}

function smtpTarget(smtpUrl: string): SmtpTarget {
  if (smtpCache?.url === smtpUrl) return smtpCache;
  smtpCache?.transport.close();
  const { options, label } = smtpOptions(smtpUrl);
  smtpCache = { transport: nodemailer.createTransport(options), url: smtpUrl, label };
  return smtpCache;
}

async function sendSmtp(message: MailMessage, smtpUrl: string): Promise<MailReceipt> {
  const { transport, label } = smtpTarget(smtpUrl);
  const to = message.to.trim();
  let info: SMTPTransport.SentMessageInfo;
  try {
    info = await transport.sendMail({
      from: env().MAIL_FROM,
      to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: mailAttachments(message),
    });
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ event: "mail_failed", to, subject: message.subject, smtp: label, code, reason }, "email delivery failed");
    throw new MailDeliveryError(`Sending email to ${to} via ${label} failed: ${reason}`, code, { cause: error });
  }
  if (info.rejected.length > 0) {
    logger.warn({ event: "mail_failed", to, subject: message.subject, smtp: label, reason: "recipient rejected" }, "email delivery failed");
    throw new MailDeliveryError(`Sending email to ${to} via ${label} failed: the server rejected the recipient.`, "EENVELOPE");
  }
  logger.info({ event: "mail_sent", to, subject: message.subject, smtp: label, messageId: info.messageId, ...attachmentsForLog(message) }, "email sent");
  return { messageId: info.messageId, transport: "smtp" };
}

/* ------------------------------------------------------------------ files (development) */

let streamTransport: Transporter<StreamTransport.SentMessageInfo> | undefined;

function mailDir(): string {
  return path.resolve(env().DATA_DIR, MAIL_SUBDIR);
}

async function writeFileMail(message: MailMessage): Promise<MailReceipt> {
  streamTransport ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const to = message.to.trim();
  const now = new Date();
  const info = await streamTransport.sendMail({
    from: env().MAIL_FROM,
    to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: mailAttachments(message),
    date: now,
  });
  if (!Buffer.isBuffer(info.message)) throw new Error("nodemailer stream transport did not return a buffer");

  const dir = mailDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${now.toISOString().replace(/:/g, "-")}-${randomBytes(4).toString("hex")}.eml`);
  // Write then rename so readers (listDevMail, e2e tests polling the folder) never see half a file.
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, info.message);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  logger.info(
    { event: "mail_written", to, subject: message.subject, file, text: message.text, ...attachmentsForLog(message) },
    "email written to file (SMTP_URL not set)",
  );
  return { messageId: info.messageId, transport: "file", file };
}

/* ------------------------------------------------------------------ public API */

/** Sends one email: through SMTP_URL when set; otherwise writes it as an .eml file under DATA_DIR/mail/ and logs it. Throws on failure (callers retry). */
export async function deliverMail(message: MailMessage): Promise<MailReceipt> {
  validate(message);
  const smtpUrl = env().SMTP_URL;
  return smtpUrl ? sendSmtp(message, smtpUrl) : writeFileMail(message);
}

/** The development emails (`.data/mail/*.eml`), newest first. */
export function listDevMail(): Promise<DevMail[]> {
  return listMailDir(mailDir());
}

/** Reads one development email (a file name in the mail folder, or a path). */
export function readDevMail(file: string): Promise<DevMailContent> {
  return readMailFile(file, mailDir());
}
