import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer as collect } from "node:stream/consumers";
import { sql } from "drizzle-orm";
import S3rver from "s3rver";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as logoRoute, POST as logoUpload } from "../../app/api/orgs/logo/route";
import { POST as documentUpload } from "../../app/api/ai/documents/route";
import { GET as documentFileRoute } from "../../app/api/ai/documents/file/route";
import { POST as crmImportRoute } from "../../app/api/crm/imports/route";
import { crmTeam } from "../../test/crm/team";
import { createTenant, createUser, pgFailure } from "../../test/fixtures";
import { sessionCookie } from "../../test/http";
import { runtimeDb } from "../db/client";
import { withTenant } from "../db/tenant";
import { getAvatar, removeAvatar, setAvatar } from "../modules/accounts/profile";
import { GET as avatarRoute } from "../../app/api/account/avatar/route";
import { ingestDocument } from "../modules/ai/documents/ingest";
import { documentFile } from "../modules/ai/documents/service";
import { setCurrentPlan } from "../modules/orgs/limits";
import { getOrganizationLogo, removeOrganizationLogo, uploadOrganizationLogo } from "../modules/orgs/settings";
import { STORED_FILE_TABLES } from "../modules/stored-files";
import { cancelImport, getImport, startImport, uploadImport } from "../modules/crm/imports/imports";
import { crmImportJob } from "../modules/crm/jobs";
import { memberGateForJobs } from "../modules/orgs/service";
import type { TenantJob } from "../jobs/define";
import { drainOutbox } from "../jobs/worker";
import { reloadEnv } from "../platform/env";
import { configuredObjectStore, openFile, readFile, storageKeys, storeThenCommit } from "./index";
import { findOrphans, migrateStorage } from "./migrate";
import type { ObjectStore } from "./types";

/*
 * Object storage against a real S3-compatible server (s3rver, started here on a free port
 * with a temporary directory; never AWS): the store itself, the upload paths of the app
 * with S3 configured, the Postgres default, the migration both ways, and S3 going down.
 */

const BUCKET = "uploads";
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const S3_KEYS = ["S3_BUCKET_UPLOADS", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE"] as const;

let server: S3rver | null = null;
let directory = "";
let port = 0;

async function startS3(): Promise<void> {
  server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const address = (await server.run()) as { port: number };
  port = address.port;
}

function useS3(on: boolean): void {
  for (const key of S3_KEYS) delete process.env[key];
  if (on) {
    Object.assign(process.env, {
      S3_BUCKET_UPLOADS: BUCKET,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: "1",
    });
  }
  reloadEnv();
}

const store = (): ObjectStore => configuredObjectStore()!;
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** `size` bytes of a repeatable pattern, produced in chunks (never one buffer). */
function streamOf(size: number, chunk = 256 * 1024): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      const n = Math.min(chunk, size - sent);
      this.push(Buffer.alloc(n, sent % 251));
      sent += n;
    },
  });
}

async function proTenant() {
  const { org, owner } = await createTenant();
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "pro"));
  return { org, owner, enter: <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn) };
}

describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("object storage (S3 via s3rver)", () => {
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "neuroops-s3-"));
    await startS3();
  });
  afterAll(async () => {
    useS3(false);
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });
  beforeEach(() => useS3(true));

  it("puts, gets, lists and deletes objects, streaming a multi-MB object in and out", async () => {
    const prefix = `tenant/${randomUUID()}/`;
    const size = 12 * 1024 * 1024 + 123; // three multipart parts
    const put = await store().put(`${prefix}big`, streamOf(size), { contentType: "application/octet-stream" });
    expect(put.size).toBe(size);
    await store().put(`${prefix}small`, new TextEncoder().encode("hello"), { contentType: "text/plain" });

    const big = await store().get(`${prefix}big`);
    expect(big.size).toBe(size);
    const back = await collect(big.body);
    expect(sha(back)).toBe(put.sha256);
    expect(sha(back)).toBe(sha(await collect(streamOf(size))));
    const range = await store().get(`${prefix}big`, { offset: 5 * 1024 * 1024, length: 10 });
    expect([...(await collect(range.body))]).toEqual([...back.subarray(5 * 1024 * 1024, 5 * 1024 * 1024 + 10)]);
    const small = await store().get(`${prefix}small`);
    expect(small.contentType).toBe("text/plain");
    expect((await collect(small.body)).toString()).toBe("hello");

    const listed = [];
    for await (const object of store().list(prefix)) listed.push(object);
    expect(listed.map((o) => [o.key, o.size]).sort()).toEqual([[`${prefix}big`, size], [`${prefix}small`, 5]]);

    await store().delete(`${prefix}big`);
    await store().delete(`${prefix}big`); // already gone: no error
    await expect(store().get(`${prefix}big`)).rejects.toThrow("missing from file storage");
    expect(await store().head(`${prefix}small`)).toMatchObject({ size: 5 });
  });

  it("builds keys from ids only, under the tenant's (or the user's) prefix", () => {
    const tenant = randomUUID();
    expect(storageKeys.logo(tenant, "00000000-0000-4000-8000-000000000001")).toBe(`tenant/${tenant}/logo/00000000-0000-4000-8000-000000000001`);
    expect(storageKeys.importFile(tenant, "crm", tenant)).toBe(`tenant/${tenant}/imports/crm/${tenant}`);
    expect(() => storageKeys.aiDocument("../other", randomUUID())).toThrow("must be a uuid");
    expect(() => storageKeys.importFile(tenant, "../x", randomUUID())).toThrow("not a module name");
  });

  it("refuses in the database a row whose key is another tenant's, or that holds both bytes and a key", async () => {
    useS3(false);
    const { org, enter } = await proTenant();
    await uploadOrganizationLogo(enter, org.id, "owner", "image/png", PNG);
    const other = storageKeys.logo(randomUUID(), randomUUID());
    expect(await pgFailure(withTenant({ tenantId: org.id }, (tx) => tx.execute(sql`update tenant_logos set bytes = null, object_key = ${other}`)))).toMatchObject({ code: "23514" });
    const own = storageKeys.logo(org.id, randomUUID());
    expect(await pgFailure(withTenant({ tenantId: org.id }, (tx) => tx.execute(sql`update tenant_logos set object_key = ${own}`)))).toMatchObject({ code: "23514" });
  });

  it("stores a logo uploaded through the route in S3 under the tenant's prefix and serves it back", async () => {
    const { org, owner } = await createTenant();
    const form = new FormData();
    form.set("logo", new File([PNG], "logo.png", { type: "image/png" }));
    const cookie = await sessionCookie(owner);
    const posted = await logoUpload(new Request("http://localhost/api/orgs/logo", { method: "POST", headers: { cookie, "x-tenant-id": org.id }, body: form }));
    expect(posted.status).toBe(200);

    const row = await withTenant({ tenantId: org.id }, (tx) => getOrganizationLogo(tx));
    expect(row).toMatchObject({ bytes: null, contentType: "image/png" });
    expect(row!.objectKey).toMatch(new RegExp(`^tenant/${org.id}/logo/`));
    expect(await store().head(row!.objectKey!)).toMatchObject({ size: PNG.length });

    const got = await logoRoute(new Request(`http://localhost/api/orgs/logo?tenant=${org.id}`, { headers: { cookie } }));
    expect(got.status).toBe(200);
    expect(got.headers.get("content-length")).toBe(String(PNG.length));
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);

    // Replacing writes a new object and deletes the old one after the commit; removing deletes it.
    const enter = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
    await uploadOrganizationLogo(enter, org.id, "owner", "image/png", PNG);
    const replaced = await withTenant({ tenantId: org.id }, (tx) => getOrganizationLogo(tx));
    expect(replaced!.objectKey).not.toBe(row!.objectKey);
    expect(await store().head(row!.objectKey!)).toBeNull();
    await enter((tx) => removeOrganizationLogo(tx, "owner"));
    expect(await store().head(replaced!.objectKey!)).toBeNull();
  });

  it("stores an avatar in S3 under the user's own prefix, serves it, and deletes the old picture on replace and remove", async () => {
    const user = await createUser();
    await setAvatar(runtimeDb(), user.id, PNG);
    const first = await getAvatar(runtimeDb(), user.id);
    expect(first).toMatchObject({ bytes: null });
    expect(first!.objectKey).toMatch(new RegExp(`^users/${user.id}/avatar/`));
    const got = await avatarRoute(new Request("http://localhost/api/account/avatar", { headers: { cookie: await sessionCookie(user) } }));
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    await setAvatar(runtimeDb(), user.id, PNG);
    expect(await store().head(first!.objectKey!)).toBeNull();
    const second = (await getAvatar(runtimeDb(), user.id))!.objectKey!;
    expect(await removeAvatar(runtimeDb(), user.id)).toBe(true);
    expect(await store().head(second)).toBeNull();
  });

  it("stores an AI document in S3, ingests its text from there and serves the file", async () => {
    const { org, owner, enter } = await proTenant();
    const text = "# Travel policy\n\nTrain tickets are refunded within 30 days when the receipt is attached.\n";
    const form = new FormData();
    form.set("file", new File([text], "travel.md", { type: "text/markdown" }));
    const cookie = await sessionCookie(owner);
    const posted = await documentUpload(new Request("http://localhost/api/ai/documents", { method: "POST", headers: { cookie, "x-tenant-id": org.id }, body: form }));
    expect(posted.status).toBe(201);
    const document = (await posted.json()) as { id: string };

    const { location } = await enter((tx) => documentFile(tx, document.id));
    expect(location).toEqual({ bytes: null, objectKey: `tenant/${org.id}/ai-documents/${document.id}` });
    const ingested = await ingestDocument(org.id, document.id, enter);
    expect(ingested.status).toBe("ready");
    const [extracted] = await enter((tx) => tx.execute<{ extracted_text: string }>(sql`select extracted_text from ai_document_files where document_id = ${document.id}`));
    expect(extracted!.extracted_text).toContain("Train tickets are refunded");

    const got = await documentFileRoute(new Request(`http://localhost/api/ai/documents/file?tenant=${org.id}&document=${document.id}`, { headers: { cookie } }));
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(text);
  });

  it("stores a CRM import over 1 MB in S3 (its head in the row) and imports every row, read back from S3", async () => {
    const team = await crmTeam();
    const owner = team.owner;
    await owner.run((tx) => setCurrentPlan(tx, "business"));
    // Over 1 MB (the head kept in the row), so the job reads past it from S3; an unmapped column makes the bulk.
    const rows = 3_000;
    const padding = "x".repeat(420);
    const csv = `First name,Last name,Email,Zz padding\r\n${Array.from({ length: rows }, (_, i) => `Ann${i},Lee,ann${i}@example.com,${padding}`).join("\r\n")}\r\n`;
    expect(csv.length).toBeGreaterThan(1.2 * 1024 * 1024);
    const posted = await crmImportRoute(
      new Request(`http://localhost/api/crm/imports?entity=contact&fileName=people.csv`, { method: "POST", headers: { cookie: await sessionCookie(owner), "x-tenant-id": team.org.id, "content-type": "text/csv" }, body: csv }),
    );
    expect(posted.status).toBe(201);
    const draft = (await posted.json()) as { id: string; suggestedMapping: Record<string, string> };
    expect(draft.suggestedMapping["Zz padding"] ?? "").toBe("");
    const [file] = await owner.run((tx) => tx.execute<{ object_key: string; has_content: boolean; head_bytes: number }>(sql`
      select object_key, content is not null as has_content, octet_length(head) as head_bytes from crm_import_files where import_id = ${draft.id}`));
    expect(file).toMatchObject({ object_key: `tenant/${team.org.id}/imports/crm/${draft.id}`, has_content: false, head_bytes: 1024 * 1024 });

    await owner.run((tx) => startImport(tx, owner.actor, { id: draft.id, mapping: draft.suggestedMapping, onDuplicate: "skip" }));
    // The real job, as the embedded worker runs it: it reads the file from S3 in ranges.
    await drainOutbox({ workerId: `test-${randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [crmImportJob as TenantJob<never>], memberGate: memberGateForJobs });
    const done = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    expect(done).toMatchObject({ state: "done", createdCount: rows, errorCount: 0 });
    // The finished import's file is gone, row and object.
    expect(await store().head(file!.object_key)).toBeNull();
  }, 90_000);

  it("deletes the object of a cancelled import once the cancel commits", async () => {
    const team = await crmTeam();
    const owner = team.owner;
    const draft = await uploadImport(owner.run, team.org.id, owner.actor, { entityType: "contact", fileName: "a.csv" }, new TextEncoder().encode("First name,Email\r\nAnn,ann@example.com\r\n"));
    const key = storageKeys.importFile(team.org.id, "crm", draft.id);
    expect(await store().head(key)).not.toBeNull();
    await owner.run((tx) => cancelImport(tx, owner.actor, draft.id));
    expect(await store().head(key)).toBeNull();
  });

  it("keeps the bytes in Postgres when S3 is not configured (the embedded default)", async () => {
    useS3(false);
    const { org, enter } = await proTenant();
    await uploadOrganizationLogo(enter, org.id, "owner", "image/png", PNG);
    const row = await withTenant({ tenantId: org.id }, (tx) => getOrganizationLogo(tx));
    expect(row!.objectKey).toBeNull();
    expect(row!.bytes!.equals(PNG)).toBe(true);
    expect((await readFile(row!)).equals(PNG)).toBe(true);
    const user = await createUser();
    await setAvatar(runtimeDb(), user.id, PNG);
    expect(await getAvatar(runtimeDb(), user.id)).toMatchObject({ objectKey: null });
  });

  it("moves a mixed set of files to S3 and back, re-runnable, reading them alike at every step", async () => {
    // Files written with S3 off (in Postgres) and on (in S3): a mixed set.
    useS3(false);
    const a = await proTenant();
    await uploadOrganizationLogo(a.enter, a.org.id, "owner", "image/png", PNG);
    const user = await createUser();
    await setAvatar(runtimeDb(), user.id, PNG);
    const team = await crmTeam();
    const csv = new TextEncoder().encode("First name,Email\r\nAnn,ann@example.com\r\n");
    const inPostgres = await uploadImport(team.owner.run, team.org.id, team.owner.actor, { entityType: "contact", fileName: "a.csv" }, csv);
    useS3(true);
    const b = await proTenant();
    await uploadOrganizationLogo(b.enter, b.org.id, "owner", "image/png", PNG);
    const inS3 = await uploadImport(team.owner.run, team.org.id, team.owner.actor, { entityType: "contact", fileName: "b.csv" }, csv);

    const readAll = async () => ({
      logoA: (await readFile((await withTenant({ tenantId: a.org.id }, getOrganizationLogo))!)).equals(PNG),
      logoB: (await readFile((await withTenant({ tenantId: b.org.id }, getOrganizationLogo))!)).equals(PNG),
      avatar: (await readFile((await getAvatar(runtimeDb(), user.id))!)).equals(PNG),
      previewPg: (await team.owner.run((tx) => getImport(tx, team.owner.actor, inPostgres.id))).draft?.headers,
      previewS3: (await team.owner.run((tx) => getImport(tx, team.owner.actor, inS3.id))).draft?.headers,
    });
    const everythingReadable = { logoA: true, logoB: true, avatar: true, previewPg: ["First name", "Email"], previewS3: ["First name", "Email"] };
    expect(await readAll()).toEqual(everythingReadable);

    const toS3 = await migrateStorage({ direction: "s3", store: store(), tables: STORED_FILE_TABLES, batchSize: 2 });
    const byLabel = (reports: typeof toS3) => Object.fromEntries(reports.map((r) => [r.label, r]));
    expect(byLabel(toS3)["organization logos"]).toMatchObject({ failed: 0, remaining: 0 });
    expect(byLabel(toS3)["avatars"]).toMatchObject({ failed: 0, remaining: 0 });
    expect(byLabel(toS3)["crm import files"]).toMatchObject({ failed: 0, remaining: 0 });
    expect(byLabel(toS3)["organization logos"]!.moved).toBeGreaterThanOrEqual(1);
    const [logoA] = await withTenant({ tenantId: a.org.id }, (tx) => tx.execute<{ object_key: string | null; has_bytes: boolean }>(sql`select object_key, bytes is not null as has_bytes from tenant_logos`));
    expect(logoA).toMatchObject({ has_bytes: false });
    expect(logoA!.object_key).toMatch(new RegExp(`^tenant/${a.org.id}/logo/`));
    expect(await readAll()).toEqual(everythingReadable);

    // Again: nothing left to move, nothing changes.
    const again = await migrateStorage({ direction: "s3", store: store(), tables: STORED_FILE_TABLES });
    expect(again.every((r) => r.moved === 0 && r.failed === 0 && r.remaining === 0)).toBe(true);

    // A crash after a copy, before its row switched: the row still has its bytes, and the next run finishes.
    await withTenant({ tenantId: a.org.id }, (tx) => tx.execute(sql`update tenant_logos set bytes = ${PNG}, object_key = null`));
    await expect(
      migrateStorage({ direction: "s3", store: store(), tables: STORED_FILE_TABLES.filter((t) => t.label === "organization logos"), afterCopy: () => Promise.reject(new Error("crash")) }),
    ).resolves.toMatchObject([{ failed: 1, moved: 0, remaining: 1 }]);
    expect(await readAll()).toEqual(everythingReadable);
    const orphans = await findOrphans(store(), STORED_FILE_TABLES);
    expect(orphans.some((key) => key.startsWith(`tenant/${a.org.id}/logo/`))).toBe(true);
    expect(await migrateStorage({ direction: "s3", store: store(), tables: STORED_FILE_TABLES })).toSatisfy((reports: typeof toS3) => reports.every((r) => r.remaining === 0));
    await findOrphans(store(), STORED_FILE_TABLES, true);
    expect(await findOrphans(store(), STORED_FILE_TABLES)).toEqual([]);

    // And back to Postgres: the objects are deleted once their rows hold the bytes.
    const keys = (await withTenant({ tenantId: b.org.id }, getOrganizationLogo))!.objectKey!;
    const back = await migrateStorage({ direction: "postgres", store: store(), tables: STORED_FILE_TABLES });
    expect(back.every((r) => r.failed === 0 && r.remaining === 0)).toBe(true);
    expect(await store().head(keys)).toBeNull();
    const [logoB] = await withTenant({ tenantId: b.org.id }, (tx) => tx.execute<{ object_key: string | null; bytes: Buffer }>(sql`select object_key, bytes from tenant_logos`));
    expect(logoB!.object_key).toBeNull();
    expect(logoB!.bytes.equals(PNG)).toBe(true);
    const [importRow] = await team.owner.run((tx) => tx.execute<{ object_key: string | null; head: Buffer | null }>(sql`select object_key, head from crm_import_files where import_id = ${inS3.id}`));
    expect(importRow).toEqual({ object_key: null, head: null });
    expect(await readAll()).toEqual(everythingReadable);
    expect((await migrateStorage({ direction: "postgres", store: store(), tables: STORED_FILE_TABLES })).every((r) => r.moved === 0)).toBe(true);
  });

  it("leaves the file of an import being run where it is, and moves it once the run is over", async () => {
    useS3(false);
    const team = await crmTeam();
    const draft = await uploadImport(team.owner.run, team.org.id, team.owner.actor, { entityType: "contact", fileName: "a.csv" }, new TextEncoder().encode("First name,Email\r\nAnn,ann@example.com\r\n"));
    useS3(true);
    await team.owner.run((tx) => tx.execute(sql`update crm_imports set status = 'running', mapping = '{"First name":"firstName"}' where id = ${draft.id}`));
    const crmFiles = STORED_FILE_TABLES.filter((t) => t.label === "crm import files");
    const during = await migrateStorage({ direction: "s3", store: store(), tables: crmFiles });
    expect(during[0]).toMatchObject({ failed: 0 });
    const [row] = await team.owner.run((tx) => tx.execute<{ object_key: string | null }>(sql`select object_key from crm_import_files where import_id = ${draft.id}`));
    expect(row!.object_key).toBeNull();
    await team.owner.run((tx) => tx.execute(sql`update crm_imports set status = 'queued' where id = ${draft.id}`));
    await migrateStorage({ direction: "s3", store: store(), tables: crmFiles });
    const [after] = await team.owner.run((tx) => tx.execute<{ object_key: string | null }>(sql`select object_key from crm_import_files where import_id = ${draft.id}`));
    expect(after!.object_key).toBe(storageKeys.importFile(team.org.id, "crm", draft.id));
  });

  it("with S3 stopped, an upload fails with a clear error and no row points at a missing object", async () => {
    const { org, owner, enter } = await proTenant();
    await server!.close();
    let running = false;
    try {
      const failure = await uploadOrganizationLogo(enter, org.id, "owner", "image/png", PNG).catch((error: unknown) => error as Error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/^File storage is unavailable: could not write "tenant\/.+\/logo\/.+" in bucket "uploads"/);
      expect(await withTenant({ tenantId: org.id }, getOrganizationLogo)).toBeNull();

      const form = new FormData();
      form.set("file", new File(["Some notes"], "notes.txt", { type: "text/plain" }));
      const posted = await documentUpload(new Request("http://localhost/api/ai/documents", { method: "POST", headers: { cookie: await sessionCookie(owner), "x-tenant-id": org.id }, body: form }));
      expect(posted.status).toBe(503);
      expect(await posted.text()).toContain("File storage is unavailable");
      const [count] = await enter((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from ai_documents`));
      expect(count!.n).toBe(0);

      // A failed database write after a successful put leaves no object either.
      await startS3();
      running = true;
      const key = storageKeys.aiDocument(org.id, randomUUID());
      await expect(storeThenCommit(key, PNG, { contentType: "image/png" }, () => Promise.reject(new Error("row refused")))).rejects.toThrow("row refused");
      expect(await store().head(key)).toBeNull();
      await expect(openFile({ bytes: null, objectKey: key }, "image/png")).rejects.toThrow("missing from file storage");
    } finally {
      if (!running) await startS3();
    }
  });
});
