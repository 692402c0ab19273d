import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/*
 * Reading the development emails back (.eml files written when no SMTP server is
 * configured), for the tests and the e2e specs: no configuration or server-only imports
 * here, so test runners outside the app can use it.
 */

/** A file attached to a development email; `size` is its decoded size in bytes. */
export type DevMailAttachment = { filename: string; contentType: string; size: number };
export type DevMail = { file: string; to: string; subject: string; date: Date; attachments: DevMailAttachment[] };
export type DevMailContent = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  date?: Date;
  messageId?: string;
  /** The attached files, decoded, in the order of the message. */
  attachments: (DevMailAttachment & { content: Buffer })[];
};

/** For tests and the dev UI: the .eml files written so far, newest first. */
export async function listMailDir(dir: string): Promise<DevMail[]> {
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
        const root = parsePart(await readFile(file, "latin1"));
        const { headers } = root;
        const headerDate = headers.get("date") ? new Date(headers.get("date") ?? "") : undefined;
        const date = dateFromFileName(name) ?? (headerDate && !Number.isNaN(headerDate.getTime()) ? headerDate : new Date(0));
        const attachments = findAttachments(root).map(({ filename, contentType, content }) => ({ filename, contentType, size: content.length }));
        return { file, name, to: decodeHeader(headers.get("to") ?? ""), subject: decodeHeader(headers.get("subject") ?? ""), date, attachments };
      }),
  );
  mails.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return mails.map(({ file, to, subject, date, attachments }) => ({ file, to, subject, date, attachments }));
}

/**
 * Reads an .eml written by deliverMail back into decoded parts (quoted-printable/base64 bodies and
 * encoded-word headers decoded). `file` is a path, or a bare file name inside DATA_DIR/mail.
 */
export async function readMailFile(file: string, dir: string): Promise<DevMailContent> {
  const resolved = path.basename(file) === file ? path.join(dir, file) : path.resolve(file);
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
    attachments: findAttachments(root),
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

/** The leaf parts of a message, depth first in the order they appear (a non-multipart message is its own leaf). */
function leafParts(part: Part): Part[] {
  const { type, params } = headerParams(part.headers.get("content-type") ?? "text/plain");
  if (!type.startsWith("multipart/")) return [part];
  const boundary = params.get("boundary");
  if (!boundary) return [];
  const delimiter = `--${boundary}`;
  const chunks = `\n${part.body}`.split(`\n${delimiter}`);
  const leaves: Part[] = [];
  // chunks[0] is the preamble; a chunk starting with "--" is the closing delimiter (epilogue follows).
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith("--")) break;
    leaves.push(...leafParts(parsePart(chunk.replace(/^[ \t]*\n/, ""))));
  }
  return leaves;
}

function partBytes(part: Part): Buffer {
  return decodeTransfer(part.body, (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase());
}

/** The file name of an attached part (Content-Disposition's filename, else Content-Type's name), decoded; undefined for a body part. */
function attachmentName(part: Part): string | undefined {
  const disposition = headerParams(part.headers.get("content-disposition") ?? "");
  const { params } = headerParams(part.headers.get("content-type") ?? "text/plain");
  const name = paramValue(disposition.params, "filename") ?? paramValue(params, "name");
  if (disposition.type === "attachment") return name ?? "";
  return name;
}

function findBody(part: Part, wanted: "text/plain" | "text/html"): string | undefined {
  for (const leaf of leafParts(part)) {
    const { type, params } = headerParams(leaf.headers.get("content-type") ?? "text/plain");
    if (type !== wanted || attachmentName(leaf) !== undefined) continue;
    return decodeCharset(partBytes(leaf), params.get("charset") ?? "utf-8");
  }
  return undefined;
}

function findAttachments(part: Part): DevMailContent["attachments"] {
  return leafParts(part).flatMap((leaf) => {
    const filename = attachmentName(leaf);
    if (filename === undefined) return [];
    const contentType = headerParams(leaf.headers.get("content-type") ?? "application/octet-stream").type;
    const content = partBytes(leaf);
    return [{ filename, contentType, size: content.length, content }];
  });
}

/**
 * A header parameter, decoded: RFC 2231 (`filename*=utf-8''%C3%A9.pdf`, or split as `filename*0*=…; filename*1*=…`,
 * as nodemailer writes long or non-ASCII names) or RFC 2047 encoded words inside a plain value.
 */
function paramValue(params: Map<string, string>, name: string): string | undefined {
  const plain = params.get(name);
  const extended = params.get(`${name}*`);
  const pieces: { encoded: boolean; value: string }[] = [];
  if (extended !== undefined) pieces.push({ encoded: true, value: extended });
  else {
    for (let index = 0; ; index++) {
      const encoded = params.get(`${name}*${index}*`);
      const raw = encoded ?? params.get(`${name}*${index}`);
      if (raw === undefined) break;
      pieces.push({ encoded: encoded !== undefined, value: raw });
    }
  }
  if (pieces.length === 0) return plain === undefined ? undefined : decodeHeader(plain);
  // The first encoded piece carries charset'language'; later ones are only percent-encoded.
  const first = pieces[0]!;
  let charset = "us-ascii";
  if (first.encoded) {
    const match = /^([^']*)'[^']*'(.*)$/.exec(first.value);
    if (match) {
      charset = match[1] || "us-ascii";
      first.value = match[2] ?? "";
    }
  }
  const bytes: number[] = [];
  for (const piece of pieces) {
    const text = piece.encoded ? piece.value.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))) : piece.value;
    for (const char of text) bytes.push(char.charCodeAt(0) & 0xff);
  }
  return decodeCharset(Buffer.from(bytes), charset === "us-ascii" ? "utf-8" : charset);
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
