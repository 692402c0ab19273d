import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../../test/fixtures";
import { reloadEnv } from "../platform/env";
import { listDevMail, readDevMail } from "../platform/mail";
import { jobHost } from "../modules";
import { inngestFunctions } from "./registry";

// The Inngest flavour of the app's jobs (what /api/inngest serves), run with @inngest/test.
function inngestFunction(id: string) {
  const fn = inngestFunctions(jobHost).find((candidate) => candidate.id() === id || candidate.id().endsWith(`-${id}`));
  if (!fn) throw new Error(`no Inngest function ${id}`);
  return fn;
}

let mailDir: string;
let savedDataDir: string | undefined;

beforeAll(() => {
  savedDataDir = process.env.DATA_DIR;
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "neuroops-mail-"));
  process.env.DATA_DIR = mailDir;
  reloadEnv();
});

afterAll(() => {
  process.env.DATA_DIR = savedDataDir;
  reloadEnv();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

describe("jobs as Inngest functions", () => {
  it("serves every job of the registry with a stable id", () => {
    const ids = inngestFunctions(jobHost).map((fn) => fn.id());
    expect(ids).toEqual(expect.arrayContaining([expect.stringContaining("email-send"), expect.stringContaining("jobs-test-ping"), expect.stringContaining("jobs-prune-outbox")]));
  });

  it("delivers an email/send event for a real tenant (one step)", async () => {
    const { org } = await createTenant();
    const engine = new InngestTestEngine({ function: inngestFunction("email-send") });
    const { result, error } = await engine.execute({
      events: [{ name: "email/send", data: { tenantId: org.id, to: "ada@example.test", subject: "Welcome", text: "Hello Ada" } }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ transport: "file" });
    const [mail] = await listDevMail();
    expect(mail).toMatchObject({ to: "ada@example.test", subject: "Welcome" });
    expect((await readDevMail(mail!.file)).text).toContain("Hello Ada");
  });

  it("rejects an event without a valid tenant, without retrying", async () => {
    for (const tenantId of [undefined, "not-a-uuid", crypto.randomUUID()]) {
      const engine = new InngestTestEngine({ function: inngestFunction("jobs-test-ping") });
      const { error } = await engine.execute({ events: [{ name: "jobs/test.ping", data: { tenantId } }] });
      expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("no valid tenantId") });
    }
  });

  it("refuses a malformed email permanently", async () => {
    const { org } = await createTenant();
    const engine = new InngestTestEngine({ function: inngestFunction("email-send") });
    const { error } = await engine.execute({ events: [{ name: "email/send", data: { tenantId: org.id, to: "nobody", subject: "x", text: "y" } }] });
    expect(error).toMatchObject({ message: expect.stringContaining("invalid email event") });
  });
});
