import { env } from "./env";

/** An absolute link into the app, for emails. */
export function appUrl(path: string): string {
  const config = env();
  const base = config.FRONTEND_URL ?? config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  return new URL(path, base.endsWith("/") ? base : `${base}/`).toString();
}
