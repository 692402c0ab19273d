/**
 * A TCP proxy in front of Postgres that counts round trips and statements by reading
 * the wire protocol (v3). Only for counting, never on the measured path: it adds a hop.
 *
 * A round trip is a Query, Sync or Flush sent while the connection has nothing outstanding;
 * a Query or Sync ends with the server's ReadyForQuery, a Flush with the end of the Describe
 * it follows (RowDescription or NoData). postgres.js with `prepare: false` sends a statement
 * with parameters as Parse/Describe/Flush, waits for the answer, then Bind/Execute/Sync: two
 * round trips (docs/performance.md, round 3; rounds 1–2 counted only Sync and Query). Statements are Parse ('P') and Query ('Q')
 * messages; their SQL text is kept so the caller can print what one request runs.
 */
import net from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export type ProxyCounts = { roundTrips: number; statements: string[]; connections: number };

export type CountingProxy = {
  port: number;
  reset(): void;
  counts(): ProxyCounts;
  close(): Promise<void>;
};

export async function startCountingProxy(upstreamHost: string, upstreamPort: number): Promise<CountingProxy> {
  let roundTrips = 0;
  let statements: string[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(upstreamPort, upstreamHost);
    sockets.add(client);
    sockets.add(upstream);
    let outstanding = 0; // Syncs/Queries/Flushes sent that have no answer yet
    let flushes = 0; // of them, Flushes (answered by the end of a Describe, not ReadyForQuery)
    let started = false; // the startup exchange (which also ends with ReadyForQuery) is over
    let singleByteReplies = 0; // SSLRequest/GSSENCRequest are answered with one byte
    let front: Buffer = Buffer.alloc(0);
    let frontUntyped = true; // startup-phase messages have no type byte
    let back: Buffer = Buffer.alloc(0);

    client.on("data", (chunk: Buffer) => {
      front = front.length ? Buffer.concat([front, chunk]) : chunk;
      for (;;) {
        if (frontUntyped) {
          if (front.length < 8) break;
          const length = front.readInt32BE(0);
          if (front.length < length) break;
          const code = front.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) singleByteReplies++;
          else frontUntyped = false;
          front = front.subarray(length);
          continue;
        }
        if (front.length < 5) break;
        const type = String.fromCharCode(front[0]!);
        const length = front.readInt32BE(1);
        if (front.length < 1 + length) break;
        const body = front.subarray(5, 1 + length);
        if (started && (type === "Q" || type === "S" || type === "H")) {
          if (outstanding === 0) roundTrips++;
          outstanding++;
          if (type === "H") flushes++;
        }
        if (started && type === "Q") statements.push(cString(body, 0));
        if (started && type === "P") statements.push(cString(body, body.indexOf(0) + 1));
        front = front.subarray(1 + length);
      }
      upstream.write(chunk);
    });

    upstream.on("data", (chunk: Buffer) => {
      back = back.length ? Buffer.concat([back, chunk]) : chunk;
      for (;;) {
        if (singleByteReplies > 0) {
          if (back.length < 1) break;
          singleByteReplies--;
          back = back.subarray(1);
          continue;
        }
        if (back.length < 5) break;
        const type = String.fromCharCode(back[0]!);
        const length = back.readInt32BE(1);
        if (back.length < 1 + length) break;
        if (type === "Z") {
          if (!started) started = true;
          else if (outstanding > 0) outstanding--;
        } else if ((type === "T" || type === "n") && flushes > 0) {
          flushes--;
          if (outstanding > 0) outstanding--;
        }
        back = back.subarray(1 + length);
      }
      client.write(chunk);
    });

    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", closeBoth);
    upstream.on("close", closeBoth);
    client.on("error", closeBoth);
    upstream.on("error", closeBoth);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no TCP address");

  return {
    port: address.port,
    reset() {
      roundTrips = 0;
      statements = [];
      connections = 0;
    },
    counts() {
      return { roundTrips, statements: [...statements], connections };
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function cString(buffer: Buffer, start: number): string {
  const end = buffer.indexOf(0, start);
  return buffer.toString("utf8", start, end < 0 ? buffer.length : end);
}
