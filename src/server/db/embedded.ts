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
  /** The whole data directory as an uncompressed tarball, for `loadDataDir` (tests copy one migrated database). */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
};

/**
 * Postgres in WASM behind a local socket, so the app talks to it through postgres.js
 * exactly as to a real server. One session: clients must use a pool of ONE connection.
 * `dataDir` undefined keeps everything in memory (tests); `loadDataDir` starts from a tarball
 * of another one's data directory (`dumpDataDir`).
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port?: number; loadDataDir?: Blob } = {}): Promise<EmbeddedDatabase> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  // The extensions the migrations create (CRM search and duplicate suggestions).
  const extensions = { btree_gin, pg_trgm };
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}), extensions });
  const server = new PGLiteSocketServer({ db, port: options.port ?? 0, host: "127.0.0.1", maxConnections: 1 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  let closed = false;
  return {
    url,
    async switchToAppRole() {
      await db.exec(`SET ROLE ${APP_ROLE}`);
    },
    dumpDataDir: () => db.dumpDataDir("none"),
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
