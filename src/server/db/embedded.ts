import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { APP_ROLE } from "./roles";

export type EmbeddedDatabase = {
  url: string;
  /** From now on every connection is the app role (PGlite is a single session). */
  switchToAppRole(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Postgres in WASM behind a local socket, so the app talks to it through postgres.js
 * exactly as to a real server. One session: clients must use a pool of ONE connection.
 * `dataDir` undefined keeps everything in memory (tests).
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedDatabase> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  // The extensions the migrations create (CRM search and duplicate suggestions).
  const extensions = { btree_gin, pg_trgm };
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir, extensions } : { extensions });
  const server = new PGLiteSocketServer({ db, port: options.port ?? 0, host: "127.0.0.1", maxConnections: 1 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  let closed = false;
  return {
    url,
    async switchToAppRole() {
      await db.exec(`SET ROLE ${APP_ROLE}`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
