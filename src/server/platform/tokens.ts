import crypto from "node:crypto";

/** A secret for a link (32 random bytes, URL-safe) and the hash that is stored instead. */
export function newSecretToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
