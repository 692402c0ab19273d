import { describe, expect, it } from "vitest";
import { parseEnv } from "../platform/env";

describe("file storage settings", () => {
  it("keeps files in Postgres with nothing set, and takes a full S3 configuration", () => {
    expect(parseEnv({}).S3_BUCKET_UPLOADS).toBeUndefined();
    const env = parseEnv({ S3_BUCKET_UPLOADS: "acme-uploads", AWS_REGION: "eu-west-1", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "1" });
    expect(env).toMatchObject({ S3_BUCKET_UPLOADS: "acme-uploads", AWS_REGION: "eu-west-1", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: true });
  });

  it.each([
    [{ S3_BUCKET_UPLOADS: "acme-uploads" }, /AWS_REGION: required with S3_BUCKET_UPLOADS/],
    [{ S3_BUCKET_UPLOADS: "s3://acme-uploads", AWS_REGION: "eu-west-1" }, /S3_BUCKET_UPLOADS: must be an S3 bucket name/],
    [{ S3_BUCKET_UPLOADS: "acme-uploads", AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIA" }, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together/],
    [{ S3_BUCKET_UPLOADS: "acme-uploads", AWS_REGION: "eu-west-1", S3_ENDPOINT: "localhost:9000" }, /S3_ENDPOINT/],
    [{ S3_ENDPOINT: "http://127.0.0.1:9000" }, /S3_BUCKET_UPLOADS is not/],
  ])("refuses %o with a message naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });
});
