import type { Readable } from "node:stream";
import { NotFound } from "../platform/errors";

/** What can be stored: a Node stream, a web stream (a request body) or bytes in memory. */
export type ObjectBody = Readable | ReadableStream<Uint8Array> | Uint8Array;

/** A stored object read back: a stream of its bytes, its content type and size. */
export type StoredObject = { body: Readable; contentType: string; size: number };

export type PutResult = { size: number; sha256: string };
export type ObjectInfo = { key: string; size: number; contentType?: string };

/** A key/value store of file bytes (S3 or S3-compatible). Keys come from ./keys.ts, never from a client. */
export interface ObjectStore {
  /** For messages and logs, e.g. "s3://uploads". */
  readonly name: string;
  /** Streams `body` to `key` (replacing what was there); `size`, when given, is checked. */
  put(key: string, body: ObjectBody, options: { contentType: string; size?: number }): Promise<PutResult>;
  /** The object, or `length` bytes of it from `offset`. StoredObjectMissing if there is none. */
  get(key: string, range?: { offset: number; length: number }): Promise<StoredObject>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Removes the object; no error if it is already gone. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
}

/** A row points at an object that is not in the store (deleted by hand, wrong bucket). */
export class StoredObjectMissing extends NotFound {
  constructor(public readonly key: string) {
    super("This file's contents are missing from file storage. Upload it again, or ask an administrator to check the storage bucket.");
  }
}
