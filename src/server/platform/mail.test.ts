import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { reloadEnv } from "./env";
import { ValidationFailed } from "./errors";
import { logger } from "./logger";
import { deliverMail, listDevMail, MailDeliveryError, MAX_ATTACHMENTS_BYTES, parseEml, readDevMail } from "./mail";

const saved = { DATA_DIR: process.env.DATA_DIR, SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
let dataDir: string;

function restore(name: keyof typeof saved) {
  if (saved[name] === undefined) delete process.env[name];
  else process.env[name] = saved[name];
}

function mailFiles(): string[] {
  const dir = path.join(dataDir, "mail");
  return existsSync(dir) ? readdirSync(dir) : [];
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "neuroops-mail-"));
  process.env.DATA_DIR = dataDir;
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  reloadEnv();
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const name of Object.keys(saved) as (keyof typeof saved)[]) restore(name);
  reloadEnv();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("deliverMail without SMTP_URL (files)", () => {
  it("writes one .eml whose recipient, subject and long links can be read back", async () => {
    const link = `http://localhost:3000/invite/${randomBytes(32).toString("hex")}?next=/app&x=1`;
    const receipt = await deliverMail({ to: "ada@example.com", subject: "You're invited", text: `Hello,\n\nJoin here: ${link}\n\nBye` });

    expect(receipt.transport).toBe("file");
    expect(receipt.messageId).toMatch(/^<.+@.+>$/);
    const files = mailFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9a-f]+\.eml$/);
    expect(receipt.file).toBe(path.join(dataDir, "mail", files[0] ?? ""));

    const raw = readFileSync(receipt.file ?? "", "utf8");
    expect(raw).toMatch(/^To: ada@example\.com$/m);
    expect(raw).toMatch(/^Subject: You're invited$/m);
    expect(raw).toMatch(/^From: NeuroOps <no-reply@neuroops\.local>$/m);

    const mail = await readDevMail(receipt.file ?? "");
    expect(mail).toMatchObject({ to: "ada@example.com", subject: "You're invited", messageId: receipt.messageId });
    expect(mail.text).toContain(link);
    expect(mail.text).toContain("Hello,\n\nJoin here: ");
    expect(mail.html).toBeUndefined();
    // A bare file name resolves inside DATA_DIR/mail.
    expect((await readDevMail(files[0] ?? "")).text).toContain(link);

    const listed = await listDevMail();
    expect(listed).toEqual([{ file: receipt.file, to: "ada@example.com", subject: "You're invited", date: expect.any(Date), attachments: [] }]);
    expect(mail.attachments).toEqual([]);
    expect(Math.abs((listed[0]?.date.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it("round-trips html alternatives and non-ASCII subjects, and lists newest first", async () => {
    process.env.MAIL_FROM = "Ops Team <ops@example.com>";
    reloadEnv();
    const subject = "Réinitialisation du mot de passe ✓ — a subject long enough to be folded over several header lines";
    const first = await deliverMail({ to: "first@example.com", subject: "First", text: "one" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await deliverMail({
      to: "zoe@example.com",
      subject,
      text: "Ünïcode body: 🎉\nline two",
      html: "<p>Ünïcode <a href=\"http://localhost:3000/reset?token=abc\">reset</a></p>",
    });

    const mail = await readDevMail(second.file ?? "");
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain("Ünïcode body: 🎉\nline two");
    expect(mail.html).toContain('<a href="http://localhost:3000/reset?token=abc">');
    expect(readFileSync(second.file ?? "", "utf8")).toMatch(/^From: Ops Team <ops@example\.com>$/m);

    const listed = await listDevMail();
    expect(listed.map((m) => m.file)).toEqual([second.file, first.file]);
    expect(listed[0]?.subject).toBe(subject);
  });

  it("carries attachments byte for byte, with non-ASCII and long file names, and lists them", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)), randomBytes(5_000)]);
    const csv = Buffer.from("number;total\nINV-1;12.50\n");
    const longName = `Rechnung Nr. 2026-0001 – Müller & Söhne GmbH, Zürich, ${"x".repeat(60)}.pdf`;
    const receipt = await deliverMail({
      to: "ada@example.com",
      subject: "Invoice INV-2026-0001",
      text: "Your invoice is attached.",
      html: "<p>Your invoice is attached.</p>",
      attachments: [
        { filename: longName, contentType: "application/pdf", content: pdf },
        { filename: "lines.csv", contentType: "text/csv", content: csv },
      ],
    });

    const mail = await readDevMail(receipt.file ?? "");
    expect(mail.text).toBe("Your invoice is attached.");
    expect(mail.html).toBe("<p>Your invoice is attached.</p>");
    expect(mail.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
      { filename: longName, contentType: "application/pdf", size: pdf.length },
      { filename: "lines.csv", contentType: "text/csv", size: csv.length },
    ]);
    expect(mail.attachments[0]?.content.equals(pdf)).toBe(true);
    expect(mail.attachments[1]?.content.equals(csv)).toBe(true);

    const [listed] = await listDevMail();
    expect(listed?.attachments).toEqual([
      { filename: longName, contentType: "application/pdf", size: pdf.length },
      { filename: "lines.csv", contentType: "text/csv", size: csv.length },
    ]);
  });

  it("logs attachment names and sizes, never their bytes", async () => {
    const info = vi.spyOn(logger, "info");
    const content = Buffer.from("secret-pdf-bytes");
    await deliverMail({ to: "ada@example.com", subject: "Invoice", text: "x", attachments: [{ filename: "a.pdf", contentType: "application/pdf", content }] });
    const logged = JSON.stringify(info.mock.calls);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ event: "mail_written", attachments: [{ filename: "a.pdf", size: content.length }] }), expect.any(String));
    expect(logged).not.toContain("secret-pdf-bytes");
    expect(logged).not.toContain(content.toString("base64"));
  });

  it("lists nothing when no mail was written", async () => {
    expect(await listDevMail()).toEqual([]);
  });

  it("logs the text body so links are visible in the log", async () => {
    const info = vi.spyOn(logger, "info");
    const receipt = await deliverMail({ to: "ada@example.com", subject: "Link", text: "http://localhost:3000/x" });
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({ event: "mail_written", to: "ada@example.com", subject: "Link", file: receipt.file, text: "http://localhost:3000/x" }),
      expect.any(String),
    );
  });
});

type Received = { from: string | undefined; to: string[]; raw: string; user: string | undefined };

async function startSmtpServer(credentials?: { user: string; pass: string }) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: !credentials,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("deliverMail with SMTP_URL", () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("sends through the SMTP server and writes no file", async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp);
    process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    reloadEnv();

    const receipt = await deliverMail({ to: "grace@example.com", subject: "Welcome aboard", text: "Hi Grace" });

    expect(receipt).toEqual({ messageId: expect.stringMatching(/^<.+>$/), transport: "smtp" });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(["grace@example.com"]);
    expect(smtp.received[0]?.from).toBe("no-reply@neuroops.local");
    expect(smtp.received[0]?.raw).toMatch(/^Subject: Welcome aboard\r$/m);
    expect(smtp.received[0]?.raw).toContain(`Message-ID: ${receipt.messageId}`);
    expect(mailFiles()).toEqual([]);
  });

  it("sends attachments through SMTP as MIME parts that decode to the same bytes", async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp);
    process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    reloadEnv();
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(20_000)]);

    await deliverMail({
      to: "grace@example.com",
      subject: "Invoice INV-2026-0002",
      text: "Attached.",
      attachments: [{ filename: "Facture n° 2.pdf", contentType: "application/pdf", content: pdf }],
    });

    expect(smtp.received).toHaveLength(1);
    const raw = smtp.received[0]?.raw ?? "";
    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(raw).toMatch(/^Content-Disposition: attachment;/m);
    // The server got ASCII only (base64 and encoded names), so reading it as latin1 is exact.
    const mail = parseEml(raw);
    expect(mail.text).toBe("Attached.");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "Facture n° 2.pdf", contentType: "application/pdf", size: pdf.length });
    expect(mail.attachments[0]?.content.equals(pdf)).toBe(true);
  });

  it("authenticates with the URL's credentials, follows SMTP_URL changes, and never logs the password", async () => {
    const secret = "s3cret:p@ss/word";
    const smtp = await startSmtpServer({ user: "mailer", pass: secret });
    servers.push(smtp);
    const info = vi.spyOn(logger, "info");
    const warn = vi.spyOn(logger, "warn");

    process.env.SMTP_URL = `smtp://mailer:wrong@127.0.0.1:${smtp.port}`;
    reloadEnv();
    await expect(deliverMail({ to: "grace@example.com", subject: "Hi", text: "x" })).rejects.toThrow(MailDeliveryError);

    process.env.SMTP_URL = `smtp://mailer:${encodeURIComponent(secret)}@127.0.0.1:${smtp.port}`;
    reloadEnv();
    await deliverMail({ to: "grace@example.com", subject: "Hi", text: "x" });

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.user).toBe("mailer");
    const logged = JSON.stringify([...info.mock.calls, ...warn.mock.calls]);
    expect(logged).toContain("mail_sent");
    expect(logged).toContain("mail_failed");
    expect(logged).not.toContain("wrong");
    expect(logged).not.toContain("s3cret");
    expect(logged).not.toContain(encodeURIComponent(secret));
  });

  it("fails fast, without writing a file, when the SMTP server is unreachable", async () => {
    process.env.SMTP_URL = "smtp://user:hunter2@127.0.0.1:9";
    reloadEnv();
    const started = Date.now();
    const error: unknown = await deliverMail({ to: "grace@example.com", subject: "Hello", text: "x" }).catch((caught: unknown) => caught);

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).code).toBe("ESOCKET");
    expect((error as Error).message).toContain("smtp://127.0.0.1:9");
    expect((error as Error).message).not.toContain("hunter2");
    expect(mailFiles()).toEqual([]);
  });
});

describe("deliverMail validation", () => {
  it.each([
    ["not-an-email"],
    [""],
    ["a@example.com, b@example.com"],
    ["Ada <ada@example.com>"],
    ["ada@example.com\r\nBcc: eve@example.com"],
  ])("rejects the recipient %j and writes nothing", async (to) => {
    const error: unknown = await deliverMail({ to, subject: "Hello", text: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).fields.to).toBeDefined();
    expect((error as Error).message).toMatch(/not a valid email address/);
    expect(mailFiles()).toEqual([]);
  });

  it("rejects an empty or multi-line subject", async () => {
    await expect(deliverMail({ to: "ada@example.com", subject: "  ", text: "x" })).rejects.toThrow(/subject must not be empty/);
    await expect(deliverMail({ to: "ada@example.com", subject: "a\nBcc: eve@example.com", text: "x" })).rejects.toThrow(/single line/);
    expect(mailFiles()).toEqual([]);
  });

  it.each([
    [{ filename: "", contentType: "application/pdf", content: Buffer.from("x") }, /needs a file name/],
    [{ filename: "a\r\nBcc: eve@example.com.pdf", contentType: "application/pdf", content: Buffer.from("x") }, /control characters/],
    [{ filename: "../a.pdf", contentType: "application/pdf", content: Buffer.from("x") }, /slashes/],
    [{ filename: "a.pdf", contentType: "pdf", content: Buffer.from("x") }, /content type such as application\/pdf/],
    [{ filename: "a.pdf", contentType: "application/pdf\r\nX-Evil: 1", content: Buffer.from("x") }, /content type/],
    [{ filename: "a.pdf", contentType: "application/pdf", content: "not bytes" as unknown as Buffer }, /has no content/],
    [{ filename: "a.pdf", contentType: "application/pdf", content: Buffer.alloc(MAX_ATTACHMENTS_BYTES + 1) }, /at most 15 MB/],
  ])("rejects a malformed attachment (%#) and writes nothing", async (attachment, message) => {
    const error: unknown = await deliverMail({ to: "ada@example.com", subject: "Hello", text: "x", attachments: [attachment] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).fields.attachments?.[0]).toMatch(message);
    expect(mailFiles()).toEqual([]);
  });

  it("validates before touching SMTP", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    reloadEnv();
    await expect(deliverMail({ to: "nope", subject: "Hello", text: "x" })).rejects.toBeInstanceOf(ValidationFailed);
  });
});
