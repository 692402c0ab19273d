import { createHash } from "node:crypto";
import { PassThrough, Readable, Transform } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound as S3NotFound, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { ServiceUnavailable } from "../platform/errors";
import type { ObjectBody, ObjectInfo, ObjectStore, PutResult, StoredObject } from "./types";
import { StoredObjectMissing } from "./types";

/*
 * The S3 backend (AWS or any S3-compatible server: MinIO, R2, s3rver in the tests).
 * Writes stream through lib-storage's Upload (multipart above 5 MB parts, one PUT
 * below), hashing the bytes on the way so callers can verify what landed.
 */

export type S3Config = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Unset: the SDK's default credential chain (environment, instance role, ~/.aws). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** Part size of multipart writes (S3's minimum); at most four parts are in flight per upload. */
const PART_BYTES = 5 * 1024 * 1024;

function toReadable(body: ObjectBody): Readable {
  if (body instanceof Uint8Array) return Readable.from([body]);
  if (body instanceof Readable) return body;
  return Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
}

/** Any failure to reach the bucket becomes one clear, retryable error (503 at the API). */
function unreachable(bucket: string, action: string, error: unknown): ServiceUnavailable {
  const reason = error instanceof Error ? error.message : String(error);
  const wrapped = new ServiceUnavailable(`File storage is unavailable: could not ${action} in bucket "${bucket}" (${reason}). Try again in a moment.`);
  (wrapped as Error & { cause?: unknown }).cause = error;
  return wrapped;
}

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey || error instanceof S3NotFound || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

export function s3ObjectStore(config: S3Config): ObjectStore & { client: S3Client } {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    // A stopped server should fail a request in seconds, not hang it.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
  });
  const Bucket = config.bucket;

  return {
    client,
    name: `s3://${Bucket}`,

    async put(key, body, options): Promise<PutResult> {
      const hash = createHash("sha256");
      let size = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      const source = toReadable(body);
      source.on("error", (error) => counted.destroy(error));
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: source.pipe(counted), ContentType: options.contentType },
        partSize: PART_BYTES,
        queueSize: 4,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        throw unreachable(Bucket, `write "${key}"`, error);
      }
      if (options.size !== undefined && options.size !== size) {
        await this.delete(key).catch(() => undefined);
        throw new Error(`Storing "${key}": expected ${options.size} bytes, the stream gave ${size}.`);
      }
      return { size, sha256: hash.digest("hex") };
    },

    async get(key, range): Promise<StoredObject> {
      try {
        const answer = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined }),
        );
        const body = answer.Body instanceof Readable ? answer.Body : new PassThrough().end();
        return { body, contentType: answer.ContentType ?? "application/octet-stream", size: Number(answer.ContentLength ?? 0) };
      } catch (error) {
        if (isMissing(error)) throw new StoredObjectMissing(key);
        // An empty file asked for a range: S3 answers 416.
        if ((error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 416) return { body: new PassThrough().end(), contentType: "application/octet-stream", size: 0 };
        throw unreachable(Bucket, `read "${key}"`, error);
      }
    },

    async head(key): Promise<ObjectInfo | null> {
      try {
        const answer = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { key, size: Number(answer.ContentLength ?? 0), contentType: answer.ContentType ?? "application/octet-stream" };
      } catch (error) {
        if (isMissing(error)) return null;
        throw unreachable(Bucket, `look up "${key}"`, error);
      }
    },

    async delete(key): Promise<void> {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (!isMissing(error)) throw unreachable(Bucket, `delete "${key}"`, error);
      }
    },

    async *list(prefix) {
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }));
        } catch (error) {
          throw unreachable(Bucket, `list "${prefix}"`, error);
        }
        for (const item of page.Contents ?? []) if (item.Key) yield { key: item.Key, size: Number(item.Size ?? 0) };
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
