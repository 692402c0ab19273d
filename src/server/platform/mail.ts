import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type StreamTransport from "nodemailer/lib/stream-transport";
import { z } from "zod";
import { env } from "./env";
import { ValidationFailed } from "./errors";
import { logger } from "./logger";

/**
 * Outgoing email. With SMTP_URL set, messages go through that server; without it (development,
 * tests, e2e) each message is written as an .eml file under DATA_DIR/mail/ and logged, and
 * `listDevMail` / `readDevMail` read them back.
 *
 * Note for readers of the .eml files: nodemailer always encodes text lines longer than 76
 * characters as quoted-printable (it has no 7bit/8bit option), so a long link is split by
 * `=\n` soft breaks and `=` becomes `=3D`. Use `readDevMail` to get the decoded text.
 */

export type MailMessage = { to: string; subject: string; text: string; html?: string };
export type MailReceipt = { messageId: string; transport: "smtp" | "file"; file?: string };
export type DevMail = { file: string; to: string; subject: string; date: Date };
export type DevMailContent = { to: string; subject: string; text: string; html?: string; date?: Date; messageId?: string };

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
  const problems = Object.entries(fields);
  if (problems.length > 0) {
    throw new ValidationFailed(fields, `Cannot send email: ${problems.map(([field, [problem]]) => `${field}: ${problem}`).join(" ")}`);
  }
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
    info = await transport.sendMail({ from: env().MAIL_FROM, to, subject: message.subject, text: message.text, html: message.html });
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
  logger.info({ event: "mail_sent", to, subject: message.subject, smtp: label, messageId: info.messageId }, "email sent");
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
  logger.info({ event: "mail_written", to, subject: message.subject, file, text: message.text }, "email written to file (SMTP_URL not set)");
  return { messageId: info.messageId, transport: "file", file };
}

/* ------------------------------------------------------------------ public API */

/** Sends one email: through SMTP_URL when set; otherwise writes it as an .eml file under DATA_DIR/mail/ and logs it. Throws on failure (callers retry). */
export async function deliverMail(message: MailMessage): Promise<MailReceipt> {
  validate(message);
  const smtpUrl = env().SMTP_URL;
  return smtpUrl ? sendSmtp(message, smtpUrl) : writeFileMail(message);
}

/** For tests and the dev UI: the .eml files written so far, newest first. */
export async function listDevMail(): Promise<DevMail[]> {
  const dir = mailDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT") return [];
    throw error;
  }
  const mails = await Promise.all(
    names
      .filter((name) => name.endsWith(".eml"))
      .map(async (name): Promise<DevMail & { name: string }> => {
        const file = path.join(dir, name);
        const { headers } = parsePart(await readFile(file, "latin1"));
        const headerDate = headers.get("date") ? new Date(headers.get("date") ?? "") : undefined;
        const date = dateFromFileName(name) ?? (headerDate && !Number.isNaN(headerDate.getTime()) ? headerDate : new Date(0));
        return { file, name, to: decodeHeader(headers.get("to") ?? ""), subject: decodeHeader(headers.get("subject") ?? ""), date };
      }),
  );
  mails.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return mails.map(({ file, to, subject, date }) => ({ file, to, subject, date }));
}

/**
 * Reads an .eml written by deliverMail back into decoded parts (quoted-printable/base64 bodies and
 * encoded-word headers decoded). `file` is a path, or a bare file name inside DATA_DIR/mail.
 */
export async function readDevMail(file: string): Promise<DevMailContent> {
  const resolved = path.basename(file) === file ? path.join(mailDir(), file) : path.resolve(file);
  return parseEml(await readFile(resolved, "latin1"));
}

/** Parses a raw RFC 822 message (as a latin1 string, one char per byte). Exported for tests. */
export function parseEml(raw: string): DevMailContent {
  const root = parsePart(raw);
  const text = findBody(root, "text/plain");
  const html = findBody(root, "text/html");
  const dateHeader = root.headers.get("date");
  const date = dateHeader ? new Date(dateHeader) : undefined;
  return {
    to: decodeHeader(root.headers.get("to") ?? ""),
    subject: decodeHeader(root.headers.get("subject") ?? ""),
    text: text ?? "",
    ...(html !== undefined ? { html } : {}),
    ...(date && !Number.isNaN(date.getTime()) ? { date } : {}),
    ...(root.headers.get("message-id") ? { messageId: root.headers.get("message-id") } : {}),
  };
}

/* ------------------------------------------------------------------ minimal MIME reading */

type Part = { headers: Map<string, string>; body: string };

function parsePart(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, "\n");
  const split = normalized.indexOf("\n\n");
  const head = split === -1 ? normalized : normalized.slice(0, split);
  const body = split === -1 ? "" : normalized.slice(split + 2);
  const headers = new Map<string, string>();
  // Unfold continuation lines, then keep the first occurrence of each header.
  for (const line of head.replace(/\n(?=[ \t])/g, "").split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function headerParams(value: string): { type: string; params: Map<string, string> } {
  const [type = "", ...rest] = value.split(";");
  const params = new Map<string, string>();
  for (const match of rest.join(";").matchAll(/([^=;\s]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g)) {
    params.set((match[1] ?? "").toLowerCase(), match[2] ?? match[3] ?? "");
  }
  return { type: type.trim().toLowerCase(), params };
}

function findBody(part: Part, wanted: "text/plain" | "text/html"): string | undefined {
  const { type, params } = headerParams(part.headers.get("content-type") ?? "text/plain");
  if (type.startsWith("multipart/")) {
    const boundary = params.get("boundary");
    if (!boundary) return undefined;
    const delimiter = `--${boundary}`;
    const chunks = `\n${part.body}`.split(`\n${delimiter}`);
    // chunks[0] is the preamble; a chunk starting with "--" is the closing delimiter (epilogue follows).
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith("--")) break;
      const found = findBody(parsePart(chunk.replace(/^[ \t]*\n/, "")), wanted);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const disposition = (part.headers.get("content-disposition") ?? "").toLowerCase();
  if (type !== wanted || disposition.startsWith("attachment")) return undefined;
  const bytes = decodeTransfer(part.body, (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase());
  return decodeCharset(bytes, params.get("charset") ?? "utf-8");
}

function decodeTransfer(body: string, encoding: string): Buffer {
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  return Buffer.from(body, "latin1");
}

function decodeQuotedPrintable(body: string): Buffer {
  // Trailing whitespace is padding (RFC 2045 6.7); "=" at the end of a line is a soft break.
  return decodeHexEscapes(body.replace(/[ \t]+$/gm, "").replace(/=\n/g, ""));
}

function decodeHexEscapes(unfolded: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const char = unfolded[i];
    const hex = unfolded.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unfolded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=); whitespace between two encoded words is dropped. */
function decodeHeader(latin1Value: string): string {
  // Headers are read as latin1 (one char per byte); raw UTF-8 bytes, if any, are decoded first. Encoded words are ASCII.
  const value = /[\x80-\xff]/.test(latin1Value) ? Buffer.from(latin1Value, "latin1").toString("utf8") : latin1Value;
  const joined = value.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, "$1");
  return joined.replace(/=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g, (_match, charset: string, encoding: string, text: string) => {
    const bytes = encoding.toUpperCase() === "B" ? Buffer.from(text, "base64") : decodeHexEscapes(text.replace(/_/g, " "));
    return decodeCharset(bytes, charset);
  });
}

function dateFromFileName(name: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2}(?:\.\d+)?Z)-/.exec(name);
  if (!match) return undefined;
  const date = new Date(`${match[1]}:${match[2]}:${match[3]}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
