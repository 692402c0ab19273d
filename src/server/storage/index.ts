import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer as collect } from "node:stream/consumers";
import { afterCommit, type TenantTx } from "../db/tenant";
import { env } from "../platform/env";
import { ServiceUnavailable } from "../platform/errors";
import { logger } from "../platform/logger";
import { s3ObjectStore, type S3Config } from "./s3";
import type { ObjectBody, ObjectStore, StoredObject } from "./types";

export { storageKeys } from "./keys";
export { StoredObjectMissing, type ObjectBody, type ObjectStore, type StoredObject } from "./types";

/*
 * Where file bytes live (docs/storage.md). Each file row says it itself: `bytes` (kept in
 * Postgres, the embedded default) or `object_key` (in the object store), never both, so
 * rows of either kind are read alike during and after a migration (`npm run storage:migrate`).
 * New files go to S3 when S3_BUCKET_UPLOADS is set, into the row otherwise.
 *
 * The order of a write keeps the tenant rule "no external call inside a tenant transaction":
 * put the object first, then commit the row that points at it, and delete the object again
 * if that transaction fails. A delete removes the row, then the object after the commit.
 */

/** Where a row's bytes are: in the row itself, or under a key in the object store. */
export type FileLocation = { bytes: Buffer | null; objectKey: string | null };
export type Backend = "postgres" | "s3";

let cached: { signature: string; store: ObjectStore } | null = null;

/** S3 settings from the environment, or null when files stay in Postgres. */
export function s3ConfigFromEnv(): S3Config | null {
  const e = env();
  if (!e.S3_BUCKET_UPLOADS) return null;
  return {
    bucket: e.S3_BUCKET_UPLOADS,
    region: e.AWS_REGION ?? "us-east-1",
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials: e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY } : undefined,
  };
}

/** The configured object store, or null (files in Postgres). One client per configuration. */
export function configuredObjectStore(): ObjectStore | null {
  const config = s3ConfigFromEnv();
  if (!config) return null;
  const signature = JSON.stringify(config);
  if (cached?.signature !== signature) cached = { signature, store: s3ObjectStore(config) };
  return cached.store;
}

/** Where new files go. */
export const storageBackend = (): Backend => (configuredObjectStore() ? "s3" : "postgres");

/** The store a row's object key points into; a clear error when S3 is no longer configured. */
function storeFor(key: string): ObjectStore {
  const store = configuredObjectStore();
  if (!store) {
    throw new ServiceUnavailable(
      `This file is kept in S3 (${key}) but S3_BUCKET_UPLOADS is not set: configure the bucket again, or run \`npm run storage:migrate -- --to postgres\` while it is still configured.`,
      60,
    );
  }
  return store;
}

/**
 * Stores a new file where new files go, then runs `commit` (the transaction that writes
 * its row) with the location to save in the row. Call it outside any transaction. If
 * `commit` throws, the object is deleted again, so no object outlives a failed write.
 * On Postgres the body is collected into the row's `bytes` (as before this module).
 */
export async function storeThenCommit<T>(
  key: string,
  body: ObjectBody,
  options: { contentType: string; size?: number },
  commit: (location: FileLocation & { size: number; sha256: string }) => Promise<T>,
): Promise<T> {
  const store = configuredObjectStore();
  if (!store) {
    const bytes = body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : await collect(toReadable(body));
    return commit({ bytes, objectKey: null, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
  }
  const put = await store.put(key, body, options);
  try {
    return await commit({ bytes: null, objectKey: key, ...put });
  } catch (error) {
    await store.delete(key).catch((cleanup: unknown) => logger.warn({ err: cleanup, key }, "could not delete the object of a failed write (an orphan is left)"));
    throw error;
  }
}

function toReadable(body: ObjectBody): Readable {
  if (body instanceof Uint8Array) return Readable.from([body]);
  if (body instanceof Readable) return body;
  return Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
}

/** A row's file as a stream (call it after the row's transaction, for object-stored files). */
export async function openFile(location: FileLocation, contentType: string): Promise<StoredObject> {
  if (location.bytes) return { body: Readable.from([location.bytes]), contentType, size: location.bytes.length };
  if (!location.objectKey) throw new Error("A file row holds neither bytes nor an object key.");
  const object = await storeFor(location.objectKey).get(location.objectKey);
  return { ...object, contentType };
}

/** A row's whole file in memory (small files, or a consumer that needs all of it: text extraction). */
export async function readFile(location: FileLocation): Promise<Buffer> {
  if (location.bytes) return location.bytes;
  const object = await openFile(location, "application/octet-stream");
  return collect(object.body);
}

/** `length` bytes from `offset` of an object-stored file (streamed imports read in chunks). */
export async function readFileRange(objectKey: string, offset: number, length: number): Promise<Buffer> {
  const object = await storeFor(objectKey).get(objectKey, { offset, length });
  return collect(object.body);
}

/** Deletes objects once `tx` commits (none if it rolls back); a failure leaves an orphan, logged. */
export function deleteAfterCommit(tx: TenantTx, objectKeys: (string | null | undefined)[]): void {
  const keys = objectKeys.filter((key): key is string => Boolean(key));
  if (keys.length === 0) return;
  afterCommit(tx, () => deleteObjects(keys));
}

/** Deletes objects now (after a non-tenant transaction committed); failures are logged, not thrown. */
export async function deleteObjects(objectKeys: (string | null | undefined)[]): Promise<void> {
  for (const key of objectKeys) {
    if (!key) continue;
    try {
      await storeFor(key).delete(key);
    } catch (error) {
      logger.warn({ err: error, key }, "could not delete a stored file after its row was removed (an orphan object is left)");
    }
  }
}
