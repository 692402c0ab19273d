/**
 * Runs after `npm install` (package.json "postinstall"): fixes a crash of postgres.js 3.4.9
 * when the database goes away under load (issue 17; upstream porsager/postgres#1154 and #1208,
 * fixes proposed in #1168/#1209, not released).
 *
 * The driver batches small writes behind `setImmediate(nextWrite)`. When a connection's socket
 * closes, `closed()` sets `socket = null` but leaves the write timer variable and the buffered
 * bytes in place, and a transaction still holding the connection then sends its ROLLBACK through
 * it: `nextWrite` calls `null.write` from a timer, an uncaught TypeError that ends the whole
 * server process (src/server/api/db-outage.test.ts causes it). Two changes, plain JavaScript:
 *   1. `nextWrite` with no socket rejects what is waiting on the connection with
 *      CONNECTION_CLOSED (the app answers 503) instead of throwing from a timer;
 *   2. `closed()` and `terminate()` also forget the cancelled timer and the buffered bytes, so
 *      the pool's reconnected socket does not inherit a stale timer that would stop it ever
 *      flushing again.
 * Only version 3.4.9 is patched; another version is reported and left alone (the outage test
 * says whether it still needs this). Files are replaced (write + rename), never edited in place,
 * so a node_modules hard-linked from another checkout keeps its own copy.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGE = path.join(ROOT, "node_modules", "postgres");
const VERSION = "3.4.9";
const MARK = "/* neuroops: patched nextWrite (scripts/patch-postgres.mjs) */";

const REPLACEMENTS = [
  {
    from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    to:
      "  function nextWrite(fn) {\n" +
      `    ${MARK}\n` +
      "    if (!socket) {\n" +
      "      chunk = nextWriteTimer = null\n" +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      "      return false\n" +
      "    }\n" +
      "    const x = socket.write(chunk, fn)",
  },
  // terminate() and closed(): both cancel the timer; also forget it and the unsent bytes.
  { from: "    clearImmediate(nextWriteTimer)\n    if (socket) {", to: "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {" },
  {
    from: "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
    to: "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)",
  },
];

function main() {
  const manifest = path.join(PACKAGE, "package.json");
  if (!fs.existsSync(manifest)) return;
  const { version } = JSON.parse(fs.readFileSync(manifest, "utf8"));
  if (version !== VERSION) {
    console.warn(`[patch-postgres] postgres ${version} installed, the patch is for ${VERSION}: not applied (run src/server/api/db-outage.test.ts)`);
    return;
  }
  for (const variant of ["src", "cjs/src", "cf/src"]) {
    const file = path.join(PACKAGE, variant, "connection.js");
    if (!fs.existsSync(file)) continue;
    let text = fs.readFileSync(file, "utf8");
    if (text.includes(MARK)) continue;
    for (const { from, to } of REPLACEMENTS) {
      if (!text.includes(from)) throw new Error(`[patch-postgres] ${file}: expected code not found; the patch no longer fits`);
      text = text.replace(from, to);
    }
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
    console.log(`[patch-postgres] patched ${path.relative(ROOT, file)}`);
  }
}

main();
